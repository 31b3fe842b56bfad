using ZkChain.Algebra;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>
/// PowersOfTauVerifier against snarkjs as the oracle: files snarkjs makes verify with ours, files we make verify with
/// `snarkjs powersoftau verify`, and every kind of tampering (a point, a Lagrange point, a contribution record, a beacon,
/// a G2 point outside the subgroup, a zero secret) is rejected with a message naming what broke.
/// </summary>
[Collection(SnarkjsCollection.Name)]
public sealed class PowersOfTauVerifyTests(SnarkjsPipeline p)
{
    private static PowersOfTauData Read(string path)
    {
        using var s = File.OpenRead(path);
        return PtauFile.Read(s);
    }

    private static void Write(string path, PowersOfTauData d)
    {
        using var s = File.Create(path);
        PtauFile.Write(d, s);
    }

    /// <summary>A copy with some sections replaced (PowersOfTauData is init-only).</summary>
    private static PowersOfTauData With(PowersOfTauData d, G1Affine[]? tauG1 = null, G2Affine[]? tauG2 = null, G1Affine[]? alphaTauG1 = null,
        G1Affine[]? betaTauG1 = null, G2Affine? betaG2 = null, IReadOnlyList<PtauContribution>? contributions = null,
        G1Affine[]? l12 = null, G2Affine[]? l13 = null, G1Affine[]? l15 = null) => new()
    {
        Power = d.Power, CeremonyPower = d.CeremonyPower,
        TauG1 = tauG1 ?? d.TauG1, TauG2 = tauG2 ?? d.TauG2, AlphaTauG1 = alphaTauG1 ?? d.AlphaTauG1, BetaTauG1 = betaTauG1 ?? d.BetaTauG1,
        BetaG2 = betaG2 ?? d.BetaG2, Contributions = contributions ?? d.Contributions,
        LagrangeTauG1 = l12 ?? d.LagrangeTauG1, LagrangeTauG2 = l13 ?? d.LagrangeTauG2,
        LagrangeAlphaTauG1 = d.LagrangeAlphaTauG1, LagrangeBetaTauG1 = l15 ?? d.LagrangeBetaTauG1,
    };

    private static T[] Replace<T>(T[] a, int i, T value)
    {
        var c = a.ToArray();
        c[i] = value;
        return c;
    }

    private static ProcessResult SnarkjsVerify(string path) => ProcessRunner.Snarkjs(["powersoftau", "verify", path], timeout: TimeSpan.FromMinutes(3));

    private static bool SnarkjsAccepts(ProcessResult r) => r.ExitCode == 0 && r.StdOut.Contains("Powers of Tau Ok!");

    private static readonly Lazy<PowersOfTauData> TwoParty = new(() =>
    {
        var one = PowersOfTauContribution.Contribute(PowersOfTau.New(3), "one", "first entropy"u8).Result;
        return PowersOfTauContribution.Contribute(one, "two", "second entropy"u8).Result;
    });

    private static readonly Lazy<PowersOfTauData> TwoPartyPrepared = new(() => PowersOfTau.PreparePhase2(TwoParty.Value));

    [Fact]
    public void A_file_snarkjs_made_and_prepared_verifies()
    {
        var v = PowersOfTauVerifier.Verify(Read(p.Pot));
        Assert.True(v.IsValid, v.Problem);
        Assert.True(v.PreparedForPhase2);
        Assert.Equal("first", Assert.Single(v.Contributions).Name);
        Assert.Empty(v.Notes);
    }

