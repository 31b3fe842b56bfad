using System.Text.Json;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.Training.Pipeline;

namespace ZkChain.Cli.Chain;

/// <summary>Row results of an audit. Only "ok" and "info" rows let a verdict be TRUSTED SETUP.</summary>
internal static class AuditStatus
{
    public const string Ok = "ok";
    public const string Info = "info";
    public const string Mismatch = "MISMATCH";
    public const string NotChecked = "not checked";
    public const string Development = "DEVELOPMENT ONLY";
}

internal sealed record AuditRow(string Step, string Status, string Detail);

internal sealed record AuditContribution(int Index, string? Name, string Type, string Hash);

/// <summary>Phase 1 as read from the ptau: its Blake2b-512 (what the community publishes), power and transcript.</summary>
internal sealed record AuditPowersOfTau(string File, string Blake2b512, int Power, int IndependentContributions,
    IReadOnlyList<AuditContribution> Contributions, bool DevelopmentOnly, IReadOnlyList<string> Reasons);

/// <summary>The files a third party holds: each is optional, and whatever is missing is reported as not checked.</summary>
internal sealed record CircuitAuditInputs(string? Config, string? Zkey, string? Ptau, string? R1cs);

/// <param name="Outcome">"trusted", "development", "mismatch" or "unverified" (some needed check could not run).</param>
internal sealed record CircuitAuditReport(
    string CircuitId, string Outcome, string Verdict, IReadOnlyList<AuditRow> Rows,
    string? Verifier, bool? RegisteredDevelopmentSetup,
    IReadOnlyList<AuditContribution>? Phase2Contributions, AuditPowersOfTau? PowersOfTau)
{
    public bool Mismatch => Outcome == "mismatch";

    public void Print()
    {
        Table.PrintGrid(["step", "result", "detail"], Rows.Select(r => (IReadOnlyList<string>)[r.Step, r.Status, r.Detail]));
        if (Phase2Contributions is { Count: > 0 } p2)
        {
            Console.WriteLine();
            Console.WriteLine($"  phase 2 (the zkey's ceremony): {p2.Count} contribution(s)");
            Table.PrintGrid(["#", "name", "type", "contribution hash"], p2.Select(c => (IReadOnlyList<string>)[c.Index.ToString(), c.Name ?? "", c.Type, c.Hash]));
        }
        if (PowersOfTau is { } p1)
        {
            Console.WriteLine();
            Console.WriteLine($"  phase 1 (powers of tau 2^{p1.Power}, {p1.File}): {p1.IndependentContributions} independent contribution(s); Blake2b-512 {p1.Blake2b512}");
            if (p1.Contributions.Count > 0)
                Table.PrintGrid(["#", "name", "type", "response hash"], p1.Contributions.Select(c => (IReadOnlyList<string>)[c.Index.ToString(), c.Name ?? "", c.Type, c.Hash]));
        }
        Console.WriteLine();
        Console.WriteLine($"VERDICT: {Verdict}");
    }
}

