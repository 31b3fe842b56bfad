using System.Text.Json;
using System.Text.RegularExpressions;
using ZkChain.Groth16;
using ZkChain.Groth16.Formats;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>Files shared by the ceremony CLI tests: a two-contribution ptau and a one-contribution ptau (power 6), both prepared.</summary>
public sealed class CeremonyFixture : IDisposable
{
    public TempDirectory Dir { get; } = new("zkchain-cli-ceremony");
    public string F(string name) => Dir.File(name);
    public static string R1cs => RepoPaths.Combine("examples", "multiplier", "multiplier.r1cs");

    public CeremonyFixture()
    {
        Ok("powersoftau", "new", "6", F("pot0.ptau"));
        Ok("powersoftau", "contribute", F("pot0.ptau"), F("pot1.ptau"), "--entropy", "one", "--name", "first");
        Ok("powersoftau", "contribute", F("pot1.ptau"), F("pot2.ptau"), "--entropy", "two", "--name", "second");
        Ok("powersoftau", "prepare", "phase2", F("pot2.ptau"), F("pot.ptau"));
        Ok("powersoftau", "prepare", "phase2", F("pot1.ptau"), F("pot_single.ptau"));
    }

    public static ProcessResult Ok(params string[] args)
    {
        var r = ZkchainProcess.Run(args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"zkchain {string.Join(' ', args)} exited {r.ExitCode}: {r.StdErr}");
        return r;
    }

    /// <summary>The 128 hex digits of a hash printed in snarkjs's four-line format after <paramref name="title"/>.</summary>
    public static string HashAfter(string stdout, string title)
    {
        var lines = stdout.Split('\n');
        var i = Array.FindIndex(lines, l => l.Contains(title, StringComparison.Ordinal));
        Assert.True(i >= 0, $"'{title}' not found in:\n{stdout}");
        var hex = string.Concat(lines.Skip(i + 1).Take(4).Select(l => Regex.Replace(l, @"\s", "")));
        Assert.Matches("^[0-9a-f]{128}$", hex);
        return hex;
    }

    public void Dispose() => Dir.Dispose();
}

public class CeremonyCommandTests(CeremonyFixture fx) : IClassFixture<CeremonyFixture>
{
    private const string Beacon = "0xa1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    [Fact]
    public void Full_ceremony_two_contributions_and_a_beacon_verified_by_us_and_snarkjs()
    {
        using var d = new TempDirectory();
        var init = CeremonyFixture.Ok("ceremony", "init", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("c0.zkey"));
        Assert.Contains("NOT usable", init.StdOut);
        var c1 = CeremonyFixture.Ok("ceremony", "contribute", d.File("c0.zkey"), d.File("c1.zkey"), "--name", "alice", "--entropy", "alice's dice");
        var h1 = CeremonyFixture.HashAfter(c1.StdOut, "Contribution Hash:");
        // The second contributor uses snarkjs: the tools interoperate.
        var s = ProcessRunner.Snarkjs(["zkey", "contribute", d.File("c1.zkey"), d.File("c2.zkey"), "--name=bob", "-e=bob's entropy"]).EnsureSuccess("snarkjs zkey contribute");
        var h2 = CeremonyFixture.HashAfter(s.StdOut, "Contribution Hash:");
        var b = CeremonyFixture.Ok("ceremony", "beacon", d.File("c2.zkey"), d.File("final.zkey"), "--beacon", Beacon, "--iterations", "10", "--name", "closing beacon");
        var h3 = CeremonyFixture.HashAfter(b.StdOut, "Contribution Hash:");

        var v = ZkchainProcess.Run(["ceremony", "verify", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("final.zkey")]);
        Assert.True(v.ExitCode == 0, v.StdOut + v.StdErr);
        foreach (var x in new[] { "alice", "bob", "closing beacon", "beacon", h1, h2, h3, "first", "second" }) Assert.Contains(x, v.StdOut);
        Assert.Contains("verdict: valid: 2 independent phase-2 contribution(s)", v.StdOut);
        Assert.DoesNotContain("DEVELOPMENT ONLY", v.StdOut);

        var json = ZkchainProcess.Run(["ceremony", "verify", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("final.zkey"), "--json"]);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.False(doc.RootElement.GetProperty("developmentOnly").GetBoolean());
        var cs = doc.RootElement.GetProperty("contributions").EnumerateArray().ToList();
        Assert.Equal(["contribution", "contribution", "beacon"], cs.Select(c => c.GetProperty("type").GetString()));
        Assert.Equal([h1, h2, h3], cs.Select(c => c.GetProperty("contributionHash").GetString()));
        Assert.Equal(2, doc.RootElement.GetProperty("ptauContributions").GetArrayLength());

        var z = ProcessRunner.Snarkjs(["zkey", "verify", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("final.zkey")]);
        Assert.True(z.ExitCode == 0 && z.StdOut.Contains("ZKey Ok!"), z.StdOut + z.StdErr);
        Assert.Contains(Beacon[2..], z.StdOut);
    }

