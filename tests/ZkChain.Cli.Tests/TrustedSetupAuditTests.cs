using System.Diagnostics;
using System.Text.Json;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>
/// A setup no single party controlled, made with the CLI verbs only: a two-party powers of tau (`powersoftau new`, two
/// `contribute --name`, `prepare phase2`) at the smallest power the circuit fits (2 rows × 1 feature, 1 epoch: 2^12), a
/// phase-2 ceremony (two named contributions and a beacon), then `train --zkey` with the ceremony's key, `circuit
/// register` (no --allow-development-setup), `attest`. Built once; the tests are what a third party runs on it.
/// </summary>
public sealed class TrustedSetupFixture : IDisposable
{
    public const string Publisher = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // Hardhat account 0, the chain verbs' default signer
    public HardhatNode Node { get; }
    public TempDirectory Dir { get; } = new("zkchain-trusted");
    public string Ptau => Dir.File("pot.ptau");
    public string Run => Dir.File("run");
    public string Registry { get; } = null!;
    public string CircuitId { get; } = null!;
    public string AttestationId { get; } = null!;
    /// <summary>What building the setup cost, for the record (CPU of the CLI processes, not asserted).</summary>
    public string Timings { get; } = "";

    public TrustedSetupFixture()
    {
        Node = new HardhatNode();
        try
        {
            var timings = new List<string>();
            void Ok(params string[] args)
            {
                var sw = Stopwatch.StartNew();
                ZkchainProcess.Run(args, timeout: TimeSpan.FromMinutes(10)).EnsureSuccess(string.Join(' ', args));
                timings.Add($"{args[0]} {args[1]}: {sw.Elapsed.TotalSeconds:F1} s wall");
            }
            File.WriteAllText(Dir.File("data.csv"), "f0,label\n-0.5,0\n1.2,1\n");
            string[] training = ["train", Dir.File("data.csv"), "--target", "label", "--model", "logistic", "--epochs", "1", "--batch", "2", "--lr", "0.5",
                "--test-split", "0", "--circuit", "custom", "--publisher", Publisher, "--json"];

            // The circuit (a development run only to get circuit.r1cs; its key is thrown away).
            Ok([.. training, "--out", Dir.File("dev")]);
            var r1cs = Path.Combine(Dir.File("dev"), "circuit.r1cs");

            // Phase 1: two independent contributors.
            string P(string n) => Dir.File(n);
            Ok("powersoftau", "new", "12", P("pot0.ptau"));
            Ok("powersoftau", "contribute", P("pot0.ptau"), P("pot1.ptau"), "--name", "alice (phase 1)", "--entropy", "alice's dice");
            Ok("powersoftau", "contribute", P("pot1.ptau"), P("pot2.ptau"), "--name", "bob (phase 1)", "--entropy", "bob's coin flips");
            Ok("powersoftau", "prepare", "phase2", P("pot2.ptau"), Ptau);

            // Phase 2: two contributors and a public beacon.
            Ok("ceremony", "init", r1cs, Ptau, P("c0.zkey"));
            Ok("ceremony", "contribute", P("c0.zkey"), P("c1.zkey"), "--name", "carol (phase 2)", "--entropy", "carol");
            Ok("ceremony", "contribute", P("c1.zkey"), P("c2.zkey"), "--name", "dave (phase 2)", "--entropy", "dave");
            Ok("ceremony", "beacon", P("c2.zkey"), P("final.zkey"), "--beacon", "0x" + new string('5', 64), "--iterations", "10", "--name", "closing beacon");

            // The real run proves with the ceremony's key; setup.json names the ptau for register, audit and check.
            Ok([.. training, "--zkey", P("final.zkey"), "--out", Run]);
            File.WriteAllText(Path.Combine(Run, "setup.json"), """{ "ptau": "../pot.ptau" }""");

            Registry = Json(Cli("chain", "deploy", "--out", Dir.File("deployments.json"))).GetProperty("registry").GetString()!;
            var registered = Json(Cli("circuit", "register", Run));
            Assert.False(registered.GetProperty("developmentSetup").GetBoolean(), registered.ToString());
            CircuitId = registered.GetProperty("circuitId").GetString()!;
            AttestationId = Json(Cli("attest", Run)).GetProperty("attestationId").GetString()!;
            Timings = string.Join("; ", timings);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Cli(params string[] args) => Chain(args).EnsureSuccess(string.Join(' ', args)).StdOut;

    public ProcessResult Chain(params string[] args) =>
        ZkchainProcess.Run([.. args, "--rpc", Node.RpcUrl, .. Registry == null ? Array.Empty<string>() : ["--registry", Registry], "--json"]);

    public static JsonElement Json(string stdout) => JsonDocument.Parse(stdout).RootElement.Clone();

    public void Dispose()
    {
        Node.Dispose();
        Dir.Dispose();
    }
}

public class TrustedSetupAuditTests(TrustedSetupFixture f) : IClassFixture<TrustedSetupFixture>
{
    private static string Status(JsonElement report, string step) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("step").GetString() == step).GetProperty("status").GetString()!;

    private string[] AuditArgs(string ptau) =>
        ["circuit", "audit", f.CircuitId, "--config", Path.Combine(f.Run, "config.json"), "--zkey", Path.Combine(f.Run, "circuit.zkey"), "--ptau", ptau];

    /// <summary>The same file with one tau*G1 point replaced by its neighbour (still a valid curve point).</summary>
    private string TamperedPtau(string name, Func<PowersOfTauData, PowersOfTauData> change)
    {
        PowersOfTauData d;
        using (var s = File.OpenRead(f.Ptau)) d = PtauFile.Read(s);
        var path = f.Dir.File(name);
        using (var s = File.Create(path)) PtauFile.Write(change(d), s);
        return path;
    }

    private static PowersOfTauData Copy(PowersOfTauData d, G1Affine[]? tauG1 = null, IReadOnlyList<PtauContribution>? contributions = null) => new()
    {
        Power = d.Power, CeremonyPower = d.CeremonyPower, TauG1 = tauG1 ?? d.TauG1, TauG2 = d.TauG2, AlphaTauG1 = d.AlphaTauG1,
        BetaTauG1 = d.BetaTauG1, BetaG2 = d.BetaG2, Contributions = contributions ?? d.Contributions,
        LagrangeTauG1 = d.LagrangeTauG1, LagrangeTauG2 = d.LagrangeTauG2, LagrangeAlphaTauG1 = d.LagrangeAlphaTauG1, LagrangeBetaTauG1 = d.LagrangeBetaTauG1,
    };

    [Fact]
    public void The_multi_party_setup_audits_as_TRUSTED_SETUP()
    {
        var r = f.Chain(AuditArgs(f.Ptau));
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut + "\nsetup: " + f.Timings);
        var report = TrustedSetupFixture.Json(r.StdOut);
        Assert.Equal("trusted", report.GetProperty("outcome").GetString());
        Assert.StartsWith("TRUSTED SETUP:", report.GetProperty("verdict").GetString());
        Assert.Contains("the powers of tau verifies", report.GetProperty("verdict").GetString());
        foreach (var step in new[] { "registered circuit", "registered setup", "circuit rebuilt from config", "config hash", "zkey key hash = circuit id",
                     "verifier code = zkey's verifier", "zkey coefficients = circuit", "powers of tau verification", "ceremony transcript",
                     "phase 1 (powers of tau)", "phase 2 (zkey contributions)" })
            Assert.True(Status(report, step) == "ok", $"{step}: {Status(report, step)}\n{r.StdOut}");
        Assert.False(report.GetProperty("registeredDevelopmentSetup").GetBoolean());
        Assert.Equal(new[] { "alice (phase 1)", "bob (phase 1)" },
            report.GetProperty("powersOfTau").GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(new[] { "carol (phase 2)", "dave (phase 2)", "closing beacon" },
            report.GetProperty("phase2Contributions").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray());

        // query: what anyone sees from the chain address and the attestation id alone.
        var views = TrustedSetupFixture.Json(f.Cli("query", "id", f.AttestationId));
        var view = views.ValueKind == JsonValueKind.Array ? views.EnumerateArray().Single() : views;
        Assert.False(view.GetProperty("developmentSetup").GetBoolean());
        var text = ZkchainProcess.Run(["query", "id", f.AttestationId, "--rpc", f.Node.RpcUrl, "--registry", f.Registry]);
        Assert.True(text.ExitCode == 0, text.StdErr);
        Assert.Contains("multi-party", text.StdOut);
        Assert.DoesNotContain("DEVELOPMENT ONLY", text.StdOut);
    }

    [Fact]
    public void Check_on_the_attestation_shows_the_TRUSTED_SETUP_verdict()
    {
        var r = f.Chain("check", f.Run, "--attestation", f.AttestationId);
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var report = TrustedSetupFixture.Json(r.StdOut);
        Assert.False(report.GetProperty("developmentSetup").GetBoolean());
        var audit = report.GetProperty("circuitAudit");
        Assert.Equal("trusted", audit.GetProperty("outcome").GetString());
        Assert.StartsWith("TRUSTED SETUP:", audit.GetProperty("verdict").GetString());
        Assert.Equal("ok", Status(audit, "powers of tau verification"));
        Assert.All(report.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
    }

    [Fact]
    public void A_tampered_ptau_is_a_MISMATCH()
    {
        var tampered = TamperedPtau("tampered.ptau", d =>
        {
            var tau = d.TauG1.ToArray();
            tau[7] = tau[6];
            return Copy(d, tauG1: tau);
        });
        var r = f.Chain(AuditArgs(tampered));
        Assert.True(r.ExitCode == 1, r.StdErr + r.StdOut);
        var report = TrustedSetupFixture.Json(r.StdOut);
        Assert.Equal("mismatch", report.GetProperty("outcome").GetString());
        Assert.Equal("MISMATCH", Status(report, "powers of tau verification"));
        Assert.Equal("MISMATCH", Status(report, "phase 1 (powers of tau)"));
        Assert.Contains("points changed after the contribution", report.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Powersoftau_verify_accepts_the_ceremony_file_and_rejects_tampered_and_truncated_ones()
    {
        var ok = ZkchainProcess.Run(["powersoftau", "verify", f.Ptau, "--json"]);
        Assert.True(ok.ExitCode == 0, ok.StdErr + ok.StdOut);
        var report = TrustedSetupFixture.Json(ok.StdOut);
        Assert.True(report.GetProperty("valid").GetBoolean());
        Assert.False(report.GetProperty("developmentOnly").GetBoolean());
        Assert.Equal(12, report.GetProperty("power").GetInt32());
        Assert.Equal(2, report.GetProperty("contributions").GetArrayLength());

        // One contribution alone verifies but is development-only; snarkjs's `verify` accepts it too.
        var single = ZkchainProcess.Run(["powersoftau", "verify", f.Dir.File("pot1.ptau")]);
        Assert.True(single.ExitCode == 0, single.StdErr + single.StdOut);
        Assert.Contains("valid, but DEVELOPMENT ONLY", single.StdOut);
        Assert.Contains("alice (phase 1)", single.StdOut);

        // A contribution record changed: the second contribution's proofs were bound to the first's real challenge.
        var record = TamperedPtau("record.ptau", d =>
        {
            var challenge = d.Contributions[0].NextChallenge.ToArray();
            challenge[10] ^= 0x80;
            return Copy(d, contributions: [d.Contributions[0] with { NextChallenge = challenge }, d.Contributions[1]]);
        });
        var bad = ZkchainProcess.Run(["powersoftau", "verify", record]);
        Assert.True(bad.ExitCode == 1, bad.StdErr + bad.StdOut);
        Assert.Contains("contribution 2 (bob (phase 1)): INVALID proof of knowledge of tau", bad.StdErr);
        Assert.Contains("verdict: INVALID", bad.StdOut);

        // Truncated: a malformed file (exit 2) named in a one-line error, no stack trace.
        var truncated = f.Dir.File("truncated.ptau");
        var bytes = File.ReadAllBytes(f.Ptau);
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var t = ZkchainProcess.Run(["powersoftau", "verify", truncated]);
        Assert.Equal(2, t.ExitCode);
        Assert.Contains("truncated.ptau", t.StdErr);
        Assert.DoesNotContain("   at ", t.StdErr);
    }
}
