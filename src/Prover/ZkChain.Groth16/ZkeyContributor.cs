using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Groth16;

/// <summary>
/// Phase-2 (circuit-specific) contributions in snarkjs's transcript format, and a full check of a
/// zkey against its circuit, its powers of tau and every recorded contribution.
/// </summary>
public static class ZkeyContributor
{
    /// <summary>
    /// Multiplies delta by a fresh secret d (from the OS CSPRNG mixed with <paramref name="entropy"/>),
    /// divides the C and H points by d and records the proof of knowledge: transcript =
    /// Blake2b(csHash ‖ previous contributions ‖ g1_s ‖ g1_sx), g2_sp = HashToG2(transcript),
    /// g2_spx = d·g2_sp. The secret never leaves this method. Returns the new key and the contribution hash.
    /// </summary>
    public static (ProvingKey Key, byte[] ContributionHash) Contribute(ProvingKey pk, string? name, ReadOnlySpan<byte> entropy,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(pk);
        var (d, s) = DeriveSecrets(entropy);
        var g1s = Curve.Mul(G1Affine.Generator, s).ToAffine();
        return Apply(pk, d, g1s, type: 0, name, null, null, progress);
    }

    /// <summary>
    /// A random-beacon contribution exactly as `snarkjs zkey beacon &lt;in&gt; &lt;out&gt; &lt;beaconHashHex&gt;
    /// &lt;numIterationsExp&gt;` makes it: the secret and the proof-of-knowledge base are drawn from the public
    /// beacon (see <see cref="Ceremony.BeaconRandomness"/>), and the record has type 1 with the beacon hash and
    /// numIterationsExp as parameters, so anyone can recompute it. A beacon closes a ceremony with public,
    /// unpredictable randomness; it adds no secret, so it does not count as an independent contribution.
    /// </summary>
    public static (ProvingKey Key, byte[] ContributionHash) Beacon(ProvingKey pk, string? name, ReadOnlySpan<byte> beaconHash, int numIterationsExp,
        IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(pk);
        var (d, g1s) = Ceremony.BeaconRandomness.Derive(beaconHash, numIterationsExp, progress, cancel);
        return Apply(pk, d, g1s, type: 1, name, (byte)numIterationsExp, beaconHash.ToArray(), progress);
    }

    /// <summary>
    /// A contribution with a secret the caller chose. Only for <see cref="Ceremony.ToxicWasteSetup"/>, which
    /// exists to demonstrate forgery in tests: a contribution whose secret is known is no contribution.
    /// </summary>
    internal static (ProvingKey Key, byte[] ContributionHash) ContributeWithKnownSecret(ProvingKey pk, string? name, Fr d) =>
        Apply(pk, d, Curve.Mul(G1Affine.Generator, FrFromSeedFresh([], 2)).ToAffine(), type: 0, name, null, null, null);

