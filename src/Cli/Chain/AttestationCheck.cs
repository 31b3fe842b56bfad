using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.Cli.Infrastructure;

namespace ZkChain.Cli.Chain;

internal sealed record CheckItem(string Name, bool Passed, string Detail);

/// <summary>
/// A third party's re-check of one attestation: the proof verifies off chain from the published files, the files agree
/// with the proof's public inputs, the on-chain record agrees with both, the registered verifier is the one for this key
/// and accepts the proof, and a verdict on whether the setup could have been made by one party alone.
/// </summary>
internal sealed record AttestationReport(string AttestationId, IReadOnlyList<CheckItem> Checks, string TrustVerdict, bool DevelopmentSetup,
    CircuitAuditReport? CircuitAudit = null)
{
    public bool Passed => Checks.All(c => c.Passed);

    public void Print()
    {
        Table.PrintGrid(["check", "result", "detail"], Checks.Select(c => (IReadOnlyList<string>)[c.Name, c.Passed ? "ok" : "FAILED", c.Detail]));
        Console.WriteLine();
        Console.WriteLine(Passed ? $"  attestation {AttestationId}: VALID" : $"  attestation {AttestationId}: NOT VALID");
        Console.WriteLine($"  setup: {TrustVerdict}");
        if (CircuitAudit != null)
        {
            Console.WriteLine();
            Console.WriteLine($"  circuit audit ({CircuitAudit.CircuitId}):");
            CircuitAudit.Print();
        }
    }
}

internal static class AttestationCheck
{
    public static async Task<AttestationReport> RunAsync(ChainSession s, TrainingDirectory t, byte[] id, CancellationToken ct)
    {
        var checks = new List<CheckItem>();
        void Add(string name, bool ok, string detail) => checks.Add(new CheckItem(name, ok, detail));

        // The same checks as `zkchain verify-training`: the proof off chain and every public input against the files.
        // A check that cannot run for a third party (the model opening is the publisher's secret) is shown, not failed.
        List<ZkChain.Training.Pipeline.TrainingFiles.Check> fileChecks;
        try { fileChecks = ZkChain.Training.Pipeline.TrainingFiles.Verify(t.Path); }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException) { throw new CliException(e.Message); }
        foreach (var c in fileChecks)
        {
            checks.Add(new CheckItem(c.Name, c.Ok != false, c.Ok == null ? "skipped: " + c.Detail : c.Detail));
        }

        var registry = s.Registry();
        AttestationRecord? record = null;
        try { record = await registry.GetAttestationAsync(id, ct); }
        catch (ContractRevertException e) when (e.ErrorName == "UnknownAttestation") { }
        Add("attestation is on chain", record != null, record != null ? $"registry {registry.Address}" : $"registry {registry.Address} has no attestation {Hex.ToHex(id)}");
        var development = true;
        if (record != null)
        {
            var expectedId = AttestationRegistryClient.ComputeAttestationId(t.CircuitId, t.ModelCommitment, t.DataCommitment);
            Add("id = keccak(circuit, model, data)", expectedId.AsSpan().SequenceEqual(id), Hex.ToHex(expectedId));
            Add("record: circuit = key hash", record.CircuitId.AsSpan().SequenceEqual(t.CircuitId), Hex.ToHex(record.CircuitId));
            Add("record: model commitment", record.ModelCommitment == t.ModelCommitment, record.ModelCommitment.ToString());
            Add("record: data commitment", record.DataCommitment == t.DataCommitment, record.DataCommitment.ToString());
            Add("record: config hash", record.ConfigHash == t.ConfigHash, record.ConfigHash.ToString());
            Add("record: publisher", record.Publisher == t.Publisher, record.Publisher.ToString());
            Add("not revoked", !record.Revoked, record.Revoked ? "the publisher revoked this attestation" : "active");

            var circuit = await CircuitRegistration.TryGetCircuitAsync(registry, record.CircuitId, ct);
            Add("circuit registered", circuit != null, circuit == null ? "unknown circuit" : circuit.Deprecated ? "registered (deprecated since)" : "registered");
            if (circuit != null)
            {
                development = circuit.Info.DevelopmentSetup;
                var verifier = Groth16VerifierClient.At(s.Rpc, circuit.Info.Verifier);
                var vkHash = await verifier.VerificationKeyHashAsync(ct);
                Add("verifier's key = this key", vkHash.AsSpan().SequenceEqual(t.CircuitId), $"{circuit.Info.Verifier}");
                bool onChain;
                string detail;
                try
                {
                    onChain = await verifier.VerifyProofAsync(t.ProofWords(), t.PublicInputs, ct);
                    detail = onChain ? "verifyProof returned true (eth_call)" : "verifyProof returned false";
                }
                catch (ContractRevertException e)
                {
                    onChain = false;
                    detail = e.Message;
                }
                Add("proof verifies on chain", onChain, detail);
            }
        }
        // The third-party audit of the attestation's circuit, from the folder's public files.
        var audit = await CircuitAudit.RunAsync(s, record?.CircuitId ?? t.CircuitId, AuditInputs(t), lenient: true, null, _ => { }, ct);
        Add("circuit audit", !audit.Mismatch, audit.Verdict.Split(':', 2)[0] + " (see the circuit audit below)");

        var (filesSayDevelopment, summary) = SetupTrust.Assess(t);
        development |= filesSayDevelopment || audit.Outcome == "development";
        var verdict = development
            ? $"DEVELOPMENT ONLY: whoever made this setup could forge this proof, so it proves nothing against them ({summary})"
            : $"{summary}; run `zkchain ceremony verify` to check every contribution cryptographically";
        return new AttestationReport(Hex.ToHex(id), checks, verdict, development, audit);
    }

    /// <summary>config.json, circuit.r1cs and circuit.zkey of the folder, and setup.json's ptau (relative to the folder) when present.</summary>
    private static CircuitAuditInputs AuditInputs(TrainingDirectory t)
    {
        string? Existing(string name) => File.Exists(t.File(name)) ? t.File(name) : null;
        string? ptau = null;
        var setup = t.File("setup.json");
        if (File.Exists(setup))
        {
            var doc = CliRunner.ReadInput(setup, "setup record", st => System.Text.Json.JsonDocument.Parse(st).RootElement.Clone());
            if (doc.ValueKind == System.Text.Json.JsonValueKind.Object && doc.TryGetProperty("ptau", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                var candidate = Path.Combine(t.Path, p.GetString()!);
                if (File.Exists(candidate)) ptau = candidate;
            }
        }
        return new CircuitAuditInputs(Existing("config.json"), Existing("circuit.zkey"), ptau, Existing("circuit.r1cs"));
    }
}
