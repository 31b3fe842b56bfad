using Org.BouncyCastle.Crypto.Digests;
using ZkChain.Algebra;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>
/// Phase-2 ceremonies: contributions and snarkjs-compatible beacons, checked by our full verifier and by
/// `snarkjs zkey verify`; tampered transcripts rejected with a message; ptau inspection and setup provenance.
/// </summary>
[Collection(SnarkjsCollection.Name)]
public sealed class CeremonyTests(SnarkjsPipeline p)
{
    private const string BeaconHex = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    private static T Read<T>(string path, Func<Stream, T> f) { using var s = File.OpenRead(path); return f(s); }
    private static byte[] Bytes(Action<Stream> w) { using var ms = new MemoryStream(); w(ms); return ms.ToArray(); }
    private ConstraintSystem Cs => Read(p.R1cs, R1csFile.Read);
    private PowersOfTauData Ptau => Read(p.Pot, PtauFile.Read);

    [Fact]
    public void TwoContributionsAndBeacon_AcceptedByOurVerifyAndSnarkjs_HashesMatchSnarkjsTranscript()
    {
        var pk0 = Read(p.Zkey0, ZkeyFile.Read);
        var (pk1, h1) = ZkeyContributor.Contribute(pk0, "alice", "alice's entropy"u8);
        var (pk2, h2) = ZkeyContributor.Contribute(pk1, "bob", []);
        var (pk3, h3) = ZkeyContributor.Beacon(pk2, "final beacon", BeaconRandomness.ParseBeaconHash(BeaconHex), 10);
        Assert.Equal([0u, 0u, 1u], pk3.Mpc.Contributions.Select(c => c.Type));
        Assert.Equal((byte?)10, pk3.Mpc.Contributions[2].NumIterationsExp);
        Assert.Equal(h3, ZkeyContributor.ContributionHash(pk3.Mpc.Contributions[2]));

        var v = ZkeyContributor.Verify(Cs, Ptau, pk3);
        Assert.True(v.IsValid, v.Reason);

        using var dir = new TempDirectory();
        var path = dir.File("final.zkey");
        File.WriteAllBytes(path, Bytes(s => ZkeyFile.Write(pk3, s)));
        var r = ProcessRunner.Snarkjs(["zkey", "verify", p.R1cs, p.Pot, path]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("ZKey Ok!"), r.StdOut + r.StdErr);
        foreach (var h in new[] { h1, h2, h3 }) Assert.Contains(SnarkjsHashFormat.Format(h), r.StdOut);
        Assert.Contains("Beacon generator: " + BeaconHex, r.StdOut);

        // The key still proves and verifies.
        var (proof, pub) = Groth16Prover.Prove(pk3, Read(p.Wtns, WtnsFile.Read));
        Assert.True(Groth16Verifier.Verify(pk3.VerificationKey, pub.Select(x => x.ToBigInteger()).ToArray(), proof).IsValid);
    }

    [Fact]
    public void SnarkjsBeacon_AcceptedByOurVerify_AndOurBeaconIsIdentical()
    {
        using var dir = new TempDirectory();
        var path = dir.File("beacon.zkey");
        SnarkjsPipeline.Snark("zkey", "beacon", p.Zkey1, path, BeaconHex, "10", "-n=snarkjs beacon");
        var theirs = Read(path, ZkeyFile.Read);
        var v = ZkeyContributor.Verify(Cs, Ptau, theirs);
        Assert.True(v.IsValid, v.Reason);
        Assert.Equal(2, theirs.Mpc.Contributions.Count);
        Assert.Equal(1u, theirs.Mpc.Contributions[1].Type);

        var (ours, _) = ZkeyContributor.Beacon(Read(p.Zkey1, ZkeyFile.Read), "snarkjs beacon", Convert.FromHexString(BeaconHex), 10);
        Assert.Equal(theirs.Delta1, ours.Delta1);
        Assert.Equal(theirs.Delta2, ours.Delta2);
        Assert.Equal(theirs.C, ours.C);
        Assert.Equal(theirs.H, ours.H);
        var a = theirs.Mpc.Contributions[1];
        var b = ours.Mpc.Contributions[1];
        Assert.Equal((a.DeltaAfter, a.G1S, a.G1SX, a.G2SPX, a.Name, a.NumIterationsExp), (b.DeltaAfter, b.G1S, b.G1SX, b.G2SPX, b.Name, b.NumIterationsExp));
        Assert.Equal(a.Transcript, b.Transcript);
        Assert.Equal(a.BeaconHash, b.BeaconHash);
    }

