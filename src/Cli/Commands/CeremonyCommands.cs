using System.CommandLine;
using System.Text;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Cli.Commands;

/// <summary>
/// Trusted-setup ceremony verbs, so that a third party can check a setup:
/// `ceremony init|contribute|beacon|verify` (phase 2, snarkjs-compatible zkeys), `powersoftau inspect`
/// (phase 1: a ptau's transcript and file hash, without loading its points) and `powersoftau verify` (phase 1 checked
/// cryptographically, as `snarkjs powersoftau verify`).
/// </summary>
internal static class CeremonyCommands
{
    private const string DevOnly = "DEVELOPMENT ONLY";

    public static Command Create()
    {
        var cmd = new Command("ceremony", "Phase-2 trusted-setup ceremony: init, contribute, beacon, verify (snarkjs-compatible .zkey)");
        cmd.Subcommands.Add(Init());
        cmd.Subcommands.Add(Contribute());
        cmd.Subcommands.Add(Beacon());
        cmd.Subcommands.Add(Verify());
        return cmd;
    }

    /// <summary>Adds `inspect` and `verify` to the `powersoftau` command among <paramref name="commands"/> (the other phase-1 verbs live in Groth16Commands).</summary>
    public static IEnumerable<Command> WithPowersOfTauInspect(IEnumerable<Command> commands)
    {
        foreach (var c in commands)
        {
            if (c.Name == "powersoftau")
            {
                c.Subcommands.Add(PtauInspect());
                c.Subcommands.Add(PtauVerify());
            }
            yield return c;
        }
    }

    // ---------- init ----------

