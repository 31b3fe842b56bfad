using System.Text.Json;
using System.Text.Json.Nodes;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>
/// The snarkjs-style verbs end to end through the built CLI on the shipped example circuit, with snarkjs as the
/// independent judge, and the exit-code contract: 0 valid, 1 invalid, 2 malformed or unreadable input.
/// </summary>
public sealed class Groth16RoundTrip : IDisposable
{
    public TempDirectory Dir { get; } = new("zkchain-cli-g16");
    public string F(string name) => Dir.File(name);
    public static string Example(string name) => RepoPaths.Combine("examples", "multiplier", name);

    public Groth16RoundTrip()
    {
        void Ok(params string[] args)
        {
            var r = ZkchainProcess.Run(args);
            if (r.ExitCode != 0) throw new InvalidOperationException($"zkchain {string.Join(' ', args)} exited {r.ExitCode}: {r.StdErr}");
        }
        Ok("powersoftau", "new", "6", F("pot0.ptau"));
        Ok("powersoftau", "contribute", F("pot0.ptau"), F("pot1.ptau"), "--entropy", "cli test entropy one", "--name", "first");
        Ok("powersoftau", "prepare", "phase2", F("pot1.ptau"), F("pot.ptau"));
        Ok("groth16", "setup", Example("multiplier.r1cs"), F("pot.ptau"), F("c0.zkey"));
        Ok("zkey", "contribute", F("c0.zkey"), F("c1.zkey"), "--entropy", "cli test entropy two", "--name", "alice");
        Ok("zkey", "export", "verificationkey", F("c1.zkey"), F("vk.json"));
        Ok("groth16", "prove", F("c1.zkey"), Example("witness.wtns"), F("proof.json"), F("public.json"));
    }

    public void Dispose() => Dir.Dispose();
}