    [Fact]
    public void SnarkjsContributionOnTopOfOurs_AcceptedByOurVerify()
    {
        using var dir = new TempDirectory();
        var (ours, _) = ZkeyContributor.Contribute(Read(p.Zkey1, ZkeyFile.Read), "zkchain", []);
        File.WriteAllBytes(dir.File("a.zkey"), Bytes(s => ZkeyFile.Write(ours, s)));
        SnarkjsPipeline.Snark("zkey", "contribute", dir.File("a.zkey"), dir.File("b.zkey"), "--name=third", "-e=x");
        var v = ZkeyContributor.Verify(Cs, Ptau, Read(dir.File("b.zkey"), ZkeyFile.Read));
        Assert.True(v.IsValid, v.Reason);
    }

    [Fact]
    public void TamperedTranscripts_AreRejectedWithAClearMessage()
    {
        var pk1 = Read(p.Zkey1, ZkeyFile.Read);
        var (pk2, _) = ZkeyContributor.Contribute(pk1, "bob", []);
        var (pk3, _) = ZkeyContributor.Beacon(pk2, null, Convert.FromHexString(BeaconHex), 10);
        var cs = Cs;
        var ptau = Ptau;

        ProvingKey WithContribution(int i, ZkeyContribution c)
        {
            var list = pk3.Mpc.Contributions.ToArray();
            list[i] = c;
            return pk3.WithDelta(pk3.Delta1, pk3.Delta2, pk3.C, pk3.H, new MpcParams(pk3.Mpc.CsHash, list));
        }

        // A different beacon value: the recorded keys no longer follow from it.
        var other = Convert.FromHexString(BeaconHex);
        other[0] ^= 1;
        var r = ZkeyContributor.Verify(cs, ptau, WithContribution(2, pk3.Mpc.Contributions[2] with { BeaconHash = other }));
        Assert.False(r.IsValid);
        Assert.Contains("contribution 3 (beacon)", r.Reason);
        Assert.Contains("beacon", r.Reason);

        r = ZkeyContributor.Verify(cs, ptau, WithContribution(2, pk3.Mpc.Contributions[2] with { NumIterationsExp = 11 }));
        Assert.False(r.IsValid);
        Assert.Contains("contribution 3 (beacon)", r.Reason);

        // A changed delta in a middle contribution breaks its proof of knowledge chain.
        var c1 = pk3.Mpc.Contributions[1];
        r = ZkeyContributor.Verify(cs, ptau, WithContribution(1, c1 with { DeltaAfter = (c1.DeltaAfter.ToJacobian() + G1Affine.Generator).ToAffine() }));
        Assert.False(r.IsValid);
        Assert.Contains("contribution 2", r.Reason);

        // Swapped transcript hashes (contributions reordered).
        var swapped = pk3.Mpc.Contributions.ToArray();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        r = ZkeyContributor.Verify(cs, ptau, pk3.WithDelta(pk3.Delta1, pk3.Delta2, pk3.C, pk3.H, new MpcParams(pk3.Mpc.CsHash, swapped)));
        Assert.False(r.IsValid);
        Assert.Contains("transcript", r.Reason);

        // A dropped last contribution: delta no longer matches.
        r = ZkeyContributor.Verify(cs, ptau, pk3.WithDelta(pk3.Delta1, pk3.Delta2, pk3.C, pk3.H, new MpcParams(pk3.Mpc.CsHash, pk3.Mpc.Contributions.Take(2).ToList())));
        Assert.False(r.IsValid);
        Assert.Contains("delta1", r.Reason);

        // An unknown type.
        r = ZkeyContributor.Verify(cs, ptau, WithContribution(1, c1 with { Type = 7 }));
        Assert.False(r.IsValid);
        Assert.Contains("unknown contribution type", r.Reason);
    }

    [Fact]
    public void BeaconParameters_ValidatedLikeSnarkjs()
    {
        Assert.Throws<ArgumentException>(() => BeaconRandomness.ValidateIterationsExp(9));
        Assert.Throws<ArgumentException>(() => BeaconRandomness.ValidateIterationsExp(64));
        BeaconRandomness.ValidateIterationsExp(10);
        BeaconRandomness.ValidateIterationsExp(63);
        Assert.Throws<ArgumentException>(() => BeaconRandomness.ParseBeaconHash("abc"));
        Assert.Throws<ArgumentException>(() => BeaconRandomness.ParseBeaconHash("zz"));
        Assert.Throws<ArgumentException>(() => BeaconRandomness.ParseBeaconHash(""));
        Assert.Throws<ArgumentException>(() => BeaconRandomness.ParseBeaconHash(new string('a', 512)));
        Assert.Equal([0xab, 0xcd], BeaconRandomness.ParseBeaconHash("0xABcd"));
    }

