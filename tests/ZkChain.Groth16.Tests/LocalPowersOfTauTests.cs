using System.Numerics;
using System.Security.Cryptography;
using ZkChain.Algebra;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

public class LocalPowersOfTauTests
{
    [Fact]
    public void Lagrange_bases_equal_the_inverse_group_NTT_of_the_tau_powers()
    {
        var p = LocalPowersOfTau.CreatePrepared(4);
        for (var k = 0; k <= p.Power; k++)
        {
            var m = 1 << k;
            var off = PowersOfTauData.LagrangeOffset(k);
            Assert.Equal(GroupNtt.InverseG1(p.TauG1.AsSpan(0, m)), p.LagrangeTauG1!.AsSpan(off, m).ToArray());
            Assert.Equal(GroupNtt.InverseG2(p.TauG2.AsSpan(0, m)), p.LagrangeTauG2!.AsSpan(off, m).ToArray());
            Assert.Equal(GroupNtt.InverseG1(p.AlphaTauG1.AsSpan(0, m)), p.LagrangeAlphaTauG1!.AsSpan(off, m).ToArray());
            Assert.Equal(GroupNtt.InverseG1(p.BetaTauG1.AsSpan(0, m)), p.LagrangeBetaTauG1!.AsSpan(off, m).ToArray());
        }
        var last = new G1Affine[2 << p.Power];
        p.TauG1.AsSpan().CopyTo(last);
        last[^1] = G1Affine.Infinity;
        var off2 = PowersOfTauData.LagrangeOffset(p.Power + 1);
        Assert.Equal(GroupNtt.InverseG1(last), p.LagrangeTauG1!.AsSpan(off2, last.Length).ToArray());
    }

    [Fact]
    public void Powers_are_consistent_across_groups_and_single_party_is_reported()
    {
        var p = LocalPowersOfTau.CreatePrepared(3);
        Assert.Equal(G1Affine.Generator, p.TauG1[0]);
        Assert.Equal(G2Affine.Generator, p.TauG2[0]);
        // e(tau^(i+1) G1, G2) = e(tau^i G1, tau G2) for every i: the same tau in both groups.
        for (var i = 0; i + 1 < p.TauG1.Length; i++)
        {
            Assert.True(Pairing.MultiPairingIsOne([p.TauG1[i + 1], p.TauG1[i].Neg()], [G2Affine.Generator, p.TauG2[1]]));
        }
        // alpha·tau^i and beta·tau^i use the same tau; beta in G1 and G2 agree.
        Assert.True(Pairing.MultiPairingIsOne([p.AlphaTauG1[1], p.AlphaTauG1[0].Neg()], [G2Affine.Generator, p.TauG2[1]]));
        Assert.True(Pairing.MultiPairingIsOne([p.BetaTauG1[0], G1Affine.Generator.Neg()], [G2Affine.Generator, p.BetaG2]));
        Assert.True(p.IsSingleParty);
        Assert.NotEqual(p.TauG1[1], LocalPowersOfTau.CreatePrepared(3).TauG1[1]);
    }

    [Fact]
    public void Setup_on_it_proves_and_snarkjs_verifies()
    {
        ConstraintSystem cs;
        using (var f = File.OpenRead(RepoPaths.Combine("examples", "multiplier", "multiplier.r1cs"))) cs = R1csFile.Read(f);
        Fr[] w;
        using (var f = File.OpenRead(RepoPaths.Combine("examples", "multiplier", "witness.wtns"))) w = WtnsFile.Read(f);
        var pk = Groth16Setup.Setup(cs, LocalPowersOfTau.CreatePrepared(4));
        (pk, _) = ZkeyContributor.Contribute(pk, "zkchain local test", RandomNumberGenerator.GetBytes(32));
        var (proof, pub) = Groth16Prover.Prove(pk, w);
        Assert.True(Groth16Verifier.Verify(pk.VerificationKey, pub.Select(x => x.ToBigInteger()).ToArray(), proof).IsValid);

        using var tmp = new TempDirectory();
        File.WriteAllText(tmp.File("vk.json"), SnarkjsJson.WriteVerificationKey(pk.VerificationKey));
        File.WriteAllText(tmp.File("proof.json"), SnarkjsJson.WriteProof(proof));
        File.WriteAllText(tmp.File("public.json"), SnarkjsJson.WritePublic(pub));
        var r = ProcessRunner.Snarkjs(["groth16", "verify", tmp.File("vk.json"), tmp.File("public.json"), tmp.File("proof.json")]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("OK"), r.StdOut + r.StdErr);
        var wrong = pub.Select(x => x.ToBigInteger()).ToArray();
        wrong[0] += BigInteger.One;
        Assert.False(Groth16Verifier.Verify(pk.VerificationKey, wrong, proof).IsValid);
    }
}