public class Groth16CommandTests(Groth16RoundTrip rt) : IClassFixture<Groth16RoundTrip>
{
    [Fact]
    public void Valid_proof_prints_OK_and_exits_0_and_snarkjs_agrees()
    {
        var r = ZkchainProcess.Run(["groth16", "verify", rt.F("vk.json"), rt.F("public.json"), rt.F("proof.json")]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("OK", r.StdOut);
        var s = ProcessRunner.Snarkjs(["groth16", "verify", rt.F("vk.json"), rt.F("public.json"), rt.F("proof.json")]);
        Assert.True(s.ExitCode == 0 && s.StdOut.Contains("OK"), s.StdOut + s.StdErr);
        var z = ProcessRunner.Snarkjs(["zkey", "verify", Groth16RoundTrip.Example("multiplier.r1cs"), rt.F("pot.ptau"), rt.F("c1.zkey")]);
        Assert.True(z.ExitCode == 0 && z.StdOut.Contains("ZKey Ok"), z.StdOut + z.StdErr);
    }

    [Fact]
    public void Wrong_public_input_exits_1_with_a_reason()
    {
        using var tmp = new TempDirectory();
        var pub = JsonSerializer.Deserialize<string[]>(File.ReadAllText(rt.F("public.json")))!;
        pub[^1] = (System.Numerics.BigInteger.Parse(pub[^1]) + 1).ToString();
        File.WriteAllText(tmp.File("public.json"), JsonSerializer.Serialize(pub));
        var r = ZkchainProcess.Run(["groth16", "verify", rt.F("vk.json"), tmp.File("public.json"), rt.F("proof.json")]);
        Assert.Equal(1, r.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(r.StdOut + r.StdErr));
        Assert.DoesNotContain("OK", r.StdOut);
    }

    [Fact]
    public void Tampered_proof_coordinate_exits_1()
    {
        using var tmp = new TempDirectory();
        var proof = JsonNode.Parse(File.ReadAllText(rt.F("proof.json")))!;
        var ax = System.Numerics.BigInteger.Parse(proof["pi_a"]![0]!.GetValue<string>());
        proof["pi_a"]![0] = (ax + 1).ToString();
        File.WriteAllText(tmp.File("proof.json"), proof.ToJsonString());
        var r = ZkchainProcess.Run(["groth16", "verify", rt.F("vk.json"), rt.F("public.json"), tmp.File("proof.json")]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Public_input_not_below_r_is_rejected()
    {
        using var tmp = new TempDirectory();
        var pub = JsonSerializer.Deserialize<string[]>(File.ReadAllText(rt.F("public.json")))!;
        var r0 = System.Numerics.BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");
        pub[^1] = (System.Numerics.BigInteger.Parse(pub[^1]) + r0).ToString();
        File.WriteAllText(tmp.File("public.json"), JsonSerializer.Serialize(pub));
        var r = ZkchainProcess.Run(["groth16", "verify", rt.F("vk.json"), tmp.File("public.json"), rt.F("proof.json")]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("OK", r.StdOut);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("missing")]
    [InlineData("truncated")]
    public void Malformed_or_unreadable_input_exits_2_naming_the_file(string kind)
    {
        using var tmp = new TempDirectory();
        var path = tmp.File("proof.json");
        switch (kind)
        {
            case "garbage": File.WriteAllText(path, "{ this is not json"); break;
            case "truncated": File.WriteAllText(path, File.ReadAllText(rt.F("proof.json"))[..40]); break;
        }
        var r = ZkchainProcess.Run(["groth16", "verify", rt.F("vk.json"), rt.F("public.json"), path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("proof.json", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Truncated_zkey_is_a_clear_error_and_leaves_no_output()
    {
        using var tmp = new TempDirectory();
        var bytes = File.ReadAllBytes(rt.F("c1.zkey"));
        File.WriteAllBytes(tmp.File("cut.zkey"), bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var r = ZkchainProcess.Run(["groth16", "prove", tmp.File("cut.zkey"), Groth16RoundTrip.Example("witness.wtns"), tmp.File("p.json"), tmp.File("pub.json")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cut.zkey", r.StdErr);
        Assert.False(File.Exists(tmp.File("p.json")));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }

    [Fact]
    public void Wtns_check_accepts_the_witness_and_rejects_a_mutated_one()
    {
        var ok = ZkchainProcess.Run(["wtns", "check", Groth16RoundTrip.Example("multiplier.r1cs"), Groth16RoundTrip.Example("witness.wtns")]);
        Assert.Equal(0, ok.ExitCode);
        using var tmp = new TempDirectory();
        var w = File.ReadAllBytes(Groth16RoundTrip.Example("witness.wtns"));
        w[^1] ^= 0x01; // last byte of the last value (still < r: the top byte of a canonical value is small)
        File.WriteAllBytes(tmp.File("bad.wtns"), w);
        var bad = ZkchainProcess.Run(["wtns", "check", Groth16RoundTrip.Example("multiplier.r1cs"), tmp.File("bad.wtns")]);
        Assert.Equal(1, bad.ExitCode);
    }

    [Fact]
    public void Exported_solidity_verifier_embeds_the_key_hash()
    {
        using var tmp = new TempDirectory();
        var r = ZkchainProcess.Run(["zkey", "export", "solidityverifier", rt.F("c1.zkey"), tmp.File("Verifier.sol")]);
        Assert.Equal(0, r.ExitCode);
        var sol = File.ReadAllText(tmp.File("Verifier.sol"));
        Assert.Contains("function verifyProof(uint256[8] calldata", sol);
        Assert.Contains("verificationKeyHash", sol);
        Assert.DoesNotContain("{{", sol);
    }

    [Fact]
    public void Two_proofs_of_the_same_witness_differ_and_both_verify()
    {
        using var tmp = new TempDirectory();
        var r = ZkchainProcess.Run(["groth16", "prove", rt.F("c1.zkey"), Groth16RoundTrip.Example("witness.wtns"), tmp.File("proof.json"), tmp.File("public.json")]);
        Assert.Equal(0, r.ExitCode);
        Assert.NotEqual(File.ReadAllText(rt.F("proof.json")), File.ReadAllText(tmp.File("proof.json")));
        Assert.Equal(File.ReadAllText(rt.F("public.json")), File.ReadAllText(tmp.File("public.json")));
        var v = ZkchainProcess.Run(["groth16", "verify", rt.F("vk.json"), tmp.File("public.json"), tmp.File("proof.json")]);
        Assert.Equal(0, v.ExitCode);
    }
}