    [Fact]
    public void PtauInspection_ReadsTranscriptAndHashes_LikeSnarkjs()
    {
        var i = PtauInspector.Inspect(p.Pot);
        Assert.Equal(SnarkjsPipeline.Power, i.Power);
        Assert.True(i.PreparedForPhase2);
        Assert.Single(i.Contributions);
        Assert.Equal("first", i.Contributions[0].Name);
        var bc = new Blake2bDigest(512);
        var all = File.ReadAllBytes(p.Pot);
        bc.BlockUpdate(all, 0, all.Length);
        var expected = new byte[64];
        bc.DoFinal(expected, 0);
        Assert.Equal(expected, i.FileBlake2b512);
        Assert.False(PtauInspector.Inspect(p.Pot1).PreparedForPhase2);

        // The response hash equals the one our contribution returned and the one snarkjs's verify prints.
        using var dir = new TempDirectory();
        var (ours, responseHash) = PowersOfTauContribution.Contribute(Read(p.Pot1, PtauFile.Read), "zkchain second", "e"u8);
        File.WriteAllBytes(dir.File("two.ptau"), Bytes(s => PtauFile.Write(ours, s)));
        var two = PtauInspector.Inspect(dir.File("two.ptau"));
        Assert.Equal(2, two.Contributions.Count);
        Assert.Equal(responseHash, two.Contributions[1].ResponseHash);
        Assert.Equal(ours.Contributions[1].NextChallenge, two.Contributions[1].NextChallenge);
        var r = ProcessRunner.Snarkjs(["powersoftau", "verify", dir.File("two.ptau")]);
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        Assert.Contains(SnarkjsHashFormat.Format(two.Contributions[0].ResponseHash), r.StdOut);
        Assert.Contains(SnarkjsHashFormat.Format(responseHash), r.StdOut);
        Assert.Empty(SetupProvenance.PtauReasons(two));
    }

    [Fact]
    public void PtauInspection_MalformedFiles_AreInvalidData()
    {
        using var dir = new TempDirectory();
        var all = File.ReadAllBytes(p.Pot1);
        File.WriteAllBytes(dir.File("trunc.ptau"), all[..(all.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => PtauInspector.Inspect(dir.File("trunc.ptau")));
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(dir.File("garbage.ptau"), "not a ptau file at all"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => PtauInspector.Inspect(dir.File("garbage.ptau")));
        File.WriteAllBytes(dir.File("zkey.ptau"), File.ReadAllBytes(p.Zkey1));
        e = Assert.Throws<InvalidDataException>(() => PtauInspector.Inspect(dir.File("zkey.ptau")));
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void SetupProvenance_FlagsSingleParty()
    {
        var zkey0 = Read(p.Zkey0, ZkeyFile.Read);
        var zkey1 = Read(p.Zkey1, ZkeyFile.Read);
        var r0 = SetupProvenance.Assess(zkey0, Ptau);
        Assert.True(r0.IsDevelopmentOnly);
        Assert.Equal(0, r0.ZkeyContributions);
        Assert.Equal(1, r0.PtauContributions);
        Assert.Equal(2, r0.Reasons.Count);
        Assert.StartsWith("DEVELOPMENT ONLY", r0.Summary);

        var r1 = SetupProvenance.Assess(zkey1);
        Assert.False(r1.IsDevelopmentOnly);
        Assert.Null(r1.PtauContributions);
        // With its one-contribution ptau the setup is single-party in phase 1.
        var r1p = SetupProvenance.Assess(zkey1, PtauInspector.Inspect(p.Pot));
        Assert.True(r1p.IsDevelopmentOnly);
        Assert.Contains(r1p.Reasons, x => x.Contains("powers of tau"));

        // Only a beacon: its randomness is public.
        var (beaconOnly, _) = ZkeyContributor.Beacon(zkey0, null, Convert.FromHexString(BeaconHex), 10);
        var rb = SetupProvenance.Assess(beaconOnly);
        Assert.True(rb.IsDevelopmentOnly);
        Assert.Equal(1, rb.ZkeyBeacons);
        Assert.Contains("beacon", rb.Reasons[0]);

        // Locally made contributions are flagged by their names.
        var (local, _) = ZkeyContributor.Contribute(zkey0, "zkchain local setup", []);
        Assert.True(SetupProvenance.Assess(local).IsDevelopmentOnly);

        // A ptau built from secrets with no transcript (as a local development setup does).
        var noTranscript = ToxicWasteSetup.PtauFromSecrets(3, Fr.FromUInt64(5), Fr.FromUInt64(6), Fr.FromUInt64(7));
        var rt = SetupProvenance.Assess(zkey1, noTranscript);
        Assert.True(rt.IsDevelopmentOnly);
        Assert.Contains(rt.Reasons, x => x.Contains("no contribution transcript"));
    }
}
