using ZkChain.Algebra;
using ZkChain.Groth16.Formats;

namespace ZkChain.Groth16;

/// <summary>
/// A phase-1 contribution in snarkjs's format: fresh secrets tau, alpha, beta (CSPRNG mixed with the
/// caller's entropy) multiply the accumulator (tauG1[i]·τ^i, tauG2[i]·τ^i, alphaTauG1[i]·ατ^i,
/// betaTauG1[i]·βτ^i, betaG2·β), with the proofs of knowledge bound to the previous challenge hash, the
/// response hash (Blake2b over the previous challenge and the new points compressed, then the public
/// key) stored as a partial hash, and the next challenge (Blake2b over the response hash and the new
/// points uncompressed), so that `snarkjs powersoftau verify` can check it.
/// </summary>
public static class PowersOfTauContribution
{
    public static (PowersOfTauData Result, byte[] ResponseHash) Contribute(PowersOfTauData prev, string? name, ReadOnlySpan<byte> entropy,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(prev);
        if (prev.Power != prev.CeremonyPower) throw new ArgumentException("this powers of tau was reduced (power ≠ ceremony power); contribute to the full file", nameof(prev));
        var challenge = prev.Contributions.Count > 0 ? prev.Contributions[^1].NextChallenge : FirstChallengeHash(prev.Power);

        var tau = ZkeyContributor.FrFromSeedFresh(entropy, 1);
        var alpha = ZkeyContributor.FrFromSeedFresh(entropy, 2);
        var beta = ZkeyContributor.FrFromSeedFresh(entropy, 3);
        var key = new PtauKeyBuilder(challenge, entropy);
        var (tg1s, tg1sx, tg2spx) = key.Prove(0, tau);
        var (ag1s, ag1sx, ag2spx) = key.Prove(1, alpha);
        var (bg1s, bg1sx, bg2spx) = key.Prove(2, beta);
        var pub = new PtauPublicKey(tg1s, tg1sx, ag1s, ag1sx, bg1s, bg1sx, tg2spx, ag2spx, bg2spx);

        var tauG1 = ApplyG1(prev.TauG1, Fr.One, tau); progress?.Report(("contribute: tauG1", 1));
        var tauG2 = ApplyG2(prev.TauG2, Fr.One, tau); progress?.Report(("contribute: tauG2", 1));
        var alphaTauG1 = ApplyG1(prev.AlphaTauG1, alpha, tau); progress?.Report(("contribute: alphaTauG1", 1));
        var betaTauG1 = ApplyG1(prev.BetaTauG1, beta, tau); progress?.Report(("contribute: betaTauG1", 1));
        var betaG2 = Curve.Mul(prev.BetaG2, beta).ToAffine();

        var response = new Blake2b512();
        response.Update(challenge);
        foreach (var p in tauG1) response.Update(CompressedG1(p));
        foreach (var p in tauG2) response.Update(CompressedG2(p));
        foreach (var p in alphaTauG1) response.Update(CompressedG1(p));
        foreach (var p in betaTauG1) response.Update(CompressedG1(p));
        response.Update(CompressedG2(betaG2));
        var partial = response.ExportPartial();
        response.Update(PtauFile.PublicKeyBytes(pub, uncompressed: true));
        var responseHash = response.Digest();

        var next = new Blake2b512();
        next.Update(responseHash);
        foreach (var p in tauG1) next.Update(PointCodec.G1Uncompressed(p));
        foreach (var p in tauG2) next.Update(PointCodec.G2Uncompressed(p));
        foreach (var p in alphaTauG1) next.Update(PointCodec.G1Uncompressed(p));
        foreach (var p in betaTauG1) next.Update(PointCodec.G1Uncompressed(p));
        next.Update(PointCodec.G2Uncompressed(betaG2));
        var nextChallenge = next.Digest();

        var contribution = new PtauContribution(tauG1[1], tauG2[1], alphaTauG1[0], betaTauG1[0], betaG2, pub,
            partial, nextChallenge, 0, string.IsNullOrEmpty(name) ? null : name);
        return (new PowersOfTauData
        {
            Power = prev.Power, CeremonyPower = prev.CeremonyPower,
            TauG1 = tauG1, TauG2 = tauG2, AlphaTauG1 = alphaTauG1, BetaTauG1 = betaTauG1, BetaG2 = betaG2,
            Contributions = [.. prev.Contributions, contribution],
        }, responseHash);
    }

