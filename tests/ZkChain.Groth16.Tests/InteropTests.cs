using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

[Collection(SnarkjsCollection.Name)]
public sealed class InteropTests(SnarkjsPipeline p)
{
    private static T Read<T>(string path, Func<Stream, T> f) { using var s = File.OpenRead(path); return f(s); }
    private static byte[] Bytes(Action<Stream> w) { using var ms = new MemoryStream(); w(ms); return ms.ToArray(); }

    [Fact]
    public void SnarkjsZkey_ProvedByUs_AcceptedBySnarkjsAndUs()
    {
        var pk = Read(p.Zkey1, ZkeyFile.Read);
        var w = Read(p.Wtns, WtnsFile.Read);
        var (proof, pub) = Groth16Prover.Prove(pk, w);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("proof.json"), SnarkjsJson.WriteProof(proof));
        File.WriteAllText(dir.File("public.json"), SnarkjsJson.WritePublic(pub));
        var r = ProcessRunner.Snarkjs(["groth16", "verify", p.Vk, dir.File("public.json"), dir.File("proof.json")]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("OK"), r.StdOut + r.StdErr);
        Assert.Equal(File.ReadAllText(p.Public), SnarkjsJson.WritePublic(pub));
        Assert.True(Groth16Verifier.Verify(pk.VerificationKey, pub.Select(x => x.ToBigInteger()).ToArray(), proof).IsValid);
    }

    [Fact]
    public void SnarkjsProof_AcceptedByUs_AndTamperedRejected()
    {
        var vk = SnarkjsJson.ReadVerificationKey(File.ReadAllText(p.Vk));
        var proof = SnarkjsJson.ReadProof(File.ReadAllText(p.Proof));
        var pub = SnarkjsJson.ReadPublic(File.ReadAllText(p.Public));
        Assert.True(Groth16Verifier.Verify(vk, pub, proof).IsValid);
        var bad = pub.ToArray();
        bad[0] += 1;
        var r = Groth16Verifier.Verify(vk, bad, proof);
        Assert.False(r.IsValid);
        Assert.Contains("pairing", r.Reason);
    }

    [Fact]
    public void VerificationKeyJson_IdenticalToSnarkjs()
    {
        var pk = Read(p.Zkey1, ZkeyFile.Read);
        Assert.Equal(File.ReadAllText(p.Vk), SnarkjsJson.WriteVerificationKey(pk.VerificationKey));
    }

    [Fact]
    public void ZkeyRoundTrip_ByteIdenticalForSetupOrder()
    {
        var pk = Read(p.Zkey0, ZkeyFile.Read);
        Assert.Equal(File.ReadAllBytes(p.Zkey0), Bytes(s => ZkeyFile.Write(pk, s)));
        Assert.True(pk.IsSingleParty);
        Assert.False(Read(p.Zkey1, ZkeyFile.Read).IsSingleParty);
    }

    [Fact]
    public void PtauRoundTrip_ByteIdentical()
    {
        foreach (var f in new[] { p.Pot1, p.Pot })
        {
            var d = Read(f, PtauFile.Read);
            Assert.Equal(File.ReadAllBytes(f), Bytes(s => PtauFile.Write(d, s)));
        }
    }

    [Fact]
    public void Setup_IdenticalToSnarkjs()
    {
        var cs = Read(p.R1cs, R1csFile.Read);
        var ptau = Read(p.Pot, PtauFile.Read);
        var pk = Groth16Setup.Setup(cs, ptau);
        Assert.Equal(File.ReadAllBytes(p.Zkey0), Bytes(s => ZkeyFile.Write(pk, s)));
    }

    [Fact]
    public void PtauNew_IdenticalToSnarkjs()
    {
        Assert.Equal(File.ReadAllBytes(p.Pot0), Bytes(s => PtauFile.Write(PowersOfTau.New(SnarkjsPipeline.Power), s)));
    }

    [Fact]
    public void PreparePhase2_IdenticalToSnarkjs()
    {
        var pot1 = Read(p.Pot1, PtauFile.Read);
        var prepared = PowersOfTau.PreparePhase2(pot1);
        Assert.Equal(File.ReadAllBytes(p.Pot), Bytes(s => PtauFile.Write(prepared, s)));
    }

    [Fact]
    public void OurZkeyContribution_AcceptedBySnarkjsZkeyVerify_AndOurs()
    {
        var pk = Read(p.Zkey1, ZkeyFile.Read);
        var (c, hash) = ZkeyContributor.Contribute(pk, "zkchain test", "entropy"u8);
        Assert.Equal(64, hash.Length);
        Assert.Equal(2, c.Mpc.Contributions.Count);
        using var dir = new TempDirectory();
        var path = dir.File("m2.zkey");
        File.WriteAllBytes(path, Bytes(s => ZkeyFile.Write(c, s)));
        var r = ProcessRunner.Snarkjs(["zkey", "verify", p.R1cs, p.Pot, path]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("ZKey Ok!"), r.StdOut + r.StdErr);

        var cs = Read(p.R1cs, R1csFile.Read);
        var ptau = Read(p.Pot, PtauFile.Read);
        Assert.True(ZkeyContributor.Verify(cs, ptau, c).IsValid);
        Assert.True(ZkeyContributor.Verify(cs, ptau, pk).IsValid);

        // A proof from the new key verifies with the new key only.
        var w = Read(p.Wtns, WtnsFile.Read);
        var (proof, pub) = Groth16Prover.Prove(c, w);
        var pubInts = pub.Select(x => x.ToBigInteger()).ToArray();
        Assert.True(Groth16Verifier.Verify(c.VerificationKey, pubInts, proof).IsValid);
        Assert.False(Groth16Verifier.Verify(pk.VerificationKey, pubInts, proof).IsValid);

        // Tampering with H (not matching delta) is caught by our verify.
        var h = c.H.ToArray();
        h[0] = (h[0].ToJacobian() + G1Affine.Generator).ToAffine();
        var tampered = c.WithDelta(c.Delta1, c.Delta2, c.C, h, c.Mpc);
        var v = ZkeyContributor.Verify(cs, ptau, tampered);
        Assert.False(v.IsValid);
        Assert.Contains("H section", v.Reason);
    }

    [Fact]
    public void OurSetupOnOurPreparedPtau_AcceptedBySnarkjs()
    {
        var cs = Read(p.R1cs, R1csFile.Read);
        var ptau = PowersOfTau.PreparePhase2(Read(p.Pot1, PtauFile.Read));
        var pk = Groth16Setup.Setup(cs, ptau);
        var (c, _) = ZkeyContributor.Contribute(pk, null, []);
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("pot.ptau"), Bytes(s => PtauFile.Write(ptau, s)));
        File.WriteAllBytes(dir.File("c.zkey"), Bytes(s => ZkeyFile.Write(c, s)));
        var r = ProcessRunner.Snarkjs(["zkey", "verify", p.R1cs, dir.File("pot.ptau"), dir.File("c.zkey")]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("ZKey Ok!"), r.StdOut + r.StdErr);
        // snarkjs proves with our zkey; we verify its proof.
        SnarkjsPipeline.Snark("groth16", "prove", dir.File("c.zkey"), p.Wtns, dir.File("proof.json"), dir.File("public.json"));
        var proof = SnarkjsJson.ReadProof(File.ReadAllText(dir.File("proof.json")));
        var pub = SnarkjsJson.ReadPublic(File.ReadAllText(dir.File("public.json")));
        Assert.True(Groth16Verifier.Verify(c.VerificationKey, pub, proof).IsValid);
    }

    [Fact]
    public void TwoProofsOfSameWitness_DifferAndBothVerify()
    {
        var pk = Read(p.Zkey1, ZkeyFile.Read);
        var w = Read(p.Wtns, WtnsFile.Read);
        var (a, pub) = Groth16Prover.Prove(pk, w);
        var (b, _) = Groth16Prover.Prove(pk, w);
        Assert.NotEqual(a.A, b.A);
        Assert.NotEqual(a.C, b.C);
        var ints = pub.Select(x => x.ToBigInteger()).ToArray();
        Assert.True(Groth16Verifier.Verify(pk.VerificationKey, ints, a).IsValid);
        Assert.True(Groth16Verifier.Verify(pk.VerificationKey, ints, b).IsValid);
    }
}
