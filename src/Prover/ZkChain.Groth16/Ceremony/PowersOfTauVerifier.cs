using ZkChain.Algebra;
using ZkChain.Groth16.Formats;

namespace ZkChain.Groth16.Ceremony;

// ---------------------------------------------------------------------------------------------------------------
// PowersOfTauVerifier — the cryptographic check of a phase-1 file (what `snarkjs powersoftau verify` does).
//
//   PtauVerification PowersOfTauVerifier.Verify(PowersOfTauData ptau, IProgress<(string, double)>? progress = null)
//
//   result.Problem         null, or the first thing that does not hold ("contribution 2 (bob): INVALID tau*G1 ...")
//   result.IsConsistent    Problem == null: every recorded contribution and every point checks
//   result.IsValid         consistent AND at least one contribution (snarkjs refuses a file without any)
//   result.Contributions   the transcript: names, response hashes, next challenges, beacon parameters
//   result.Notes           what could not be checked and why (unprepared file, reduced power)
//
// Checks, in order (cheap first, so a tampered file fails fast):
//  1. every contribution, oldest first, against the one before it (the first against the initial accumulator and
//     snarkjs's first challenge): the proofs of knowledge of tau, alpha and beta (g2_sp hashed from the previous
//     challenge, so each proof is bound to the chain), that tauG1, tauG2, alphaG1, betaG1, betaG2 moved by exactly
//     those secrets, no zero secret (points at infinity), G2 points in the order-r subgroup; a beacon is recomputed;
//  2. the file's points are the last contribution's: first points equal its record, its partial hash finished with
//     the file's points is its response hash, and Blake2b(response hash ‖ points) is its next challenge;
//  3. every point is valid (G1 on the curve — cofactor 1 — and every G2 point in the subgroup), none at infinity;
//  4. the powers are consistent: with random weights ρ, e(Σρ_i·P_i, τG2) = e(Σρ_i·P_{i+1}, G2) for tauG1,
//     alphaTauG1, betaTauG1, the mirrored check for tauG2, and e(βG1, G2) = e(G1, βG2);
//  5. for a prepared file, sections 12–15: for each domain 2^k the Lagrange points L must be the inverse NTT of the
//     first 2^k powers T, i.e. Σ f_j·L_j = Σ r_i·T_i for random r and f = NTT(r). All k of one section are checked
//     at once with independent r per k (one MSM over all Lagrange points, one over the powers).
// A random linear combination that holds for wrong points holds with probability about 1/r per check.
//
// Limits of the transcript format: intermediate accumulators are not in the file, so an intermediate contribution's
// next challenge cannot be recomputed; each contribution is checked against the previous record's points and
// challenge only (as snarkjs does).
// ---------------------------------------------------------------------------------------------------------------

/// <summary>Result of <see cref="PowersOfTauVerifier.Verify"/>.</summary>
public sealed record PtauVerification(
    int Power,
    int CeremonyPower,
    bool PreparedForPhase2,
    IReadOnlyList<PtauContributionSummary> Contributions,
    string? Problem,
    IReadOnlyList<string> Notes)
{
    /// <summary>Every recorded contribution and every point checks (a file without contributions can be consistent).</summary>
    public bool IsConsistent => Problem == null;

    /// <summary>Consistent and at least one contribution: what `powersoftau verify` accepts.</summary>
    public bool IsValid => IsConsistent && Contributions.Count > 0;

    public int IndependentContributions => Contributions.Count(c => c.Type == 0);
}

