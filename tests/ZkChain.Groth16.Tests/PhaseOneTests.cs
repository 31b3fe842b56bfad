using Org.BouncyCastle.Crypto.Digests;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

[Collection(SnarkjsCollection.Name)]
public sealed class PhaseOneTests(SnarkjsPipeline p)
{
    private static byte[] Bytes(Action<Stream> w) { using var ms = new MemoryStream(); w(ms); return ms.ToArray(); }

    [Fact]
    public void Blake2b_MatchesBouncyCastle_AcrossBlockBoundaries()
    {
        var rnd = new Random(1);
        foreach (var len in new[] { 0, 1, 127, 128, 129, 255, 256, 257, 1000 })
        {
            var data = new byte[len];
            rnd.NextBytes(data);
            var ours = new Blake2b512();
            ours.Update(data.AsSpan(0, len / 3));
            ours.Update(data.AsSpan(len / 3));
            var bc = new Blake2bDigest(512);
            bc.BlockUpdate(data, 0, len);
            var expected = new byte[64];
            bc.DoFinal(expected, 0);
            Assert.Equal(expected, ours.Digest());
        }
    }

    [Fact]
    public void OurContributions_AcceptedBySnarkjsPowersOfTauVerify()
    {
        using var dir = new TempDirectory();
        // On top of snarkjs's contribution.
        using (var s = File.OpenRead(p.Pot1))
        {
            var (ours, hash) = PowersOfTauContribution.Contribute(PtauFile.Read(s), "zkchain", "abc"u8);
            Assert.Equal(64, hash.Length);
            Assert.False(ours.IsSingleParty);
            File.WriteAllBytes(dir.File("a.ptau"), Bytes(st => PtauFile.Write(ours, st)));
        }
        var r = ProcessRunner.Snarkjs(["powersoftau", "verify", dir.File("a.ptau")]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("Powers Of tau file OK!"), r.StdOut + r.StdErr);

        // From scratch: new, contribute twice, prepare; snarkjs verifies and sets up from it.
        var first = PowersOfTauContribution.Contribute(PowersOfTau.New(4), "one", []).Result;
        Assert.True(first.IsSingleParty);
        var second = PowersOfTauContribution.Contribute(first, "two", []).Result;
        var prepared = PowersOfTau.PreparePhase2(second);
        File.WriteAllBytes(dir.File("b.ptau"), Bytes(st => PtauFile.Write(prepared, st)));
        r = ProcessRunner.Snarkjs(["powersoftau", "verify", dir.File("b.ptau")]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("Powers Of tau file OK!"), r.StdOut + r.StdErr);
    }

    [Fact]
    public void TamperedContributionPoint_RejectedBySnarkjs()
    {
        using var dir = new TempDirectory();
        var c = PowersOfTauContribution.Contribute(PowersOfTau.New(3), "x", []).Result;
        var tau = c.TauG1.ToArray();
        tau[3] = tau[2];
        var bad = new PowersOfTauData
        {
            Power = c.Power, CeremonyPower = c.CeremonyPower, TauG1 = tau, TauG2 = c.TauG2,
            AlphaTauG1 = c.AlphaTauG1, BetaTauG1 = c.BetaTauG1, BetaG2 = c.BetaG2, Contributions = c.Contributions,
        };
        File.WriteAllBytes(dir.File("bad.ptau"), Bytes(st => PtauFile.Write(bad, st)));
        var r = ProcessRunner.Snarkjs(["powersoftau", "verify", dir.File("bad.ptau")]);
        Assert.NotEqual(0, r.ExitCode);
    }
}