    /// <summary>snarkjs's first challenge: Blake2b(Blake2b("") ‖ the initial accumulator uncompressed).</summary>
    public static byte[] FirstChallengeHash(int power)
    {
        var h = new Blake2b512();
        h.Update(new Blake2b512().Digest());
        var g1 = PointCodec.G1Uncompressed(G1Affine.Generator);
        var g2 = PointCodec.G2Uncompressed(G2Affine.Generator);
        var n = 1 << power;
        for (var i = 0; i < 2 * n - 1; i++) h.Update(g1);
        for (var i = 0; i < n; i++) h.Update(g2);
        for (var i = 0; i < 2 * n; i++) h.Update(g1);
        h.Update(g2);
        return h.Digest();
    }

    private static G1Affine[] ApplyG1(G1Affine[] pts, Fr first, Fr inc)
    {
        var scal = Powers(pts.Length, first, inc);
        var res = new G1Jacobian[pts.Length];
        Parallel.For(0, pts.Length, i => res[i] = Curve.Mul(pts[i], scal[i]));
        return G1Jacobian.BatchToAffine(res);
    }

    private static G2Affine[] ApplyG2(G2Affine[] pts, Fr first, Fr inc)
    {
        var scal = Powers(pts.Length, first, inc);
        var res = new G2Jacobian[pts.Length];
        Parallel.For(0, pts.Length, i => res[i] = Curve.Mul(pts[i], scal[i]));
        return G2Jacobian.BatchToAffine(res);
    }

    private static Fr[] Powers(int n, Fr first, Fr inc)
    {
        var s = new Fr[n];
        if (n == 0) return s;
        s[0] = first;
        for (var i = 1; i < n; i++) s[i] = s[i - 1] * inc;
        return s;
    }

    private static readonly System.Numerics.BigInteger HalfQ = (Fq.Modulus - 1) / 2;

    /// <summary>Compressed G1 (ffjavascript LEMtoC): x big-endian, 0x80 flag when y is "negative" (&gt; (q−1)/2), infinity = 0x40 then zeros.</summary>
    internal static byte[] CompressedG1(in G1Affine p)
    {
        var b = new byte[32];
        if (p.IsInfinity) { b[0] = 0x40; return b; }
        p.X.ToCanonicalBytesBE(b);
        if (p.Y.ToBigInteger() > HalfQ) b[0] |= 0x80;
        return b;
    }

    /// <summary>Compressed G2: x.c1 ‖ x.c0 big-endian, 0x80 flag from the sign of y (imaginary part unless zero).</summary>
    internal static byte[] CompressedG2(in G2Affine p)
    {
        var b = new byte[64];
        if (p.IsInfinity) { b[0] = 0x40; return b; }
        p.X.C1.ToCanonicalBytesBE(b.AsSpan(0, 32));
        p.X.C0.ToCanonicalBytesBE(b.AsSpan(32, 32));
        var s = p.Y.C1.IsZero ? p.Y.C0 : p.Y.C1;
        if (s.ToBigInteger() > HalfQ) b[0] |= 0x80;
        return b;
    }

    /// <summary>Proofs of knowledge (g1_s, g1_sx = k·g1_s, g2_spx = k·HashToG2(Blake2b([p] ‖ challenge ‖ g1_s ‖ g1_sx))).</summary>
    private sealed class PtauKeyBuilder(byte[] challenge, ReadOnlySpan<byte> entropy)
    {
        private readonly byte[] _entropy = entropy.ToArray();

        public (G1Affine G1S, G1Affine G1SX, G2Affine G2SPX) Prove(byte personalization, Fr k)
        {
            var s = ZkeyContributor.FrFromSeedFresh(_entropy, (byte)(10 + personalization));
            var g1s = Curve.Mul(G1Affine.Generator, s).ToAffine();
            var g1sx = Curve.Mul(g1s, k).ToAffine();
            var h = new Blake2b512();
            h.Update([personalization]);
            h.Update(challenge);
            h.Update(PointCodec.G1Uncompressed(g1s));
            h.Update(PointCodec.G1Uncompressed(g1sx));
            var g2sp = HashToG2.FromHash(h.Digest());
            return (g1s, g1sx, Curve.Mul(g2sp, k).ToAffine());
        }
    }
}