    private static Command Init()
    {
        var r1cs = new Argument<string>("circuit.r1cs");
        var ptau = new Argument<string>("pot.ptau") { Description = "powers of tau prepared for phase 2" };
        var outZ = new Argument<string>("out.zkey");
        var cmd = new Command("init", "Start a ceremony: the circuit's initial key (= groth16 setup; delta = 1, NOT usable until contributions)");
        cmd.Arguments.Add(r1cs);
        cmd.Arguments.Add(ptau);
        cmd.Arguments.Add(outZ);
        cmd.SetHandler(parse =>
        {
            var cs = ReadR1cs(parse.GetValue(r1cs)!);
            var ptauPath = parse.GetValue(ptau)!;
            var pot = ReadPtau(ptauPath);
            if (!pot.IsPreparedForPhase2) throw new CliException($"powers of tau '{ptauPath}': not prepared for phase 2 (run `zkchain powersoftau prepare phase2` first)");
            ProvingKey pk;
            using (var progress = new ConsoleProgress())
            {
                try { pk = Groth16Setup.Setup(cs, pot, progress); }
                catch (ArgumentException e) { throw new CliException($"powers of tau '{ptauPath}': {e.Message}"); }
            }
            var path = parse.GetValue(outZ)!;
            AtomicFile.Write(path, s => ZkeyFile.Write(pk, s));
            Console.WriteLine($"wrote {path} ({cs.Constraints.Count} constraints, {pk.NPublic} public, domain 2^{pk.DomainLog2})");
            Console.WriteLine(SnarkjsHashFormat.Format(pk.Mpc.CsHash).Insert(0, "Circuit Hash: \n"));
            Console.WriteLine("This key is NOT usable yet: it has no contribution (delta = 1, so anybody can forge proofs with it).");
            Console.WriteLine("Next: independent people run `zkchain ceremony contribute` (or `snarkjs zkey contribute`) in turn, then");
            Console.WriteLine("`zkchain ceremony beacon` closes it and `zkchain ceremony verify` lets anyone check the transcript.");
            foreach (var reason in SetupProvenance.Assess(pk, pot).Reasons.Where(r => r.Contains("powers of tau"))) Console.Error.WriteLine($"warning: {DevOnly}: {reason}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    // ---------- contribute ----------

    private static Command Contribute()
    {
        var inZ = new Argument<string>("in.zkey");
        var outZ = new Argument<string>("out.zkey");
        var name = new Option<string>("--name", "-n") { Description = "who contributes (recorded in the transcript)", Required = true };
        var entropy = new Option<string?>("--entropy", "-e") { Description = "extra entropy text, mixed with 64 bytes from the OS CSPRNG" };
        var cmd = new Command("contribute", "Add your secret contribution to a ceremony key; publish the printed contribution hash");
        cmd.Arguments.Add(inZ);
        cmd.Arguments.Add(outZ);
        cmd.Options.Add(name);
        cmd.Options.Add(entropy);
        cmd.SetHandler(parse =>
        {
            var who = parse.GetValue(name)!;
            if (string.IsNullOrWhiteSpace(who)) throw new CliException("--name: must not be empty");
            var pk = ReadZkey(parse.GetValue(inZ)!);
            var e = parse.GetValue(entropy);
            (ProvingKey Key, byte[] ContributionHash) result;
            using (var progress = new ConsoleProgress()) result = ZkeyContributor.Contribute(pk, who, e == null ? [] : Encoding.UTF8.GetBytes(e), progress);
            var path = parse.GetValue(outZ)!;
            AtomicFile.Write(path, s => ZkeyFile.Write(result.Key, s));
            Console.WriteLine($"wrote {path} (contribution #{result.Key.Mpc.Contributions.Count}, by {who})");
            Console.WriteLine(SnarkjsHashFormat.Format(result.ContributionHash).Insert(0, "Contribution Hash: \n"));
            Console.WriteLine("Publish this hash: anyone can then find it in `zkchain ceremony verify` (or `snarkjs zkey verify`) output.");
            Console.WriteLine("Your secret was used in memory only and is gone; nothing else needs to be kept.");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    // ---------- beacon ----------

    private static Command Beacon()
    {
        var inZ = new Argument<string>("in.zkey");
        var outZ = new Argument<string>("out.zkey");
        var beacon = new Option<string>("--beacon") { Description = "the public beacon value in hex (e.g. a future block hash announced in advance)", Required = true };
        var iters = new Option<int>("--iterations") { Description = "numIterationsExp: the beacon is hashed 2^n times (10..63, as snarkjs)", Required = true };
        var name = new Option<string?>("--name", "-n") { Description = "name recorded in the transcript" };
        var cmd = new Command("beacon", "Close a ceremony with a public random beacon (same result as `snarkjs zkey beacon`)");
        cmd.Arguments.Add(inZ);
        cmd.Arguments.Add(outZ);
        cmd.Options.Add(beacon);
        cmd.Options.Add(iters);
        cmd.Options.Add(name);
        cmd.SetHandler(parse =>
        {
            byte[] hash;
            try
            {
                hash = BeaconRandomness.ParseBeaconHash(parse.GetValue(beacon)!);
                BeaconRandomness.ValidateIterationsExp(parse.GetValue(iters));
            }
            catch (ArgumentException e) { throw new CliException($"--{e.ParamName}: {e.Message}"); }
            var n = parse.GetValue(iters);
            var pk = ReadZkey(parse.GetValue(inZ)!);
            (ProvingKey Key, byte[] ContributionHash) result;
            using (var progress = new ConsoleProgress()) result = ZkeyContributor.Beacon(pk, parse.GetValue(name), hash, n, progress);
            var path = parse.GetValue(outZ)!;
            AtomicFile.Write(path, s => ZkeyFile.Write(result.Key, s));
            Console.WriteLine($"wrote {path} (contribution #{result.Key.Mpc.Contributions.Count}: beacon {SnarkjsHashFormat.Hex(hash)}, 2^{n} iterations)");
            Console.WriteLine(SnarkjsHashFormat.Format(result.ContributionHash).Insert(0, "Contribution Hash: \n"));
            if (result.Key.Mpc.Contributions.All(c => c.Type != 0))
            {
                Console.Error.WriteLine($"warning: {DevOnly}: this key has no independent contribution; a beacon's randomness is public and adds no secret.");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    // ---------- verify ----------

    private sealed record TranscriptEntry(int Index, string? Name, string Type, string ContributionHash, string? BeaconHash, int? NumIterationsExp);
    private sealed record PtauEntry(int Index, string? Name, string Type, string ResponseHash);
    private sealed record VerifyReport(bool Valid, string? Problem, string Verdict, bool DevelopmentOnly, IReadOnlyList<string> Reasons,
        string CircuitHash, IReadOnlyList<TranscriptEntry> Contributions, int PtauPower, IReadOnlyList<PtauEntry> PtauContributions);

    private static Command Verify()
    {
        var r1cs = new Argument<string>("circuit.r1cs");
        var ptau = new Argument<string>("pot.ptau");
        var zk = new Argument<string>("final.zkey");
        var json = new Option<bool>("--json") { Description = "print the report as JSON" };
        var cmd = new Command("verify", "Check every contribution of a key against the circuit and the powers of tau; print the transcript and a verdict (exit 0 valid, 1 invalid)");
        cmd.Arguments.Add(r1cs);
        cmd.Arguments.Add(ptau);
        cmd.Arguments.Add(zk);
        cmd.Options.Add(json);
        cmd.SetHandler(parse =>
        {
            var cs = ReadR1cs(parse.GetValue(r1cs)!);
            var ptauPath = parse.GetValue(ptau)!;
            var pot = ReadPtau(ptauPath);
            if (!pot.IsPreparedForPhase2) throw new CliException($"powers of tau '{ptauPath}': not prepared for phase 2 (use the prepared file the key was made from)");
            var pk = ReadZkey(parse.GetValue(zk)!);
            VerificationResult result;
            using (var progress = new ConsoleProgress(quiet: parse.GetValue(json)))
            {
                try { result = ZkeyContributor.Verify(cs, pot, pk, progress); }
                catch (ArgumentException e) { throw new CliException($"powers of tau '{ptauPath}': {e.Message}"); }
            }
            var prov = SetupProvenance.Assess(pk, pot);
            var transcript = pk.Mpc.Contributions.Select((c, i) => new TranscriptEntry(i + 1, c.Name, c.Type == 1 ? "beacon" : "contribution",
                SnarkjsHashFormat.Hex(ZkeyContributor.ContributionHash(c)), c.BeaconHash == null ? null : SnarkjsHashFormat.Hex(c.BeaconHash),
                c.NumIterationsExp)).ToList();
            var ptauEntries = PtauTranscript(pot);
            var verdict = !result.IsValid ? "INVALID: " + result.Reason
                : prov.ZkeyContributions == 0 ? $"valid, but no independent contribution — {DevOnly}"
                : prov.IsDevelopmentOnly ? $"valid, but {DevOnly}: " + string.Join("; ", prov.Reasons)
                : $"valid: {prov.ZkeyContributions} independent phase-2 contribution(s) on a {prov.PtauContributions}-contribution powers of tau; sound if any one contributor in each phase was honest";
            var report = new VerifyReport(result.IsValid, result.Reason, verdict, prov.IsDevelopmentOnly, prov.Reasons,
                SnarkjsHashFormat.Hex(pk.Mpc.CsHash), transcript, pot.Power, ptauEntries);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonOut.Serialize(report));
            }
            else
            {
                Console.WriteLine(SnarkjsHashFormat.Format(pk.Mpc.CsHash).Insert(0, "Circuit Hash: \n"));
                Console.WriteLine();
                Console.WriteLine($"phase 2 (this key): {transcript.Count} contribution(s)");
                if (transcript.Count > 0)
                {
                    Table.PrintGrid(["#", "name", "type", "contribution hash"],
                        transcript.Select(t => (IReadOnlyList<string>)[t.Index.ToString(), t.Name ?? "", t.Type, t.ContributionHash]));
                    foreach (var t in transcript.Where(t => t.BeaconHash != null)) Console.WriteLine($"  #{t.Index} beacon {t.BeaconHash}, 2^{t.NumIterationsExp} iterations");
                }
                Console.WriteLine();
                Console.WriteLine($"phase 1 (powers of tau, power {pot.Power}): {ptauEntries.Count} contribution(s)");
                if (ptauEntries.Count > 0)
                {
                    Table.PrintGrid(["#", "name", "type", "response hash"],
                        ptauEntries.Select(t => (IReadOnlyList<string>)[t.Index.ToString(), t.Name ?? "", t.Type, t.ResponseHash]));
                }
                Console.WriteLine();
                if (prov.IsDevelopmentOnly) foreach (var r in prov.Reasons) Console.WriteLine($"  - {r}");
                Console.WriteLine("verdict: " + verdict);
            }
            if (!result.IsValid)
            {
                Console.Error.WriteLine("zkey invalid: " + result.Reason);
                return ExitCodes.CheckFailed;
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<PtauEntry> PtauTranscript(PowersOfTauData pot) => pot.Contributions.Select((c, i) =>
        new PtauEntry(i + 1, c.Name, c.Type == 1 ? "beacon" : "contribution", SnarkjsHashFormat.Hex(PtauInspector.ResponseHash(c)))).ToList();

    // ---------- powersoftau inspect ----------

    private sealed record PtauReport(string File, long Bytes, int Power, int CeremonyPower, bool PreparedForPhase2, string Blake2b512,
        IReadOnlyList<PtauInspectEntry> Contributions, bool DevelopmentOnly, IReadOnlyList<string> Reasons, string Note);
    private sealed record PtauInspectEntry(int Index, string? Name, string Type, string ResponseHash, string NextChallenge, string? BeaconHash, int? NumIterationsExp);

    private static Command PtauInspect()
    {
        var ptau = new Argument<string>("pot.ptau") { Description = "a snarkjs/Hermez .ptau (prepared or not)" };
        var json = new Option<bool>("--json") { Description = "print the report as JSON" };
        var cmd = new Command("inspect", "Show a .ptau's power, contribution transcript (names, response hashes) and file Blake2b-512; flags single-party files");
        cmd.Arguments.Add(ptau);
        cmd.Options.Add(json);
        cmd.SetHandler(parse =>
        {
            var path = parse.GetValue(ptau)!;
            PtauInspection i;
            using (var progress = new ConsoleProgress(quiet: parse.GetValue(json))) i = CliRunner.ReadInput(path, "powers of tau", s => PtauInspector.Inspect(s, progress));
            var reasons = SetupProvenance.PtauReasons(i);
            const string note = "inspection only: the points and proofs of knowledge are not checked here (`zkchain powersoftau verify` or `snarkjs powersoftau verify` checks them; `zkchain ceremony verify` checks a zkey against this file)";
            var report = new PtauReport(path, i.FileBytes, i.Power, i.CeremonyPower, i.PreparedForPhase2, SnarkjsHashFormat.Hex(i.FileBlake2b512),
                i.Contributions.Select(c => new PtauInspectEntry(c.Index, c.Name, c.Type == 1 ? "beacon" : "contribution", SnarkjsHashFormat.Hex(c.ResponseHash),
                    SnarkjsHashFormat.Hex(c.NextChallenge), c.BeaconHash == null ? null : SnarkjsHashFormat.Hex(c.BeaconHash), c.NumIterationsExp)).ToList(),
                reasons.Count > 0, reasons, note);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonOut.Serialize(report));
                return ExitCodes.Ok;
            }
            Table.Print(
                ("file", path),
                ("size", $"{i.FileBytes:N0} bytes"),
                ("power", i.Power == i.CeremonyPower ? i.Power.ToString() : $"{i.Power} (ceremony power {i.CeremonyPower})"),
                ("prepared for phase 2", i.PreparedForPhase2 ? "yes" : "no (run `zkchain powersoftau prepare phase2`)"),
                ("contributions", i.Contributions.Count.ToString()));
            Console.WriteLine(SnarkjsHashFormat.Format(i.FileBlake2b512).Insert(0, "Blake2b-512 of the file: \n"));
            if (i.Contributions.Count > 0)
            {
                Table.PrintGrid(["#", "name", "type", "response hash"],
                    report.Contributions.Select(c => (IReadOnlyList<string>)[c.Index.ToString(), c.Name ?? "", c.Type, c.ResponseHash]));
            }
            Console.WriteLine(reasons.Count > 0 ? $"verdict: {DevOnly}: " + string.Join("; ", reasons) : $"verdict: {i.IndependentContributions} independent contributions recorded");
            Console.WriteLine("note: " + note);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    // ---------- powersoftau verify ----------

    private sealed record PtauVerifyEntry(int Index, string? Name, string Type, string ResponseHash, string NextChallenge, string? BeaconHash, int? NumIterationsExp);
    private sealed record PtauVerifyReport(string File, bool Valid, string? Problem, int Power, int CeremonyPower, bool PreparedForPhase2, string Blake2b512,
        IReadOnlyList<PtauVerifyEntry> Contributions, IReadOnlyList<string> Notes, bool DevelopmentOnly, IReadOnlyList<string> Reasons, string Verdict);

    private static Command PtauVerify()
    {
        var ptau = new Argument<string>("pot.ptau") { Description = "a snarkjs/Hermez .ptau (prepared or not)" };
        var json = new Option<bool>("--json") { Description = "print the report as JSON" };
        var cmd = new Command("verify",
            "Check a .ptau cryptographically (as `snarkjs powersoftau verify`): every contribution's proofs of knowledge and chain, the points, " +
            "the powers and the phase-2 sections; print the transcript (exit 0 valid, 1 invalid, 2 malformed file)");
        cmd.Arguments.Add(ptau);
        cmd.Options.Add(json);
        cmd.SetHandler(parse =>
        {
            var path = parse.GetValue(ptau)!;
            var quiet = parse.GetValue(json);
            PtauInspection inspection;
            PtauVerification v;
            using (var progress = new ConsoleProgress(quiet: quiet))
            {
                inspection = CliRunner.ReadInput(path, "powers of tau", s => PtauInspector.Inspect(s, progress));
                var pot = ReadPtau(path);
                v = PowersOfTauVerifier.Verify(pot, progress);
            }
            var reasons = SetupProvenance.PtauReasons(inspection);
            var verdict = !v.IsConsistent ? "INVALID: " + v.Problem
                : !v.IsValid ? "INVALID: the file records no contribution, so it cannot be used for anything real (its points are consistent)"
                : reasons.Count > 0 ? $"valid, but {DevOnly}: " + string.Join("; ", reasons)
                : $"valid: {v.IndependentContributions} independent contribution(s) verified; sound if any one contributor kept their secret";
            var report = new PtauVerifyReport(path, v.IsValid, v.IsValid ? null : v.Problem ?? "no contribution", v.Power, v.CeremonyPower, v.PreparedForPhase2,
                SnarkjsHashFormat.Hex(inspection.FileBlake2b512),
                v.Contributions.Select(c => new PtauVerifyEntry(c.Index, c.Name, c.Type == 1 ? "beacon" : "contribution", SnarkjsHashFormat.Hex(c.ResponseHash),
                    SnarkjsHashFormat.Hex(c.NextChallenge), c.BeaconHash == null ? null : SnarkjsHashFormat.Hex(c.BeaconHash), c.NumIterationsExp)).ToList(),
                v.Notes, reasons.Count > 0, reasons, verdict);
            if (quiet)
            {
                Console.WriteLine(JsonOut.Serialize(report));
            }
            else
            {
                Table.Print(
                    ("file", path),
                    ("power", v.Power == v.CeremonyPower ? v.Power.ToString() : $"{v.Power} (ceremony power {v.CeremonyPower})"),
                    ("prepared for phase 2", v.PreparedForPhase2 ? "yes (Lagrange sections checked)" : "no"),
                    ("contributions", v.Contributions.Count.ToString()));
                Console.WriteLine(SnarkjsHashFormat.Format(inspection.FileBlake2b512).Insert(0, "Blake2b-512 of the file: \n"));
                foreach (var c in report.Contributions)
                {
                    Console.WriteLine($"contribution #{c.Index}: {c.Name ?? ""} ({c.Type})");
                    Console.WriteLine("  response hash:  " + c.ResponseHash);
                    Console.WriteLine("  next challenge: " + c.NextChallenge);
                    if (c.BeaconHash != null) Console.WriteLine($"  beacon {c.BeaconHash}, 2^{c.NumIterationsExp} iterations");
                }
                foreach (var n in v.Notes) Console.WriteLine("note: " + n);
                Console.WriteLine("verdict: " + verdict);
            }
            if (!v.IsValid)
            {
                Console.Error.WriteLine($"powers of tau '{path}' invalid: " + (v.Problem ?? "it records no contribution"));
                return ExitCodes.CheckFailed;
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    // ---------- helpers ----------

    private static PowersOfTauData ReadPtau(string path) => CliRunner.ReadInput(path, "powers of tau", PtauFile.Read);
    private static ProvingKey ReadZkey(string path) => CliRunner.ReadInput(path, "zkey", ZkeyFile.Read);
    private static ConstraintSystem ReadR1cs(string path) => CliRunner.ReadInput(path, "circuit", R1csFile.Read);
}