    /// <summary>
    /// Multiplies delta by d, divides C and H by d and records the proof of knowledge: transcript =
    /// Blake2b(csHash ‖ previous contributions ‖ g1_s ‖ g1_sx), g2_sp = HashToG2(transcript), g2_spx = d·g2_sp.
    /// </summary>
    private static (ProvingKey Key, byte[] ContributionHash) Apply(ProvingKey pk, Fr d, G1Affine g1s, uint type, string? name,
        byte? iters, byte[]? beacon, IProgress<(string Stage, double Fraction)>? progress)
    {
        if (d.IsZero) throw new ArgumentException("the contribution secret must not be zero", nameof(d));
        var transcriptHasher = new Blake2bDigest(512);
        Update(transcriptHasher, pk.Mpc.CsHash);
        foreach (var c in pk.Mpc.Contributions) HashPubKey(transcriptHasher, c);
        var g1sx = Curve.Mul(g1s, d).ToAffine();
        Update(transcriptHasher, PointCodec.G1Uncompressed(g1s));
        Update(transcriptHasher, PointCodec.G1Uncompressed(g1sx));
        var transcript = Final(transcriptHasher);
        var g2sp = HashToG2.FromHash(transcript);
        var g2spx = Curve.Mul(g2sp, d).ToAffine();

        var delta1 = Curve.Mul(pk.Delta1, d).ToAffine();
        var delta2 = Curve.Mul(pk.Delta2, d).ToAffine();
        var dInv = d.Inverse();
        var stage = type == 1 ? "zkey beacon" : "zkey contribute";
        var c2 = Scale(pk.C, dInv);
        progress?.Report((stage + ": C", 1));
        var h2 = Scale(pk.H, dInv);
        progress?.Report((stage + ": H", 1));

        var contribution = new ZkeyContribution(delta1, g1s, g1sx, g2spx, transcript, type, string.IsNullOrEmpty(name) ? null : name, iters, beacon);
        var mpc = new MpcParams(pk.Mpc.CsHash, [.. pk.Mpc.Contributions, contribution]);
        return (pk.WithDelta(delta1, delta2, c2, h2, mpc), ContributionHash(contribution));
    }

    /// <summary>
    /// A contribution's hash as snarkjs prints it ("Contribution Hash"): Blake2b-512 over deltaAfter, g1_s,
    /// g1_sx (uncompressed G1), g2_spx (uncompressed G2) and the transcript. The contributor publishes it;
    /// anyone can then find it in the final key's transcript.
    /// </summary>
    public static byte[] ContributionHash(ZkeyContribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var ch = new Blake2bDigest(512);
        HashPubKey(ch, contribution);
        return Final(ch);
    }

    /// <summary>
    /// Checks a zkey completely: it must equal a fresh setup of <paramref name="cs"/> on
    /// <paramref name="ptau"/> except for delta, C and H; each contribution's proof of knowledge must
    /// hold and chain from the previous delta; and C and H must be the fresh ones divided by the final
    /// delta (checked with a random linear combination and one pairing each).
    /// </summary>
    public static VerificationResult Verify(ConstraintSystem cs, PowersOfTauData ptau, ProvingKey pk,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cs);
        ArgumentNullException.ThrowIfNull(ptau);
        ArgumentNullException.ThrowIfNull(pk);
        var init = Groth16Setup.Setup(cs, ptau, progress);
        if (pk.NVars != init.NVars || pk.NPublic != init.NPublic || pk.DomainSize != init.DomainSize)
        {
            return VerificationResult.Invalid($"header differs from the circuit: nVars {pk.NVars} vs {init.NVars}, nPublic {pk.NPublic} vs {init.NPublic}, domain {pk.DomainSize} vs {init.DomainSize}");
        }
        if (!pk.Mpc.CsHash.AsSpan().SequenceEqual(init.Mpc.CsHash)) return VerificationResult.Invalid("circuit hash (csHash) differs from this circuit and powers of tau");
        if (pk.Alpha1 != init.Alpha1 || pk.Beta1 != init.Beta1 || pk.Beta2 != init.Beta2) return VerificationResult.Invalid("alpha/beta differ from the powers of tau");
        if (pk.Gamma2 != init.Gamma2) return VerificationResult.Invalid("gamma is not the G2 generator");
        if (!pk.IC.AsSpan().SequenceEqual(init.IC)) return VerificationResult.Invalid("IC points differ from the circuit");
        if (!pk.Coefficients.AsSpan().SequenceEqual(init.Coefficients)) return VerificationResult.Invalid("coefficient section differs from the circuit");
        if (!pk.A.AsSpan().SequenceEqual(init.A)) return VerificationResult.Invalid("A points differ from the circuit");
        if (!pk.B1.AsSpan().SequenceEqual(init.B1)) return VerificationResult.Invalid("B1 points differ from the circuit");
        if (!pk.B2.AsSpan().SequenceEqual(init.B2)) return VerificationResult.Invalid("B2 points differ from the circuit");
        progress?.Report(("zkey verify: fixed sections", 1));