/// <summary>Checks a .ptau cryptographically (see the notes at the top of this file).</summary>
public static class PowersOfTauVerifier
{
    public static PtauVerification Verify(PowersOfTauData ptau, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ptau);
        var notes = new List<string>();
        var transcript = ptau.Contributions.Select((c, i) =>
            new PtauContributionSummary(i + 1, c.Name, c.Type, PtauInspector.ResponseHash(c), c.NextChallenge, c.BeaconHash, c.NumIterationsExp)).ToList();
        var problem = Run(ptau, notes, progress);
        return new PtauVerification(ptau.Power, ptau.CeremonyPower, ptau.IsPreparedForPhase2, transcript, problem, notes);
    }

    private static string? Run(PowersOfTauData d, List<string> notes, IProgress<(string Stage, double Fraction)>? progress)
    {
        void Step(string what, double fraction) => progress?.Report(("powersoftau verify: " + what, fraction));
        if (d.Power > d.CeremonyPower) return $"power {d.Power} is larger than the ceremony power {d.CeremonyPower}";
        var n = 1 << d.Power;
        if (d.Power < 1 || d.TauG1.Length != 2 * n - 1 || d.TauG2.Length != n || d.AlphaTauG1.Length != n || d.BetaTauG1.Length != n)
            return $"section sizes do not match power {d.Power}";

        // 1. The contribution chain.
        var prev = Initial(d.CeremonyPower);
        for (var i = 0; i < d.Contributions.Count; i++)
        {
            var c = d.Contributions[i];
            var who = $"contribution {i + 1}" + (c.Name is { Length: > 0 } name ? $" ({name})" : "");
            var p = CheckContribution(c, prev);
            if (p != null) return $"{who}: {p}";
            prev = new ChainState(c.TauG1, c.TauG2, c.AlphaG1, c.BetaG1, c.BetaG2, c.NextChallenge);
            Step("contributions", (i + 1.0) / d.Contributions.Count);
        }

        // 2. The file's points are the last contribution's.
        if (d.TauG1[0] != G1Affine.Generator) return "the first tau*G1 point is not the generator";
        if (d.TauG2[0] != G2Affine.Generator) return "the first tau*G2 point is not the generator";
        if (d.Contributions.Count > 0)
        {
            var last = d.Contributions[^1];
            if (d.TauG1[1] != last.TauG1) return "the second tau*G1 point does not match the last contribution's record";
            if (d.TauG2[1] != last.TauG2) return "the second tau*G2 point does not match the last contribution's record";
            if (d.AlphaTauG1[0] != last.AlphaG1) return "alpha*G1 does not match the last contribution's record";
            if (d.BetaTauG1[0] != last.BetaG1) return "beta*G1 does not match the last contribution's record";
            if (d.BetaG2 != last.BetaG2) return "beta*G2 does not match the last contribution's record";
            if (d.Power == d.CeremonyPower)
            {
                var previousChallenge = d.Contributions.Count > 1 ? d.Contributions[^2].NextChallenge : PowersOfTauContribution.FirstChallengeHash(d.CeremonyPower);
                var response = ResponseOverPoints(d, previousChallenge);
                response.Update(PtauFile.PublicKeyBytes(last.Key, uncompressed: true));
                var responseHash = response.Digest();
                if (!responseHash.AsSpan().SequenceEqual(PtauInspector.ResponseHash(last)))
                    return "the last contribution's response hash does not cover the points in this file (points changed after the contribution)";
                if (!NextChallenge(d, responseHash).AsSpan().SequenceEqual(last.NextChallenge))
                    return "the hash of the points in this file is not the last contribution's next challenge (points changed after the contribution)";
            }
            else
            {
                notes.Add($"the file was reduced from power {d.CeremonyPower} to {d.Power}: the hashes over the full accumulator cannot be recomputed");
            }
        }
        else
        {
            notes.Add("the file records no contribution: nothing shows who chose tau, alpha and beta");
        }
        Step("hashes", 1);

        // 3. Point validity. G1 has cofactor 1 (the reader checked the curve equation); G2 needs the subgroup check.
        if (FirstInfinity(d.TauG1) is { } t1) return $"tau*G1 point {t1} is the point at infinity (a zero secret)";
        if (FirstInfinity(d.AlphaTauG1) is { } a1) return $"alpha*tau*G1 point {a1} is the point at infinity (a zero secret)";
        if (FirstInfinity(d.BetaTauG1) is { } b1) return $"beta*tau*G1 point {b1} is the point at infinity (a zero secret)";
        if (FirstInfinity(d.TauG2) is { } t2) return $"tau*G2 point {t2} is the point at infinity (a zero secret)";
        if (d.BetaG2.IsInfinity) return "beta*G2 is the point at infinity (a zero secret)";
        if (FirstOutsideSubgroup(d.TauG2) is { } s2) return $"tau*G2 point {s2} is not in the G2 subgroup";
        if (!d.BetaG2.IsInSubgroup()) return "beta*G2 is not in the G2 subgroup";
        Step("points", 1);

        // 4. The powers: consecutive points differ by tau.
        var tauG2 = d.TauG2[1];
        if (!ShiftedRatioG1(d.TauG1, tauG2)) return "tau*G1 section: the points are not consecutive powers of tau";
        if (!ShiftedRatioG1(d.AlphaTauG1, tauG2)) return "alpha*tau*G1 section: the points are not alpha times consecutive powers of tau";
        if (!ShiftedRatioG1(d.BetaTauG1, tauG2)) return "beta*tau*G1 section: the points are not beta times consecutive powers of tau";
        if (!ShiftedRatioG2(d.TauG2, d.TauG1[1])) return "tau*G2 section: the points are not consecutive powers of tau";
        if (!SameRatio(G1Affine.Generator, d.TauG1[1], G2Affine.Generator, tauG2)) return "tau*G1 and tau*G2 use different tau";
        if (!SameRatio(G1Affine.Generator, d.BetaTauG1[0], G2Affine.Generator, d.BetaG2)) return "beta*G1 and beta*G2 use different beta";
        Step("powers", 1);

        // 5. The Lagrange sections of a prepared file.
        if (!d.IsPreparedForPhase2)
        {
            notes.Add("not prepared for phase 2 (no sections 12-15): run `powersoftau prepare phase2` before using it for a circuit");
            return null;
        }
        var total = 2 * n - 1;
        if (d.LagrangeTauG1!.Length != 4 * n - 1 || d.LagrangeTauG2!.Length != total || d.LagrangeAlphaTauG1!.Length != total || d.LagrangeBetaTauG1!.Length != total)
            return "the Lagrange sections 12-15 have the wrong sizes for this power";
        if (FirstOutsideSubgroup(d.LagrangeTauG2) is { } l2) return $"Lagrange tau*G2 point {l2} (section 13) is not in the G2 subgroup";
        if (!LagrangeMatchesG1(d.TauG1, d.LagrangeTauG1, d.Power + 1)) return "section 12 (Lagrange tau*G1) is not the inverse NTT of the tau*G1 powers";
        Step("Lagrange tauG1", 0.25);
        if (!LagrangeMatchesG2(d.TauG2, d.LagrangeTauG2, d.Power)) return "section 13 (Lagrange tau*G2) is not the inverse NTT of the tau*G2 powers";
        Step("Lagrange tauG2", 0.5);
        if (!LagrangeMatchesG1(d.AlphaTauG1, d.LagrangeAlphaTauG1, d.Power)) return "section 14 (Lagrange alpha*tau*G1) is not the inverse NTT of the alpha*tau*G1 powers";
        Step("Lagrange alphaTauG1", 0.75);
        if (!LagrangeMatchesG1(d.BetaTauG1, d.LagrangeBetaTauG1, d.Power)) return "section 15 (Lagrange beta*tau*G1) is not the inverse NTT of the beta*tau*G1 powers";
        Step("Lagrange betaTauG1", 1);
        return null;
    }

    /// <summary>The accumulator a contribution builds on: its five points and the challenge its proofs are bound to.</summary>
    private sealed record ChainState(G1Affine TauG1, G2Affine TauG2, G1Affine AlphaG1, G1Affine BetaG1, G2Affine BetaG2, byte[] NextChallenge);

    private static ChainState Initial(int ceremonyPower) => new(G1Affine.Generator, G2Affine.Generator, G1Affine.Generator, G1Affine.Generator,
        G2Affine.Generator, PowersOfTauContribution.FirstChallengeHash(ceremonyPower));

    private static string? CheckContribution(PtauContribution c, ChainState prev)
    {
        if (c.Type > 1) return $"unknown contribution type {c.Type} (0 = contribution, 1 = beacon)";
        var k = c.Key;
        foreach (var (p, what) in new[] { (k.TauG1S, "key.tau.g1_s"), (k.TauG1SX, "key.tau.g1_sx"), (k.AlphaG1S, "key.alpha.g1_s"),
                     (k.AlphaG1SX, "key.alpha.g1_sx"), (k.BetaG1S, "key.beta.g1_s"), (k.BetaG1SX, "key.beta.g1_sx"),
                     (c.TauG1, "tauG1"), (c.AlphaG1, "alphaG1"), (c.BetaG1, "betaG1") })
        {
            if (p.IsInfinity) return $"{what} is the point at infinity (a zero secret proves nothing)";
        }
        foreach (var (p, what) in new[] { (k.TauG2SPX, "key.tau.g2_spx"), (k.AlphaG2SPX, "key.alpha.g2_spx"), (k.BetaG2SPX, "key.beta.g2_spx"),
                     (c.TauG2, "tauG2"), (c.BetaG2, "betaG2") })
        {
            if (p.IsInfinity) return $"{what} is the point at infinity (a zero secret proves nothing)";
            if (!p.IsInSubgroup()) return $"{what} is not in the G2 subgroup";
        }
        if (c.Type == 1)
        {
            var beaconProblem = CheckBeacon(c, prev.NextChallenge);
            if (beaconProblem != null) return "beacon: " + beaconProblem;
        }
        var tauSp = G2Sp(0, prev.NextChallenge, k.TauG1S, k.TauG1SX);
        var alphaSp = G2Sp(1, prev.NextChallenge, k.AlphaG1S, k.AlphaG1SX);
        var betaSp = G2Sp(2, prev.NextChallenge, k.BetaG1S, k.BetaG1SX);
        if (!SameRatio(k.TauG1S, k.TauG1SX, tauSp, k.TauG2SPX)) return "INVALID proof of knowledge of tau (or it is not bound to the previous challenge)";
        if (!SameRatio(k.AlphaG1S, k.AlphaG1SX, alphaSp, k.AlphaG2SPX)) return "INVALID proof of knowledge of alpha (or it is not bound to the previous challenge)";
        if (!SameRatio(k.BetaG1S, k.BetaG1SX, betaSp, k.BetaG2SPX)) return "INVALID proof of knowledge of beta (or it is not bound to the previous challenge)";
        if (!SameRatio(prev.TauG1, c.TauG1, tauSp, k.TauG2SPX)) return "INVALID tau*G1: it does not follow the previous contribution";
        if (!SameRatio(k.TauG1S, k.TauG1SX, prev.TauG2, c.TauG2)) return "INVALID tau*G2: it does not follow the previous contribution";
        if (!SameRatio(prev.AlphaG1, c.AlphaG1, alphaSp, k.AlphaG2SPX)) return "INVALID alpha*G1: it does not follow the previous contribution";
        if (!SameRatio(prev.BetaG1, c.BetaG1, betaSp, k.BetaG2SPX)) return "INVALID beta*G1: it does not follow the previous contribution";
        if (!SameRatio(k.BetaG1S, k.BetaG1SX, prev.BetaG2, c.BetaG2)) return "INVALID beta*G2: it does not follow the previous contribution";
        return null;
    }

    /// <summary>
    /// A phase-1 beacon's key is public: snarkjs draws tau, alpha, beta and then each g1_s from ChaCha seeded with the
    /// iterated beacon hash (keypair.createPTauKey), so the recorded key must be exactly the recomputed one.
    /// </summary>
    private static string? CheckBeacon(PtauContribution c, byte[] challenge)
    {
        if (c.BeaconHash is not { Length: > 0 } beacon) return "the beacon hash parameter is missing";
        if (c.NumIterationsExp is not { } iters) return "the numIterationsExp parameter is missing";
        if (iters is < BeaconRandomness.MinIterationsExp or > BeaconRandomness.MaxIterationsExp)
            return $"numIterationsExp {iters} is outside {BeaconRandomness.MinIterationsExp}..{BeaconRandomness.MaxIterationsExp}";
        var rng = BeaconRandomness.Rng(BeaconRandomness.IteratedHash(beacon, iters));
        var secrets = new[] { BeaconRandomness.FrFromRng(rng), BeaconRandomness.FrFromRng(rng), BeaconRandomness.FrFromRng(rng) };
        var k = c.Key;
        var recorded = new[] { (k.TauG1S, k.TauG1SX, k.TauG2SPX, "tau"), (k.AlphaG1S, k.AlphaG1SX, k.AlphaG2SPX, "alpha"), (k.BetaG1S, k.BetaG1SX, k.BetaG2SPX, "beta") };
        for (var i = 0; i < 3; i++)
        {
            var (g1s, g1sx, g2spx, what) = recorded[i];
            var s = BeaconRandomness.G1FromRng(rng);
            var sx = Curve.Mul(s, secrets[i]).ToAffine();
            if (g1s != s || g1sx != sx) return $"the {what} key (g1_s, g1_sx) is not the one drawn from the beacon";
            if (g2spx != Curve.Mul(G2Sp((byte)i, challenge, s, sx), secrets[i]).ToAffine()) return $"the {what} key (g2_spx) is not the one drawn from the beacon";
        }
        return null;
    }

    /// <summary>snarkjs keypair.getG2sp: HashToG2(Blake2b([personalization] ‖ challenge ‖ g1_s ‖ g1_sx)).</summary>
    private static G2Affine G2Sp(byte personalization, byte[] challenge, in G1Affine g1s, in G1Affine g1sx)
    {
        var h = new Blake2b512();
        h.Update([personalization]);
        h.Update(challenge);
        h.Update(PointCodec.G1Uncompressed(g1s));
        h.Update(PointCodec.G1Uncompressed(g1sx));
        return HashToG2.FromHash(h.Digest());
    }

    /// <summary>The response hash up to the public key: previous challenge, then every point compressed (as a contributor hashed them).</summary>
    private static Blake2b512 ResponseOverPoints(PowersOfTauData d, byte[] previousChallenge)
    {
        var h = new Blake2b512();
        h.Update(previousChallenge);
        foreach (var p in d.TauG1) h.Update(PowersOfTauContribution.CompressedG1(p));
        foreach (var p in d.TauG2) h.Update(PowersOfTauContribution.CompressedG2(p));
        foreach (var p in d.AlphaTauG1) h.Update(PowersOfTauContribution.CompressedG1(p));
        foreach (var p in d.BetaTauG1) h.Update(PowersOfTauContribution.CompressedG1(p));
        h.Update(PowersOfTauContribution.CompressedG2(d.BetaG2));
        return h;
    }

    /// <summary>snarkjs's next challenge: Blake2b(response hash ‖ every point uncompressed).</summary>
    private static byte[] NextChallenge(PowersOfTauData d, byte[] responseHash)
    {
        var h = new Blake2b512();
        h.Update(responseHash);
        Span<byte> g1 = stackalloc byte[PointCodec.G1Size];
        Span<byte> g2 = stackalloc byte[PointCodec.G2Size];
        foreach (var p in d.TauG1) { PointCodec.WriteG1Uncompressed(p, g1); h.Update(g1); }
        foreach (var p in d.TauG2) { PointCodec.WriteG2Uncompressed(p, g2); h.Update(g2); }
        foreach (var p in d.AlphaTauG1) { PointCodec.WriteG1Uncompressed(p, g1); h.Update(g1); }
        foreach (var p in d.BetaTauG1) { PointCodec.WriteG1Uncompressed(p, g1); h.Update(g1); }
        PointCodec.WriteG2Uncompressed(d.BetaG2, g2);
        h.Update(g2);
        return h.Digest();
    }

    private static int? FirstInfinity(G1Affine[] points)
    {
        var i = Array.FindIndex(points, p => p.IsInfinity);
        return i < 0 ? null : i;
    }

    private static int? FirstInfinity(G2Affine[] points)
    {
        var i = Array.FindIndex(points, p => p.IsInfinity);
        return i < 0 ? null : i;
    }

    /// <summary>Index of the first G2 point outside the order-r subgroup (each costs a scalar multiplication by r; run in parallel).</summary>
    private static int? FirstOutsideSubgroup(G2Affine[] points)
    {
        var bad = int.MaxValue;
        Parallel.For(0, points.Length, i =>
        {
            if (!points[i].IsInSubgroup())
            {
                int seen;
                while (i < (seen = Volatile.Read(ref bad)) && Interlocked.CompareExchange(ref bad, i, seen) != seen) { }
            }
        });
        return bad == int.MaxValue ? null : bad;
    }

    /// <summary>e(a, y) = e(b, x): b/a = y/x in the exponent.</summary>
    private static bool SameRatio(in G1Affine a, in G1Affine b, in G2Affine x, in G2Affine y) =>
        Pairing.MultiPairingIsOne([a.Neg(), b], [y, x]);

    private static Fr[] RandomScalars(int count)
    {
        var r = new Fr[count];
        for (var i = 0; i < count; i++) r[i] = Fr.Random();
        return r;
    }

    /// <summary>P_{i+1} = τ·P_i for all i: e(Σρ_i·P_i, τG2) = e(Σρ_i·P_{i+1}, G2).</summary>
    private static bool ShiftedRatioG1(G1Affine[] points, in G2Affine tauG2)
    {
        if (points.Length < 2) return true;
        var rho = RandomScalars(points.Length - 1);
        var r1 = Msm.G1(points.AsSpan(0, points.Length - 1), rho).ToAffine();
        var r2 = Msm.G1(points.AsSpan(1), rho).ToAffine();
        return SameRatio(r1, r2, G2Affine.Generator, tauG2);
    }

    /// <summary>Q_{i+1} = τ·Q_i for all i: e(G1, Σρ_i·Q_{i+1}) = e(τG1, Σρ_i·Q_i).</summary>
    private static bool ShiftedRatioG2(G2Affine[] points, in G1Affine tauG1)
    {
        if (points.Length < 2) return true;
        var rho = RandomScalars(points.Length - 1);
        var r1 = Msm.G2(points.AsSpan(0, points.Length - 1), rho).ToAffine();
        var r2 = Msm.G2(points.AsSpan(1), rho).ToAffine();
        return SameRatio(G1Affine.Generator, tauG1, r1, r2);
    }

    /// <summary>
    /// Weights for the Lagrange check of domains 2^0 .. 2^maxK: random r_k per domain, summed into one weight per power
    /// point, and f_k = NTT(r_k) concatenated in the order of sections 12–15. When the largest domain is one point
    /// longer than the powers (tauG1's 2^(power+1) domain over 2^(power+1) − 1 powers, padded with infinity), its
    /// last weight is 0.
    /// </summary>
    private static (Fr[] PowerWeights, Fr[] LagrangeWeights) LagrangeWeights(int powerPoints, int maxK)
    {
        var powerWeights = new Fr[powerPoints];
        var lagrangeWeights = new Fr[(2 << maxK) - 1];
        for (var k = 0; k <= maxK; k++)
        {
            var m = 1 << k;
            var r = RandomScalars(m);
            if (m > powerPoints) r[m - 1] = Fr.Zero;
            for (var i = 0; i < m && i < powerPoints; i++) powerWeights[i] += r[i];
            Ntt.Forward(r);
            r.CopyTo(lagrangeWeights, PowersOfTauData.LagrangeOffset(k));
        }
        return (powerWeights, lagrangeWeights);
    }

    private static bool LagrangeMatchesG1(G1Affine[] powers, G1Affine[] lagrange, int maxK)
    {
        var (pw, lw) = LagrangeWeights(powers.Length, maxK);
        return Msm.G1(powers, pw).ToAffine() == Msm.G1(lagrange, lw).ToAffine();
    }

    private static bool LagrangeMatchesG2(G2Affine[] powers, G2Affine[] lagrange, int maxK)
    {
        var (pw, lw) = LagrangeWeights(powers.Length, maxK);
        return Msm.G2(powers, pw).ToAffine() == Msm.G2(lagrange, lw).ToAffine();
    }
}
