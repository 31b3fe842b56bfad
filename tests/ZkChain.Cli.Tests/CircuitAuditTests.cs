using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkChain.Algebra;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.ChainClient.Signing;
using ZkChain.TestSupport;
using ZkChain.Training.Commitment;

namespace ZkChain.Cli.Tests;

/// <summary>
/// One chain flow shared by the audit tests: a Hardhat node on a free port, a tiny trained model (8 rows × 2 features,
/// 1 epoch, single-party development setup), `chain deploy`, `circuit register`, `attest`.
/// </summary>
public sealed class AuditChainFixture : IDisposable
{
    public HardhatNode Node { get; } = new();
    public TempDirectory Dir { get; } = new("zkchain-audit");
    public string Run => Dir.File("run");
    public string Registry { get; }
    public string CircuitId { get; }
    public string AttestationId { get; }

    public AuditChainFixture()
    {
        try
        {
            File.WriteAllText(Dir.File("tiny.csv"), """
                f0,f1,label
                -0.572,1.177,0
                0.22,1.416,0
                1.754,-0.738,1
                -1.921,2.35,0
                -0.444,-0.063,0
                3.974,0.881,1
                3.019,0.905,1
                1.834,-0.398,1
                """);
            ZkchainProcess.Run(["train", Dir.File("tiny.csv"), "--target", "label", "--model", "logistic", "--epochs", "1", "--batch", "3", "--lr", "0.5",
                "--circuit", "custom", "--publisher", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "--out", Run, "--json"]).EnsureSuccess("train");
            Registry = Json(Cli("chain", "deploy", "--out", Dir.File("deployments.json"))).GetProperty("registry").GetString()!;
            CircuitId = Json(Cli("circuit", "register", Run)).GetProperty("circuitId").GetString()!;
            AttestationId = Json(Cli("attest", Run)).GetProperty("attestationId").GetString()!;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>A chain verb against this node and registry, with --json.</summary>
    public string Cli(params string[] args) => Chain(args).EnsureSuccess(string.Join(' ', args)).StdOut;

    public ProcessResult Chain(params string[] args) =>
        ZkchainProcess.Run([.. args, "--rpc", Node.RpcUrl, .. Registry == null || args.Contains("--registry") ? Array.Empty<string>() : ["--registry", Registry], "--json"]);

    public static JsonElement Json(string stdout) => JsonDocument.Parse(stdout).RootElement.Clone();

    public void Dispose()
    {
        Node.Dispose();
        Dir.Dispose();
    }
}

public class CircuitAuditTests(AuditChainFixture f) : IClassFixture<AuditChainFixture>
{
    private static string Status(JsonElement report, string step) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("step").GetString() == step).GetProperty("status").GetString()!;

    /// <summary>A config of another training run: the learning rate changed in the encoding and the named field, and rehashed.</summary>
    private string TamperedConfig()
    {
        var c = JsonNode.Parse(File.ReadAllText(Path.Combine(f.Run, "config.json")))!.AsObject();
        var enc = c["configHashEncoding"]!.AsArray();
        var lrQ = BigInteger.Parse(enc[15]!.GetValue<string>()) + 1;
        enc[15] = lrQ.ToString();
        c["learningRate"] = (double)lrQ / Math.Pow(2, 24);
        c["configHash"] = PoseidonChain.Hash(enc.Select(v => Fr.FromBigInteger(BigInteger.Parse(v!.GetValue<string>()))).ToArray()).ToString();
        var path = f.Dir.File($"tampered-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, c.ToJsonString());
        return path;
    }

    [Fact]
    public void Audit_with_config_and_zkey_matches_everything_and_says_development_only()
    {
        var r = f.Chain("circuit", "audit", f.CircuitId, "--config", Path.Combine(f.Run, "config.json"), "--zkey", Path.Combine(f.Run, "circuit.zkey"));
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var report = AuditChainFixture.Json(r.StdOut);
        Assert.Equal("development", report.GetProperty("outcome").GetString());
        Assert.StartsWith("DEVELOPMENT ONLY:", report.GetProperty("verdict").GetString());
        Assert.Contains("ceremony transcript", report.GetProperty("verdict").GetString()); // listed as not checked (no --ptau)
        foreach (var step in new[] { "registered circuit", "verifier reports the circuit id", "circuit rebuilt from config", "config hash", "registered shape",
                     "zkey key hash = circuit id", "verifier code = zkey's verifier", "zkey coefficients = circuit" })
            Assert.Equal("ok", Status(report, step));
        Assert.Equal("DEVELOPMENT ONLY", Status(report, "registered setup"));
        Assert.Equal("DEVELOPMENT ONLY", Status(report, "phase 2 (zkey contributions)"));
        Assert.Equal("not checked", Status(report, "ceremony transcript"));
        Assert.True(report.GetProperty("registeredDevelopmentSetup").GetBoolean());

        // The same as a readable table, with the verdict last.
        var text = ZkchainProcess.Run(["circuit", "audit", f.CircuitId, "--rpc", f.Node.RpcUrl, "--registry", f.Registry,
            "--config", Path.Combine(f.Run, "config.json"), "--zkey", Path.Combine(f.Run, "circuit.zkey")]);
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("VERDICT: DEVELOPMENT ONLY", text.StdOut.TrimEnd().Split('\n')[^1]);
        Assert.Contains("zkey coefficients = circuit", text.StdOut);
    }

    [Fact]
    public void A_tampered_config_is_a_mismatch_with_exit_1()
    {
        var r = f.Chain("circuit", "audit", f.CircuitId, "--config", TamperedConfig(), "--zkey", Path.Combine(f.Run, "circuit.zkey"));
        Assert.True(r.ExitCode == 1, r.StdErr + r.StdOut);
        var report = AuditChainFixture.Json(r.StdOut);
        Assert.Equal("mismatch", report.GetProperty("outcome").GetString());
        Assert.StartsWith("MISMATCH:", report.GetProperty("verdict").GetString());
        Assert.Equal("MISMATCH", Status(report, "circuit rebuilt from config"));
        Assert.Equal("MISMATCH", Status(report, "config hash"));
        // (The zkey's A/B coefficients may still match: a learning rate can live in C only, which the r1cs hash covers.)
        Assert.Equal("ok", Status(report, "verifier code = zkey's verifier"));
    }

    [Fact]
    public void Without_Node_the_verifier_code_is_not_checked_never_ok()
    {
        // The CLI itself is started by path; with an empty PATH it cannot find `node` for the offline solc.
        using var empty = new TempDirectory("zkchain-nopath");
        var r = ZkchainProcess.Run(["circuit", "audit", f.CircuitId, "--rpc", f.Node.RpcUrl, "--registry", f.Registry, "--json",
            "--config", Path.Combine(f.Run, "config.json"), "--zkey", Path.Combine(f.Run, "circuit.zkey")], env: new Dictionary<string, string> { ["PATH"] = empty.Path });
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var report = AuditChainFixture.Json(r.StdOut);
        Assert.Equal("not checked", Status(report, "verifier code = zkey's verifier"));
        Assert.Contains("verifier code = zkey's verifier", report.GetProperty("verdict").GetString()!.Split("Not checked:")[1]);
        Assert.DoesNotContain("verifier code matches", report.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Without_inputs_nothing_is_trusted_and_every_missing_check_is_named()
    {
        var r = f.Chain("circuit", "audit", f.CircuitId);
        Assert.Equal(0, r.ExitCode);
        var report = AuditChainFixture.Json(r.StdOut);
        Assert.Equal("development", report.GetProperty("outcome").GetString()); // the registry's own flag
        Assert.Equal("not checked", Status(report, "circuit rebuilt from config"));
        Assert.Equal("not checked", Status(report, "zkey"));
        Assert.Contains("Not checked: circuit rebuilt from config, zkey", report.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Bad_inputs_are_clear_errors_and_unknown_circuits_a_mismatch()
    {
        var unknown = f.Chain("circuit", "audit", "0x" + new string('1', 64));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("has no circuit", unknown.StdOut);

        var badId = f.Chain("circuit", "audit", "0x1234");
        Assert.Equal(2, badId.ExitCode);
        Assert.Contains("circuitId", badId.StdErr);

        var missing = f.Chain("circuit", "audit", f.CircuitId, "--zkey", f.Dir.File("nope.zkey"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--zkey", missing.StdErr);

        // An encoding that no longer hashes to configHash: named, no stack trace.
        var c = JsonNode.Parse(File.ReadAllText(Path.Combine(f.Run, "config.json")))!.AsObject();
        c["configHashEncoding"]!.AsArray()[9] = "2";
        c["epochs"] = 2;
        var edited = f.Dir.File("edited.json");
        File.WriteAllText(edited, c.ToJsonString());
        var bad = f.Chain("circuit", "audit", f.CircuitId, "--config", edited);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("configHash", bad.StdErr);
        Assert.Contains("edited after it was hashed", bad.StdErr);
        Assert.DoesNotContain("   at ", bad.StdErr);
        var build = ZkchainProcess.Run(["circuit", "build", "--config", edited, "--out", f.Dir.File("edited.r1cs")]);
        Assert.Equal(2, build.ExitCode);
        Assert.Contains("configHash", build.StdErr);
        Assert.False(File.Exists(f.Dir.File("edited.r1cs")));
    }

    [Fact]
    public void Circuit_build_rewrites_the_trained_r1cs_byte_for_byte()
    {
        var outPath = f.Dir.File("rebuilt.r1cs");
        var r = ZkchainProcess.Run(["circuit", "build", "--config", Path.Combine(f.Run, "config.json"), "--out", outPath, "--json"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var trained = File.ReadAllBytes(Path.Combine(f.Run, "circuit.r1cs"));
        Assert.Equal(trained, File.ReadAllBytes(outPath));
        var j = AuditChainFixture.Json(r.StdOut);
        Assert.Equal(Hex.ToHex(Keccak.Hash(trained)), j.GetProperty("r1csKeccak256").GetString());
        Assert.True(j.GetProperty("constraints").GetInt32() > 0);
    }

    [Fact]
    public void Check_includes_the_audit_verdict()
    {
        var r = f.Chain("check", f.Run, "--attestation", f.AttestationId);
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var report = AuditChainFixture.Json(r.StdOut);
        Assert.Equal("development", report.GetProperty("circuitAudit").GetProperty("outcome").GetString());
        Assert.Contains(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "circuit audit" && c.GetProperty("passed").GetBoolean());
        Assert.Equal("ok", Status(report.GetProperty("circuitAudit"), "verifier code = zkey's verifier"));

        var text = ZkchainProcess.Run(["check", f.Run, "--attestation", f.AttestationId, "--rpc", f.Node.RpcUrl, "--registry", f.Registry]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("VERDICT: DEVELOPMENT ONLY", text.StdOut);
    }

    /// <summary>
    /// A phase-2 ceremony on the trained circuit (two named contributions and a beacon) over a locally made powers of tau,
    /// registered and audited with --ptau: every contribution verifies and phase 2 counts as independent, but phase 1 keeps
    /// the verdict at DEVELOPMENT ONLY. The same ptau against the first circuit's zkey is a transcript MISMATCH.
    /// </summary>
    [Fact]
    public void Ceremony_transcript_is_verified_with_ptau_and_a_local_phase_1_stays_development_only()
    {
        var ptau = f.Dir.File("pot.ptau");
        // The smallest power the circuit fits: the audit now verifies every point of the ptau, at a cost that grows with its size.
        int power;
        using (var zk = File.OpenRead(Path.Combine(f.Run, "circuit.zkey"))) power = ZkChain.Groth16.Formats.ZkeyFile.Read(zk).DomainLog2;
        var pot = ZkChain.Groth16.Ceremony.LocalPowersOfTau.CreatePrepared(power);
        using (var fs = File.Create(ptau)) ZkChain.Groth16.Formats.PtauFile.Write(pot, fs);
        var r1cs = Path.Combine(f.Run, "circuit.r1cs");
        var dir = f.Dir.File("ceremony-run");
        Directory.CreateDirectory(dir);
        string Z(string name) => Path.Combine(dir, name);
        void Ok(params string[] args) => ZkchainProcess.Run(args).EnsureSuccess(string.Join(' ', args));
        Ok("ceremony", "init", r1cs, ptau, Z("c0.zkey"));
        Ok("ceremony", "contribute", Z("c0.zkey"), Z("c1.zkey"), "--name", "alice", "--entropy", "a");
        Ok("ceremony", "contribute", Z("c1.zkey"), Z("c2.zkey"), "--name", "bob", "--entropy", "b");
        Ok("ceremony", "beacon", Z("c2.zkey"), Z("circuit.zkey"), "--beacon", "0x" + new string('7', 64), "--iterations", "10");
        Ok("zkey", "export", "verificationkey", Z("circuit.zkey"), Z("verification_key.json"));
        foreach (var name in new[] { "config.json", "circuit.r1cs", "proof.json", "public.json" }) File.Copy(Path.Combine(f.Run, name), Z(name));
        File.WriteAllText(Z("setup.json"), """{ "ptau": "../pot.ptau" }""");
        var circuitId = AuditChainFixture.Json(f.Cli("circuit", "register", dir)).GetProperty("circuitId").GetString()!;

        var r = f.Chain("circuit", "audit", circuitId, "--config", Z("config.json"), "--zkey", Z("circuit.zkey"), "--ptau", ptau);
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var report = AuditChainFixture.Json(r.StdOut);
        Assert.Equal("ok", Status(report, "ceremony transcript"));
        Assert.Equal("ok", Status(report, "phase 2 (zkey contributions)"));
        Assert.Equal("ok", Status(report, "verifier code = zkey's verifier"));
        Assert.Equal("ok", Status(report, "zkey coefficients = circuit"));
        Assert.Equal("DEVELOPMENT ONLY", Status(report, "phase 1 (powers of tau)"));
        Assert.Equal("ok", Status(report, "powers of tau verification")); // consistent points, but no contribution recorded
        Assert.Equal("development", report.GetProperty("outcome").GetString());
        Assert.Contains("powers of tau", report.GetProperty("verdict").GetString());
        Assert.Equal(new[] { "alice", "bob" }, report.GetProperty("phase2Contributions").EnumerateArray()
            .Where(c => c.GetProperty("type").GetString() == "contribution").Select(c => c.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(128, report.GetProperty("powersOfTau").GetProperty("blake2b512").GetString()!.Length);

        var wrong = f.Chain("circuit", "audit", f.CircuitId, "--config", Path.Combine(f.Run, "config.json"), "--zkey", Path.Combine(f.Run, "circuit.zkey"), "--ptau", ptau);
        Assert.True(wrong.ExitCode == 1, wrong.StdErr + wrong.StdOut);
        Assert.Equal("MISMATCH", Status(AuditChainFixture.Json(wrong.StdOut), "ceremony transcript"));
    }

    /// <summary>
    /// A contract that reports the real key hash but accepts every proof, registered under the real circuit id in a second
    /// registry: only the code comparison tells it from the real verifier.
    /// </summary>
    [Fact]
    public async Task A_look_alike_verifier_that_accepts_anything_is_a_mismatch()
    {
        var fake = f.Dir.File("Verifier.sol");
        File.WriteAllText(fake, $$"""
            // SPDX-License-Identifier: MIT
            pragma solidity ^0.8.28;
            contract ZkChainGroth16Verifier {
                function publicInputCount() external pure returns (uint256) { return 4; }
                function verificationKeyHash() external pure returns (bytes32) { return {{f.CircuitId}}; }
                function verifyProof(uint256[8] calldata, uint256[] calldata) external pure returns (bool) { return true; }
            }
            """);
        var artifact = ContractArtifact.Parse(ZkChain.Cli.Infrastructure.NodeTools.CompileSolidity(RepoPaths.Root, fake, "ZkChainGroth16Verifier"));
        var registry2 = AuditChainFixture.Json(f.Cli("chain", "deploy", "--out", f.Dir.File("deployments2.json"))).GetProperty("registry").GetString()!;
        using var rpc = new EthRpcClient(f.Node.RpcUrl);
        using var key = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[0]);
        var admin = await EthAccount.CreateAsync(rpc, key);
        var (verifier, _) = await Groth16VerifierClient.DeployAsync(admin, artifact);
        var reg = AttestationRegistryClient.At(rpc, Address.Parse(registry2), AttestationRegistryClient.LoadArtifact(RepoPaths.Combine("artifacts", "contracts", "AttestationRegistry.sol", "AttestationRegistry.json")));
        var r1csHash = Keccak.Hash(File.ReadAllBytes(Path.Combine(f.Run, "circuit.r1cs")));
        var cfg = JsonNode.Parse(File.ReadAllText(Path.Combine(f.Run, "config.json")))!;
        await reg.RegisterCircuitAsync(admin, Hex.Parse(f.CircuitId),
            new CircuitInfo(verifier.Address, "logistic", 2, 2, 8, BigInteger.Parse(cfg["configHash"]!.GetValue<string>()), r1csHash, true, ""));

        var r = f.Chain("circuit", "audit", f.CircuitId, "--registry", registry2, "--config", Path.Combine(f.Run, "config.json"), "--zkey", Path.Combine(f.Run, "circuit.zkey"));
        Assert.True(r.ExitCode == 1, r.StdErr + r.StdOut);
        var report = AuditChainFixture.Json(r.StdOut);
        Assert.Equal("MISMATCH", Status(report, "verifier code = zkey's verifier"));
        Assert.Equal("ok", Status(report, "verifier reports the circuit id")); // what a check of the key hash alone would accept
        Assert.Equal("ok", Status(report, "circuit rebuilt from config"));
    }
}