        var prevDelta = G1Affine.Generator;
        var hasher = new Blake2bDigest(512);
        Update(hasher, pk.Mpc.CsHash);
        for (var i = 0; i < pk.Mpc.Contributions.Count; i++)
        {
            var c = pk.Mpc.Contributions[i];
            var t = CloneAndFinish(hasher, c.G1S, c.G1SX);
            if (!t.AsSpan().SequenceEqual(c.Transcript)) return VerificationResult.Invalid($"contribution {i + 1}: transcript hash does not match the previous contributions");
            if (c.Type > 1) return VerificationResult.Invalid($"contribution {i + 1}: unknown contribution type {c.Type} (0 = contribution, 1 = beacon)");
            var g2sp = HashToG2.FromHash(c.Transcript);
            if (c.G1S.IsInfinity || c.G1SX.IsInfinity || !SameRatio(c.G1S, c.G1SX, g2sp, c.G2SPX))
            {
                return VerificationResult.Invalid($"contribution {i + 1}: proof of knowledge of the secret does not hold");
            }
            if (!SameRatio(prevDelta, c.DeltaAfter, g2sp, c.G2SPX))
            {
                return VerificationResult.Invalid($"contribution {i + 1}: delta was not multiplied by the contributed secret");
            }
            if (c.Type == 1)
            {
                var beaconProblem = CheckBeacon(c, prevDelta, progress);
                if (beaconProblem != null) return VerificationResult.Invalid($"contribution {i + 1} (beacon): {beaconProblem}");
            }
            HashPubKey(hasher, c);
            prevDelta = c.DeltaAfter;
        }
        if (pk.Delta1 != prevDelta) return VerificationResult.Invalid("delta1 differs from the last contribution's deltaAfter");
        if (!SameRatio(G1Affine.Generator, pk.Delta1, G2Affine.Generator, pk.Delta2)) return VerificationResult.Invalid("delta2 does not match delta1");
        progress?.Report(("zkey verify: contributions", 1));