    [Fact]
    public void Snarkjs_contributions_and_beacon_verify_and_a_forged_beacon_does_not()
    {
        using var dir = new TempDirectory();
        string F(string n) => dir.File(n);
        SnarkjsPipeline.Snark("powersoftau", "new", "bn128", "3", F("0.ptau"));
        SnarkjsPipeline.Snark("powersoftau", "contribute", F("0.ptau"), F("1.ptau"), "--name=alice", "-e=alice entropy");
        SnarkjsPipeline.Snark("powersoftau", "contribute", F("1.ptau"), F("2.ptau"), "--name=bob", "-e=bob entropy");
        SnarkjsPipeline.Snark("powersoftau", "beacon", F("2.ptau"), F("3.ptau"), "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "10", "-n=final beacon");
        SnarkjsPipeline.Snark("powersoftau", "prepare", "phase2", F("3.ptau"), F("final.ptau"));

        var d = Read(F("final.ptau"));
        var v = PowersOfTauVerifier.Verify(d);
        Assert.True(v.IsValid, v.Problem);
        Assert.Equal(new[] { "alice", "bob", "final beacon" }, v.Contributions.Select(c => c.Name).ToArray());
        Assert.Equal(new uint[] { 0, 0, 1 }, v.Contributions.Select(c => c.Type).ToArray());
        Assert.Equal(2, v.IndependentContributions);

        // Another beacon value: the recorded key is no longer the one drawn from it.
        var forged = d.Contributions.ToArray();
        forged[2] = forged[2] with { BeaconHash = Enumerable.Repeat((byte)0x42, 32).ToArray() };
        var bad = PowersOfTauVerifier.Verify(With(d, contributions: forged));
        Assert.False(bad.IsConsistent);
        Assert.Contains("contribution 3 (final beacon): beacon", bad.Problem);
    }

    [Fact]
    public void Our_two_party_file_verifies_with_ours_and_with_snarkjs()
    {
        using var dir = new TempDirectory();
        var v = PowersOfTauVerifier.Verify(TwoParty.Value);
        Assert.True(v.IsValid, v.Problem);
        Assert.Contains(v.Notes, n => n.Contains("not prepared for phase 2"));

        var prepared = TwoPartyPrepared.Value;
        var vp = PowersOfTauVerifier.Verify(prepared);
        Assert.True(vp.IsValid, vp.Problem);
        Assert.Equal(new[] { "one", "two" }, vp.Contributions.Select(c => c.Name).ToArray());
        Assert.Equal(PtauInspector.ResponseHash(prepared.Contributions[1]), vp.Contributions[1].ResponseHash);
        Write(dir.File("ours.ptau"), prepared);
        var r = SnarkjsVerify(dir.File("ours.ptau"));
        Assert.True(SnarkjsAccepts(r), r.StdOut + r.StdErr);
    }

    [Fact]
    public void A_tampered_point_is_rejected_by_ours_and_by_snarkjs()
    {
        using var dir = new TempDirectory();
        var d = TwoPartyPrepared.Value;
        var bad = With(d, tauG1: Replace(d.TauG1, 3, d.TauG1[2]));
        var v = PowersOfTauVerifier.Verify(bad);
        Assert.False(v.IsValid);
        Assert.Contains("points changed after the contribution", v.Problem);
        Write(dir.File("bad.ptau"), bad);
        Assert.False(SnarkjsAccepts(SnarkjsVerify(dir.File("bad.ptau"))));
    }

    /// <summary>Without a transcript nothing is hashed, so the power relations alone must catch each inconsistent section.</summary>
    [Fact]
    public void Inconsistent_powers_are_rejected_section_by_section()
    {
        var d = With(TwoParty.Value, contributions: []);
        var ok = PowersOfTauVerifier.Verify(d);
        Assert.True(ok.IsConsistent, ok.Problem);
        Assert.False(ok.IsValid); // no contribution: nothing shows who chose the secrets
        Assert.Contains(ok.Notes, n => n.Contains("no contribution"));

        var twice = Curve.Mul(d.TauG1[5], Fr.FromUInt64(2)).ToAffine();
        Assert.Contains("tau*G1 section", PowersOfTauVerifier.Verify(With(d, tauG1: Replace(d.TauG1, 5, twice))).Problem);
        var alpha = Curve.Mul(d.AlphaTauG1[2], Fr.FromUInt64(3)).ToAffine();
        Assert.Contains("alpha*tau*G1 section", PowersOfTauVerifier.Verify(With(d, alphaTauG1: Replace(d.AlphaTauG1, 2, alpha))).Problem);
        var beta = Curve.Mul(d.BetaTauG1[7], Fr.FromUInt64(3)).ToAffine();
        Assert.Contains("beta*tau*G1 section", PowersOfTauVerifier.Verify(With(d, betaTauG1: Replace(d.BetaTauG1, 7, beta))).Problem);
        var tau2 = Curve.Mul(d.TauG2[3], Fr.FromUInt64(5)).ToAffine();
        Assert.Contains("tau*G2 section", PowersOfTauVerifier.Verify(With(d, tauG2: Replace(d.TauG2, 3, tau2))).Problem);
        Assert.Contains("beta*G1 and beta*G2", PowersOfTauVerifier.Verify(With(d, betaG2: Curve.Mul(d.BetaG2, Fr.FromUInt64(2)).ToAffine())).Problem);
        Assert.Contains("point at infinity", PowersOfTauVerifier.Verify(With(d, tauG1: Replace(d.TauG1, 4, G1Affine.Infinity))).Problem);
    }

    [Fact]
    public void A_tampered_Lagrange_point_is_rejected_by_ours_and_by_snarkjs()
    {
        using var dir = new TempDirectory();
        var d = TwoPartyPrepared.Value;
        var l12 = With(d, l12: Replace(d.LagrangeTauG1!, 9, d.LagrangeTauG1![10]));
        Assert.Contains("section 12", PowersOfTauVerifier.Verify(l12).Problem);
        // The last point of the padded 2^(power+1) domain, which a check over the first 2^power powers would not see.
        Assert.Contains("section 12", PowersOfTauVerifier.Verify(With(d, l12: Replace(d.LagrangeTauG1!, d.LagrangeTauG1!.Length - 1, d.TauG1[1]))).Problem);
        Assert.Contains("section 13", PowersOfTauVerifier.Verify(With(d, l13: Replace(d.LagrangeTauG2!, 4, d.LagrangeTauG2![5]))).Problem);
        Assert.Contains("section 15", PowersOfTauVerifier.Verify(With(d, l15: Replace(d.LagrangeBetaTauG1!, 2, d.BetaTauG1[1]))).Problem);
        Write(dir.File("l12.ptau"), l12);
        Assert.False(SnarkjsAccepts(SnarkjsVerify(dir.File("l12.ptau"))));
    }

    [Fact]
    public void A_tampered_contribution_record_is_rejected()
    {
        using var dir = new TempDirectory();
        var d = TwoPartyPrepared.Value;
        var c = d.Contributions.ToArray();

        // The first record's next challenge: the second contribution's proofs were bound to the real one.
        var challenge = c[0].NextChallenge.ToArray();
        challenge[0] ^= 1;
        var rebound = With(d, contributions: [c[0] with { NextChallenge = challenge }, c[1]]);
        var v = PowersOfTauVerifier.Verify(rebound);
        Assert.Contains("contribution 2 (two): INVALID proof of knowledge of tau", v.Problem);
        Write(dir.File("rebound.ptau"), rebound);
        Assert.False(SnarkjsAccepts(SnarkjsVerify(dir.File("rebound.ptau"))));

        // A proof of knowledge that does not hold.
        var key = c[0].Key with { AlphaG1SX = Curve.Mul(c[0].Key.AlphaG1SX, Fr.FromUInt64(2)).ToAffine() };
        Assert.Contains("contribution 1 (one): INVALID proof of knowledge of alpha", PowersOfTauVerifier.Verify(With(d, contributions: [c[0] with { Key = key }, c[1]])).Problem);

        // The first record's accumulator point: the second contribution no longer follows it.
        var moved = c[0] with { TauG1 = Curve.Mul(c[0].TauG1, Fr.FromUInt64(2)).ToAffine() };
        Assert.Contains("INVALID tau*G1", PowersOfTauVerifier.Verify(With(d, contributions: [moved, c[1]])).Problem);

        // A zero secret makes every ratio trivially hold; it is refused outright.
        var zero = c[1].Key with { TauG1SX = G1Affine.Infinity };
        Assert.Contains("point at infinity", PowersOfTauVerifier.Verify(With(d, contributions: [c[0], c[1] with { Key = zero }])).Problem);

        // An unknown contribution type.
        Assert.Contains("unknown contribution type", PowersOfTauVerifier.Verify(With(d, contributions: [c[0], c[1] with { Type = 7 }])).Problem);
    }

    [Fact]
    public void A_G2_point_outside_the_subgroup_is_rejected()
    {
        // A point on the twist (x³ + b' is a square) that is not in the order-r subgroup: the twist's cofactor is large.
        G2Affine outside = default;
        for (ulong i = 1; ; i++)
        {
            if (HashToG2.TryLift(new Fq2(Fq.FromUInt64(i), Fq.One), out outside) && !outside.IsInSubgroup()) break;
        }
        Assert.True(outside.IsOnCurve());

        var noTranscript = With(TwoParty.Value, contributions: []);
        Assert.Contains("tau*G2 point 2 is not in the G2 subgroup", PowersOfTauVerifier.Verify(With(noTranscript, tauG2: Replace(noTranscript.TauG2, 2, outside))).Problem);
        Assert.Contains("beta*G2 is not in the G2 subgroup", PowersOfTauVerifier.Verify(With(noTranscript, betaG2: outside)).Problem);

        var d = TwoPartyPrepared.Value;
        Assert.Contains("section 13", PowersOfTauVerifier.Verify(With(d, l13: Replace(d.LagrangeTauG2!, 6, outside))).Problem);
        var c = d.Contributions.ToArray();
        var key = c[0].Key with { BetaG2SPX = outside };
        Assert.Contains("contribution 1 (one): key.beta.g2_spx is not in the G2 subgroup", PowersOfTauVerifier.Verify(With(d, contributions: [c[0] with { Key = key }, c[1]])).Problem);
    }
}
