using System.Numerics;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16;

namespace ZkChain.Cli.Chain;

internal sealed record RegistrationResult(string CircuitId, string Verifier, bool AlreadyRegistered, bool DevelopmentSetup, ulong GasUsed, string? VerifierTx, string? RegisterTx);

/// <summary>Exports the circuit's Solidity verifier from its verification key, deploys it, and registers it.</summary>
internal static class CircuitRegistration
{
    public const string VerifierContractName = "ZkChainGroth16Verifier";

    public static async Task<RegistrationResult> RegisterAsync(string repo, ChainSession s, TrainingDirectory t, string uri, bool allowDevelopmentSetup,
        Action<string> log, CancellationToken ct)
    {
        var circuitId = t.CircuitId;
        var registry = s.Registry();
        var existing = await TryGetCircuitAsync(registry, circuitId, ct);
        var development = SetupTrust.IsDevelopmentOnly(t);
        if (existing != null)
        {
            return new RegistrationResult(Hex.ToHex(circuitId), existing.Info.Verifier.ToString(), true, existing.Info.DevelopmentSetup, 0, null, null);
        }
        if (development && !s.IsLocalDevnet && !allowDevelopmentSetup)
        {
            throw new CliException(
                $"refusing to register a development-only (single-party) setup on chain {s.ChainId}: whoever made it can forge proofs. " +
                "Run a ceremony (`zkchain ceremony contribute` by independent parties, then `ceremony beacon`) or pass --allow-development-setup");
        }

        var sol = SolidityVerifierExporter.Export(t.VerificationKey, VerifierContractName, development);
        var solPath = t.File("Verifier.sol");
        AtomicFile.WriteAllText(solPath, sol);
        log("  compiling the exported verifier (solc, offline)…");
        var artifact = ContractArtifact.Parse(NodeTools.CompileSolidity(repo, solPath, VerifierContractName));
        log("  deploying the verifier…");
        var account = s.RequireAccount();
        var (verifier, deployTx) = await Groth16VerifierClient.DeployAsync(account, artifact, null, ct);
        var onChainHash = await verifier.VerificationKeyHashAsync(ct);
        if (!onChainHash.AsSpan().SequenceEqual(circuitId))
            throw new CliException($"the deployed verifier reports key hash {Hex.ToHex(onChainHash)}, expected {Hex.ToHex(circuitId)}");

        // A catalog circuit serves many datasets and hyperparameters: its config hash is per attestation (0 here) and
        // nRows is its row capacity. A custom circuit is one training run: its config hash is fixed.
        var shape = t.CatalogShape;
        uint ShapeUInt(System.Text.Json.JsonElement sh, string name) =>
            sh.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number && v.TryGetUInt32(out var u) ? u
                : throw new CliException($"{t.File("config.json")}: circuit.shape.{name} must be a non-negative integer");
        var info = shape is { } sh
            ? new CircuitInfo(verifier.Address, t.ConfigString("family"), ShapeUInt(sh, "nFeatures"),
                ShapeUInt(sh, "nClasses"), ShapeUInt(sh, "maxRows"), BigInteger.Zero, t.R1csHash(), development, uri)
            : new CircuitInfo(verifier.Address, t.ConfigString("family", "modelFamily", "model"),
                t.ConfigUInt("nFeatures", "features", "d"), t.ConfigUInt("nClasses", "classes", "k"), t.ConfigUInt("nRows", "rows", "n"),
                t.ConfigHash, t.R1csHash(), development, uri);
        log("  registering the circuit…");
        var reg = await registry.RegisterCircuitAsync(account, circuitId, info, ct);
        return new RegistrationResult(Hex.ToHex(circuitId), verifier.Address.ToString(), false, development, deployTx.GasUsed + reg.GasUsed, deployTx.TxHash, reg.TxHash);
    }

    public static async Task<CircuitRecord?> TryGetCircuitAsync(AttestationRegistryClient registry, byte[] circuitId, CancellationToken ct)
    {
        try { return await registry.GetCircuitAsync(circuitId, ct); }
        catch (ContractRevertException e) when (e.ErrorName == "UnknownCircuit") { return null; }
    }
}

/// <summary>Whether a training folder's keys come from a setup that one party could have made alone.</summary>
internal static class SetupTrust
{
    /// <summary>
    /// Reads the setup transcripts of a training folder: circuit.zkey, and the powers of tau named in setup.json
    /// ("ptau": path relative to the folder) when present. No zkey to inspect counts as development-only.
    /// </summary>
    public static (bool DevelopmentOnly, string Summary) Assess(TrainingDirectory t)
    {
        var zkey = t.File("circuit.zkey");
        if (!File.Exists(zkey)) return (true, "DEVELOPMENT ONLY: no circuit.zkey to inspect, so nothing shows that more than one party made the setup");
        string? ptau = null;
        var forcedDevelopment = false;
        var setup = t.File("setup.json");
        if (File.Exists(setup))
        {
            var doc = CliRunner.ReadInput(setup, "setup record", s => System.Text.Json.JsonDocument.Parse(s).RootElement.Clone());
            if (doc.TryGetProperty("developmentOnly", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.True) forcedDevelopment = true;
            if (doc.TryGetProperty("ptau", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                var candidate = Path.Combine(t.Path, p.GetString()!);
                if (File.Exists(candidate)) ptau = candidate;
            }
        }
        var report = CliRunner.ReadInput(zkey, "proving key", _ => ZkChain.Groth16.Ceremony.SetupProvenance.AssessFiles(zkey, ptau));
        if (forcedDevelopment && !report.IsDevelopmentOnly)
            return (true, "DEVELOPMENT ONLY: setup.json records this setup as made by one party");
        return (report.IsDevelopmentOnly, report.Summary);
    }

    public static bool IsDevelopmentOnly(TrainingDirectory t) => Assess(t).DevelopmentOnly;
}