        if (!SameScaled(init.C, pk.C, pk.Delta2)) return VerificationResult.Invalid("C section is not the circuit's C divided by delta");
        if (!SameScaled(init.H, pk.H, pk.Delta2)) return VerificationResult.Invalid("H section is not the powers of tau's H divided by delta");
        progress?.Report(("zkey verify: C and H", 1));
        return VerificationResult.Valid;
    }

    /// <summary>
    /// Recomputes a beacon contribution from its public parameters: the secret and g1_s drawn from the beacon
    /// must give exactly the recorded g1_s, g1_sx and deltaAfter = previous delta · secret.
    /// </summary>
    private static string? CheckBeacon(ZkeyContribution c, G1Affine prevDelta, IProgress<(string Stage, double Fraction)>? progress)
    {
        if (c.BeaconHash is not { Length: > 0 }) return "the beacon hash parameter is missing";
        if (c.NumIterationsExp is not { } iters) return "the numIterationsExp parameter is missing";
        if (iters is < Ceremony.BeaconRandomness.MinIterationsExp or > Ceremony.BeaconRandomness.MaxIterationsExp)
        {
            return $"numIterationsExp {iters} is outside {Ceremony.BeaconRandomness.MinIterationsExp}..{Ceremony.BeaconRandomness.MaxIterationsExp}";
        }
        var (d, g1s) = Ceremony.BeaconRandomness.Derive(c.BeaconHash, iters, progress);
        if (c.G1S != g1s) return "g1_s is not the point drawn from the beacon";
        if (c.G1SX != Curve.Mul(g1s, d).ToAffine()) return "g1_sx is not g1_s times the secret drawn from the beacon";
        if (c.DeltaAfter != Curve.Mul(prevDelta, d).ToAffine()) return "deltaAfter is not the previous delta times the secret drawn from the beacon";
        return null;
    }

    /// <summary>e(a, y) == e(b, x): b/a = y/x in the exponent.</summary>
    private static bool SameRatio(in G1Affine a, in G1Affine b, in G2Affine x, in G2Affine y) =>
        Pairing.MultiPairingIsOne([a.Neg(), b], [y, x]);

    /// <summary>Checks zkey[i] = init[i] / delta for all i with random weights: e(Σρ·zkey, delta) = e(Σρ·init, G2).</summary>
    private static bool SameScaled(G1Affine[] init, G1Affine[] zkey, in G2Affine delta2)
    {
        if (init.Length != zkey.Length) return false;
        if (init.Length == 0) return true;
        var rho = new Fr[init.Length];
        for (var i = 0; i < rho.Length; i++) rho[i] = Fr.Random();
        var a = Msm.G1(zkey, rho).ToAffine();
        var b = Msm.G1(init, rho).ToAffine();
        return Pairing.MultiPairingIsOne([a, b.Neg()], [delta2, G2Affine.Generator]);
    }

    private static byte[] CloneAndFinish(Blake2bDigest h, in G1Affine g1s, in G1Affine g1sx)
    {
        var c = new Blake2bDigest(h);
        Update(c, PointCodec.G1Uncompressed(g1s));
        Update(c, PointCodec.G1Uncompressed(g1sx));
        return Final(c);
    }

    private static G1Affine[] Scale(G1Affine[] pts, Fr k)
    {
        var res = new G1Jacobian[pts.Length];
        Parallel.For(0, pts.Length, i => res[i] = Curve.Mul(pts[i], k));
        return G1Jacobian.BatchToAffine(res);
    }

    internal static void HashPubKey(Blake2bDigest h, ZkeyContribution c)
    {
        Update(h, PointCodec.G1Uncompressed(c.DeltaAfter));
        Update(h, PointCodec.G1Uncompressed(c.G1S));
        Update(h, PointCodec.G1Uncompressed(c.G1SX));
        Update(h, PointCodec.G2Uncompressed(c.G2SPX));
        Update(h, c.Transcript);
    }

    /// <summary>Secrets from 64 CSPRNG bytes mixed with the caller's entropy (Blake2b-512, domain-separated).</summary>
    internal static (Fr Secret, Fr PointScalar) DeriveSecrets(ReadOnlySpan<byte> entropy)
    {
        var seed = new byte[64];
        RandomNumberGenerator.Fill(seed);
        try
        {
            var d = FrFromSeed(seed, entropy, 1);
            var s = FrFromSeed(seed, entropy, 2);
            return (d, s);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>A fresh secret: 64 new CSPRNG bytes mixed with the entropy under a label.</summary>
    internal static Fr FrFromSeedFresh(ReadOnlySpan<byte> entropy, byte label)
    {
        var seed = new byte[64];
        RandomNumberGenerator.Fill(seed);
        try { return FrFromSeed(seed, entropy, label); }
        finally { CryptographicOperations.ZeroMemory(seed); }
    }

    internal static Fr FrFromSeed(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> entropy, byte label)
    {
        for (byte counter = 0; ; counter++)
        {
            var h = new Blake2bDigest(512);
            h.Update(label);
            h.Update(counter);
            Update(h, seed.ToArray());
            Update(h, entropy.ToArray());
            var o = Final(h);
            var v = new System.Numerics.BigInteger(o, isUnsigned: true, isBigEndian: false) % Fr.Modulus;
            CryptographicOperations.ZeroMemory(o);
            if (!v.IsZero) return Fr.FromBigInteger(v);
        }
    }

    internal static void Update(Blake2bDigest h, byte[] b) => h.BlockUpdate(b, 0, b.Length);

    internal static byte[] Final(Blake2bDigest h)
    {
        var r = new byte[64];
        h.DoFinal(r, 0);
        return r;
    }
}