    [Fact]
    public void Key_without_contributions_verifies_but_is_DEVELOPMENT_ONLY()
    {
        using var d = new TempDirectory();
        CeremonyFixture.Ok("ceremony", "init", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("c0.zkey"));
        var v = ZkchainProcess.Run(["ceremony", "verify", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("c0.zkey")]);
        Assert.Equal(0, v.ExitCode);
        Assert.Contains("no independent contribution — DEVELOPMENT ONLY", v.StdOut);

        // A beacon alone does not help: its randomness is public.
        CeremonyFixture.Ok("ceremony", "beacon", d.File("c0.zkey"), d.File("b.zkey"), "--beacon", Beacon, "--iterations", "10");
        v = ZkchainProcess.Run(["ceremony", "verify", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("b.zkey"), "--json"]);
        Assert.Equal(0, v.ExitCode);
        using var doc = JsonDocument.Parse(v.StdOut);
        Assert.True(doc.RootElement.GetProperty("developmentOnly").GetBoolean());
        Assert.Contains("DEVELOPMENT ONLY", doc.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Single_contribution_ptau_is_flagged_even_with_contributions()
    {
        using var d = new TempDirectory();
        var init = CeremonyFixture.Ok("ceremony", "init", CeremonyFixture.R1cs, fx.F("pot_single.ptau"), d.File("c0.zkey"));
        Assert.Contains("DEVELOPMENT ONLY", init.StdErr);
        CeremonyFixture.Ok("ceremony", "contribute", d.File("c0.zkey"), d.File("c1.zkey"), "--name", "alice");
        var v = ZkchainProcess.Run(["ceremony", "verify", CeremonyFixture.R1cs, fx.F("pot_single.ptau"), d.File("c1.zkey")]);
        Assert.Equal(0, v.ExitCode);
        Assert.Contains("DEVELOPMENT ONLY", v.StdOut);
        Assert.Contains("powers of tau has 1 phase-1 contribution", v.StdOut);
    }

    [Fact]
    public void Tampered_contribution_exits_1_naming_it()
    {
        using var d = new TempDirectory();
        CeremonyFixture.Ok("ceremony", "init", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("c0.zkey"));
        CeremonyFixture.Ok("ceremony", "contribute", d.File("c0.zkey"), d.File("c1.zkey"), "--name", "alice");
        CeremonyFixture.Ok("ceremony", "contribute", d.File("c1.zkey"), d.File("c2.zkey"), "--name", "mallory");
        ProvingKey pk;
        using (var st = File.OpenRead(d.File("c2.zkey"))) pk = ZkeyFile.Read(st);
        var list = pk.Mpc.Contributions.ToArray();
        // Mallory claims alice's contribution hash chain but replaces her proof of knowledge.
        list[1] = list[1] with { G1SX = list[0].G1SX };
        var bad = pk.WithDelta(pk.Delta1, pk.Delta2, pk.C, pk.H, new MpcParams(pk.Mpc.CsHash, list));
        using (var st = File.Create(d.File("bad.zkey"))) ZkeyFile.Write(bad, st);
        var v = ZkchainProcess.Run(["ceremony", "verify", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("bad.zkey")]);
        Assert.Equal(1, v.ExitCode);
        Assert.Contains("contribution 2", v.StdErr);
        Assert.Contains("INVALID", v.StdOut);
        Assert.DoesNotContain("   at ", v.StdErr);
    }

    [Theory]
    [InlineData("--iterations", "9", "iterations")]
    [InlineData("--iterations", "64", "iterations")]
    [InlineData("--beacon", "xyz", "beacon")]
    public void Bad_beacon_parameters_exit_2(string option, string value, string expected)
    {
        using var d = new TempDirectory();
        CeremonyFixture.Ok("ceremony", "init", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("c0.zkey"));
        string[] args = ["ceremony", "beacon", d.File("c0.zkey"), d.File("b.zkey"), "--beacon", Beacon, "--iterations", "10"];
        args[Array.IndexOf(args, option) + 1] = value;
        var r = ZkchainProcess.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.StdErr);
        Assert.False(File.Exists(d.File("b.zkey")));
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Bad_files_exit_2_naming_the_file()
    {
        using var d = new TempDirectory();
        File.WriteAllText(d.File("garbage.zkey"), "not a zkey");
        var r = ZkchainProcess.Run(["ceremony", "verify", CeremonyFixture.R1cs, fx.F("pot.ptau"), d.File("garbage.zkey")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("garbage.zkey", r.StdErr);
        r = ZkchainProcess.Run(["ceremony", "contribute", d.File("missing.zkey"), d.File("o.zkey"), "--name", "x"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("missing.zkey", r.StdErr);
        r = ZkchainProcess.Run(["ceremony", "init", CeremonyFixture.R1cs, fx.F("pot2.ptau"), d.File("o.zkey")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not prepared", r.StdErr);
        r = ZkchainProcess.Run(["powersoftau", "inspect", d.File("garbage.zkey")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("garbage.zkey", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Powersoftau_inspect_shows_transcript_hash_and_flags_single_party()
    {
        var r = ZkchainProcess.Run(["powersoftau", "inspect", fx.F("pot.ptau")]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        foreach (var x in new[] { "first", "second", "Blake2b-512", "yes" }) Assert.Contains(x, r.StdOut);
        Assert.DoesNotContain("DEVELOPMENT ONLY", r.StdOut);

        // The response hashes equal the ones snarkjs's verify prints, and the file hash is b2sum's.
        var s = ProcessRunner.Snarkjs(["powersoftau", "verify", fx.F("pot.ptau")]).EnsureSuccess("snarkjs powersoftau verify");
        var j = ZkchainProcess.Run(["powersoftau", "inspect", fx.F("pot.ptau"), "--json"]);
        Assert.Equal(0, j.ExitCode);
        using var doc = JsonDocument.Parse(j.StdOut);
        var compact = Regex.Replace(s.StdOut, @"\s", "");
        foreach (var c in doc.RootElement.GetProperty("contributions").EnumerateArray()) Assert.Contains(c.GetProperty("responseHash").GetString()!, compact);
        var bc = new Org.BouncyCastle.Crypto.Digests.Blake2bDigest(512);
        var bytes = File.ReadAllBytes(fx.F("pot.ptau"));
        bc.BlockUpdate(bytes, 0, bytes.Length);
        var expected = new byte[64];
        bc.DoFinal(expected, 0);
        Assert.Equal(Convert.ToHexString(expected).ToLowerInvariant(), doc.RootElement.GetProperty("blake2b512").GetString());
        Assert.Equal(6, doc.RootElement.GetProperty("power").GetInt32());

        var single = ZkchainProcess.Run(["powersoftau", "inspect", fx.F("pot_single.ptau")]);
        Assert.Equal(0, single.ExitCode);
        Assert.Contains("DEVELOPMENT ONLY", single.StdOut);
        var none = ZkchainProcess.Run(["powersoftau", "inspect", fx.F("pot0.ptau"), "--json"]);
        using var nd = JsonDocument.Parse(none.StdOut);
        Assert.True(nd.RootElement.GetProperty("developmentOnly").GetBoolean());
    }
}
