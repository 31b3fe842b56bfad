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

        var info = new CircuitInfo(verifier.Address, t.ConfigString("family", "modelFamily", "model"),
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
    public static bool IsDevelopmentOnly(TrainingDirectory t)
    {
        var setup = t.File("setup.json");
        if (File.Exists(setup))
        {
            var doc = CliRunner.ReadInput(setup, "setup record", s => System.Text.Json.JsonDocument.Parse(s).RootElement.Clone());
            if (doc.TryGetProperty("developmentOnly", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.True) return true;
        }
        // A zkey with no phase-2 contribution, or none at all to inspect, cannot be trusted beyond development.
        return t.ZkeyIsSingleParty() ?? true;
    }
}