/// <summary>
/// `zkchain circuit audit`: what a third party checks before trusting a registered circuit. The registry's record; the
/// circuit rebuilt from its training config against the registered r1cs hash and config hash; the zkey against the
/// circuit id, the verifier's deployed code (recompiled from the zkey with the offline solc, so a look-alike contract
/// that accepts anything is caught) and the circuit's coefficients; and the ceremony transcript against r1cs + ptau.
/// </summary>
internal static class CircuitAudit
{
    /// <param name="lenient">True inside `check`: a config or r1cs that cannot be read becomes a not-checked row instead of a bad-input error.</param>
    public static async Task<CircuitAuditReport> RunAsync(ChainSession s, byte[] circuitId, CircuitAuditInputs inputs, bool lenient,
        IProgress<(string Stage, double Fraction)>? progress, Action<string> log, CancellationToken ct)
    {
        var rows = new List<AuditRow>();
        void Row(string step, string status, string detail) => rows.Add(new AuditRow(step, status, detail));
        var idHex = Hex.ToHex(circuitId);

        // 1. The registry's record.
        var registry = s.Registry();
        var record = await CircuitRegistration.TryGetCircuitAsync(registry, circuitId, ct);
        if (record == null)
        {
            Row("registered circuit", AuditStatus.Mismatch, $"registry {registry.Address} has no circuit {idHex}");
            return Finish(idHex, rows, null, null, null, null);
        }
        var info = record.Info;
        Row("registered circuit", AuditStatus.Ok,
            $"verifier {info.Verifier}; {info.ModelFamily}, {info.NFeatures} features, {info.NClasses} classes, {info.NRows} rows; " +
            $"registered {DateTimeOffset.FromUnixTimeSeconds((long)record.RegisteredAt):u}; uri '{info.Uri}'");
        Row("deprecated", AuditStatus.Info, record.Deprecated ? "yes: the registry accepts no new attestations for it" : "no");
        Row("registered setup", info.DevelopmentSetup ? AuditStatus.Development : AuditStatus.Ok, info.DevelopmentSetup
            ? "the registry marks this circuit's setup as single-party (development only)"
            : "the registry records a multi-party setup (checked against the zkey's transcript below)");
        try
        {
            var reported = await Groth16VerifierClient.At(s.Rpc, info.Verifier).VerificationKeyHashAsync(ct);
            var same = reported.AsSpan().SequenceEqual(circuitId);
            Row("verifier reports the circuit id", same ? AuditStatus.Ok : AuditStatus.Mismatch,
                same ? "verificationKeyHash() = circuit id" : $"verificationKeyHash() = {Hex.ToHex(reported)}");
        }
        catch (ContractRevertException e)
        {
            Row("verifier reports the circuit id", AuditStatus.Mismatch, $"verificationKeyHash() reverted: {e.Message}");
        }

        // 2. The circuit: rebuilt from its config, or read from an r1cs file.
        ConstraintSystem? cs = null;
        ReproducibleCircuitBuild? build = null;
        var registeredR1cs = info.R1csHash;
        var registryHasR1cs = registeredR1cs.Any(b => b != 0);
        if (inputs.Config != null)
        {
            log("  rebuilding the circuit from the config…");
            try { build = ReproducibleCircuit.BuildFromFile(inputs.Config, progress); }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
            {
                if (!lenient) throw new CliException($"--config: {e.Message}");
                Row("circuit rebuilt from config", AuditStatus.NotChecked, $"cannot rebuild: {e.Message}");
            }
        }
        if (build != null)
        {
            cs = build.Circuit.System;
            var stats = $"{build.Constraints:N0} constraints, {build.Wires:N0} wires";
            if (!registryHasR1cs)
                Row("circuit rebuilt from config", AuditStatus.NotChecked, $"the registry records no r1cs hash to compare with (rebuilt: {build.R1csKeccak256Hex}, {stats})");
            else if (build.R1csKeccak256.AsSpan().SequenceEqual(registeredR1cs))
                Row("circuit rebuilt from config", AuditStatus.Ok, $"keccak256 {build.R1csKeccak256Hex} = registered r1cs hash ({stats})");
            else
                Row("circuit rebuilt from config", AuditStatus.Mismatch, $"rebuilt keccak256 {build.R1csKeccak256Hex}, registered {Hex.ToHex(registeredR1cs)}: the registered circuit is not this config's training circuit");

            var configHash = build.ConfigHash.ToBigInteger();
            if (info.ConfigHash.IsZero)
                Row("config hash", AuditStatus.Info, $"registered as 0: the config hash is a public input of each attestation (this config: {configHash})");
            else if (info.ConfigHash == configHash)
                Row("config hash", AuditStatus.Ok, $"{configHash} = registered");
            else
                Row("config hash", AuditStatus.Mismatch, $"config {configHash}, registered {info.ConfigHash}");

            if (build.Spec is { } spec)
            {
                var family = ZkChain.Training.Training.TrainingSpec.FamilyName(spec.Family);
                var same = info.ModelFamily == family && info.NFeatures == spec.D && info.NClasses == spec.Classes && info.NRows == spec.NRows;
                Row("registered shape", same ? AuditStatus.Ok : AuditStatus.Mismatch,
                    $"config: {family}, {spec.D} features, {spec.Classes} classes, {spec.NRows} rows" + (same ? " = registered" : "; the registry says otherwise"));
            }
        }
        if (inputs.R1cs != null)
        {
            byte[]? bytes = null;
            try { bytes = File.ReadAllBytes(inputs.R1cs); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!lenient) throw new CliException($"--r1cs '{inputs.R1cs}': {e.Message}");
                Row("r1cs file", AuditStatus.NotChecked, $"cannot read {inputs.R1cs}: {e.Message}");
            }
            if (bytes != null)
            {
                var hash = ReproducibleCircuit.Keccak256(bytes);
                if (build != null)
                {
                    var same = bytes.AsSpan().SequenceEqual(build.R1cs);
                    Row("r1cs file = rebuilt circuit", same ? AuditStatus.Ok : AuditStatus.Mismatch,
                        same ? $"{inputs.R1cs} is byte-identical to the rebuilt circuit" : $"{inputs.R1cs} (keccak256 {Hex.ToHex(hash)}) differs from the circuit rebuilt from the config");
                }
                else
                {
                    var same = registryHasR1cs && hash.AsSpan().SequenceEqual(registeredR1cs);
                    Row("r1cs file hash", !registryHasR1cs ? AuditStatus.NotChecked : same ? AuditStatus.Ok : AuditStatus.Mismatch,
                        !registryHasR1cs ? "the registry records no r1cs hash to compare with"
                        : same ? $"keccak256 {Hex.ToHex(hash)} = registered (whether this r1cs is the stated training algorithm needs --config)"
                        : $"keccak256 {Hex.ToHex(hash)}, registered {Hex.ToHex(registeredR1cs)}");
                    if (same)
                    {
                        try { cs = R1csFile.Read(new MemoryStream(bytes)); }
                        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException)
                        {
                            if (!lenient) throw new CliException($"--r1cs '{inputs.R1cs}': {e.Message}");
                            Row("r1cs file", AuditStatus.NotChecked, $"cannot parse {inputs.R1cs}: {e.Message}");
                        }
                    }
                }
            }
        }
        if (inputs.Config == null)
            Row("circuit rebuilt from config", AuditStatus.NotChecked, "give --config (the training config.json) to show the registered circuit is the stated training algorithm");

        // 3. The zkey: its key is the registered one, the deployed verifier is its exported verifier, its coefficients are the circuit's.
        if (inputs.Zkey == null)
        {
            Row("zkey", AuditStatus.NotChecked, "give --zkey (the final .zkey) to check the verifier's code, the coefficients and the ceremony");
            return Finish(idHex, rows, info, null, null, null);
        }
        var pk = CliRunner.ReadInput(inputs.Zkey, "zkey", ZkeyFile.Read);
        var vkHash = pk.VerificationKey.Hash();
        var vkOk = vkHash.AsSpan().SequenceEqual(circuitId);
        Row("zkey key hash = circuit id", vkOk ? AuditStatus.Ok : AuditStatus.Mismatch,
            vkOk ? "keccak256 of the zkey's verification key = circuit id" : $"the zkey's verification key hashes to {Hex.ToHex(vkHash)}, not the circuit id");

        log("  compiling the zkey's verifier (solc, offline) and reading the deployed code…");
        rows.Add(await CompareVerifierCodeAsync(s, info, pk.VerificationKey, ct));

        if (cs != null)
        {
            var problem = ZkeyCircuitMatch.Mismatch(cs, pk);
            Row("zkey coefficients = circuit", problem == null ? AuditStatus.Ok : AuditStatus.Mismatch,
                problem ?? $"header (wires, public inputs, domain 2^{pk.DomainLog2}) and every A/B coefficient match the circuit (C is covered by the ceremony check)");
        }
        else
        {
            Row("zkey coefficients = circuit", AuditStatus.NotChecked, "needs the circuit (--config or --r1cs)");
        }

        // 4. The ceremony: every contribution checked against circuit + ptau; the transcripts of both phases.
        var phase2 = pk.Mpc.Contributions.Select((c, i) => new AuditContribution(i + 1, c.Name, c.Type == 1 ? "beacon" : "contribution",
            SnarkjsHashFormat.Hex(ZkeyContributor.ContributionHash(c)))).ToList();
        AuditPowersOfTau? phase1 = null;
        var zkeyOnly = SetupProvenance.Assess(pk); // the zkey alone: phase-2 reasons only
        var provenance = zkeyOnly;
        if (inputs.Ptau != null)
        {
            // The inspection streams the file (hash, header, transcript); the points are then loaded once, for the
            // phase-1 verification and the ceremony check.
            var inspection = CliRunner.ReadInput(inputs.Ptau, "powers of tau", st => PtauInspector.Inspect(st));
            if (!inspection.PreparedForPhase2) throw new CliException($"--ptau '{inputs.Ptau}': not prepared for phase 2 (give the prepared file the key was made from)");
            var pot = CliRunner.ReadInput(inputs.Ptau, "powers of tau", PtauFile.Read);
            log("  verifying the powers of tau (every phase-1 contribution, the points, the powers, the phase-2 sections)…");
            var ptauCheck = PowersOfTauVerifier.Verify(pot, progress);
            Row("powers of tau verification", ptauCheck.IsConsistent ? AuditStatus.Ok : AuditStatus.Mismatch, ptauCheck.IsConsistent
                ? (ptauCheck.Contributions.Count > 0
                    ? $"each of its {ptauCheck.Contributions.Count} contribution(s) checks, the points are the last contribution's and consistent powers of tau, and the phase-2 sections match them"
                    : "the points are consistent powers of tau, but no contribution is recorded (see phase 1)")
                : "INVALID: " + ptauCheck.Problem);
            if (cs != null)
            {
                log("  verifying the ceremony transcript against the circuit and the powers of tau…");
                VerificationResult result;
                try { result = ZkeyContributor.Verify(cs, pot, pk, progress); }
                catch (ArgumentException e) { throw new CliException($"--ptau '{inputs.Ptau}': {e.Message}"); }
                Row("ceremony transcript", result.IsValid ? AuditStatus.Ok : AuditStatus.Mismatch, result.IsValid
                    ? $"the zkey is this circuit's setup on this powers of tau, and each of its {pk.Mpc.Contributions.Count} contribution(s) checks"
                    : "INVALID: " + result.Reason);
            }
            else
            {
                Row("ceremony transcript", AuditStatus.NotChecked, "needs the circuit (--config or --r1cs) next to --zkey and --ptau");
            }
            // Phase 1 counts only when the file verifies: a transcript that does not check says nothing about who chose tau.
            var ptauReasons = ptauCheck.IsConsistent ? SetupProvenance.PtauReasons(inspection) : ["the powers of tau does not verify: " + ptauCheck.Problem];
            phase1 = new AuditPowersOfTau(inputs.Ptau, SnarkjsHashFormat.Hex(inspection.FileBlake2b512), inspection.Power, inspection.IndependentContributions,
                inspection.Contributions.Select(c => new AuditContribution(c.Index, c.Name, c.Type == 1 ? "beacon" : "contribution", SnarkjsHashFormat.Hex(c.ResponseHash))).ToList(),
                ptauReasons.Count > 0, ptauReasons);
            Row("phase 1 (powers of tau)", !ptauCheck.IsConsistent ? AuditStatus.Mismatch : ptauReasons.Count > 0 ? AuditStatus.Development : AuditStatus.Ok,
                (!ptauCheck.IsConsistent ? "the file does not verify, so its transcript shows nothing about who chose tau"
                    : ptauReasons.Count > 0 ? string.Join("; ", ptauReasons) : $"{inspection.IndependentContributions} independent contributions, verified")
                + $"; 2^{inspection.Power}, Blake2b-512 {SnarkjsHashFormat.Hex(inspection.FileBlake2b512)[..16]}…");
            provenance = SetupProvenance.Assess(pk, inspection);
        }
        else
        {
            Row("ceremony transcript", AuditStatus.NotChecked, "give --ptau (the prepared powers of tau the key was made from) to check every contribution");
            Row("phase 1 (powers of tau)", AuditStatus.NotChecked, "give --ptau to verify the powers of tau and see who made it");
        }
        var phase2Reasons = zkeyOnly.Reasons;
        Row("phase 2 (zkey contributions)", phase2Reasons.Count > 0 ? AuditStatus.Development : AuditStatus.Ok,
            (phase2Reasons.Count > 0 ? string.Join("; ", phase2Reasons) : $"{provenance.ZkeyContributions} independent contribution(s)")
            + (provenance.ZkeyBeacons > 0 ? $" + {provenance.ZkeyBeacons} beacon(s)" : ""));
        if (!info.DevelopmentSetup && provenance.IsDevelopmentOnly)
            Row("registered setup = transcript", AuditStatus.Mismatch, "the registry records a multi-party setup, but the transcript shows a single-party one");
        return Finish(idHex, rows, info, phase2, phase1, provenance);
    }

    /// <summary>
    /// eth_getCode(verifier) against the runtime code of the zkey's exported verifier, compiled the way `circuit register`
    /// compiles it (same exporter, contract name, source file name and solc settings: solc's metadata hash covers them).
    /// </summary>
    private static async Task<AuditRow> CompareVerifierCodeAsync(ChainSession s, CircuitInfo info, VerificationKey vk, CancellationToken ct)
    {
        const string step = "verifier code = zkey's verifier";
        var deployed = await s.Rpc.GetCodeAsync(info.Verifier, ct: ct);
        if (deployed.Length == 0) return new AuditRow(step, AuditStatus.Mismatch, $"no contract code at {info.Verifier}");
        var repo = RepoLocator.TryFind();
        if (repo == null) return new AuditRow(step, AuditStatus.NotChecked, "the ZkChain checkout (offline solc) was not found; set ZKCHAIN_HOME");
        // The export carries a development-only comment when the setup was single-party; the registry's flag says which
        // was used, the other is tried too so that a flag/comment disagreement is reported rather than hidden.
        string? solc = null;
        foreach (var singleParty in new[] { info.DevelopmentSetup, !info.DevelopmentSetup })
        {
            byte[] runtime;
            try { (runtime, solc) = CompileRuntime(repo, vk, singleParty); }
            catch (CliException e) { return new AuditRow(step, AuditStatus.NotChecked, "could not compile the zkey's verifier with Node/solc: " + FirstLine(e.Message)); }
            if (runtime.AsSpan().SequenceEqual(deployed))
            {
                var note = singleParty == info.DevelopmentSetup ? "" : $" (exported with the {(singleParty ? "development-only" : "multi-party")} comment, which the registry's flag does not say)";
                return new AuditRow(step, AuditStatus.Ok, $"eth_getCode = runtime code compiled from the zkey's key ({deployed.Length:N0} bytes, solc {solc}){note}");
            }
        }
        return new AuditRow(step, AuditStatus.Mismatch,
            $"the code at {info.Verifier} ({deployed.Length:N0} bytes) is not the verifier exported from this zkey (solc {solc}): it may accept proofs this key would reject");
    }

    private static (byte[] Runtime, string Solc) CompileRuntime(string repo, VerificationKey vk, bool singleParty)
    {
        var sol = SolidityVerifierExporter.Export(vk, CircuitRegistration.VerifierContractName, singleParty);
        var dir = Directory.CreateTempSubdirectory("zkchain-audit-");
        try
        {
            var path = Path.Combine(dir.FullName, "Verifier.sol");
            AtomicFile.WriteAllText(path, sol);
            var json = NodeTools.CompileSolidity(repo, path, CircuitRegistration.VerifierContractName);
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("deployedBytecode", out var code) || code.ValueKind != JsonValueKind.String)
                throw new CliException("scripts/solc-compile.js did not print the runtime code (deployedBytecode)");
            var solc = doc.RootElement.TryGetProperty("solc", out var v) ? v.GetString() ?? "?" : "?";
            return (Hex.Parse(code.GetString()!), solc);
        }
        catch (JsonException e) { throw new CliException($"scripts/solc-compile.js printed no JSON: {e.Message}"); }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static CircuitAuditReport Finish(string idHex, List<AuditRow> rows, CircuitInfo? info, IReadOnlyList<AuditContribution>? phase2,
        AuditPowersOfTau? phase1, SetupProvenanceReport? provenance)
    {
        string Steps(string status) => string.Join(", ", rows.Where(r => r.Status == status).Select(r => r.Step));
        var mismatches = rows.Where(r => r.Status == AuditStatus.Mismatch).ToList();
        var notChecked = Steps(AuditStatus.NotChecked);
        var development = rows.Any(r => r.Status == AuditStatus.Development);
        bool IsOk(string step) => rows.Any(r => r.Step == step && r.Status == AuditStatus.Ok);
        var good = new List<string>();
        if (IsOk("circuit rebuilt from config")) good.Add("circuit rebuilt from config matches");
        if (IsOk("verifier code = zkey's verifier")) good.Add("verifier code matches the zkey");
        if (IsOk("ceremony transcript")) good.Add("every ceremony contribution checks");
        if (IsOk("powers of tau verification")) good.Add("the powers of tau verifies");
        var goodText = good.Count > 0 ? string.Join("; ", good) : "";
        string outcome, verdict;
        if (mismatches.Count > 0)
        {
            outcome = "mismatch";
            verdict = "MISMATCH: " + string.Join("; ", mismatches.Select(r => $"{r.Step} ({r.Detail})"));
        }
        else if (development)
        {
            outcome = "development";
            var reasons = rows.Where(r => r.Status == AuditStatus.Development).Select(r => r.Detail);
            verdict = "DEVELOPMENT ONLY: " + string.Join("; ", reasons) + " — whoever made this setup can forge proofs for this circuit"
                + (goodText.Length > 0 ? $". Checked: {goodText}" : "") + (notChecked.Length > 0 ? $". Not checked: {notChecked}" : "");
        }
        else if (notChecked.Length > 0)
        {
            outcome = "unverified";
            verdict = $"NOT VERIFIED: not checked: {notChecked}" + (goodText.Length > 0 ? $". Checked: {goodText}" : "");
        }
        else
        {
            outcome = "trusted";
            var p2 = provenance!;
            var beacon = p2.ZkeyBeacons > 0 ? " + beacon" : "";
            verdict = $"TRUSTED SETUP: {goodText}; {p2.ZkeyContributions} independent contribution(s){beacon} over a {phase1!.IndependentContributions}-party powers of tau" +
                " (sound if at least one contributor in each phase kept their secret)";
        }
        return new CircuitAuditReport(idHex, outcome, verdict, rows, info?.Verifier.ToString(), info?.DevelopmentSetup, phase2, phase1);
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}
