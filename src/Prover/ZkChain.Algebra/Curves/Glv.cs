using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>
/// GLV scalar multiplication for BN254. Both y^2 = x^3 + 3 over Fq and the twist over Fq2 have the
/// endomorphism phi(x, y) = (beta·x, y) with beta a cube root of unity in Fq; on the order-r subgroup it
/// equals multiplication by a cube root of unity lambda mod r. A scalar k is split as k = k1 + k2·lambda
/// (mod r) with |k1|, |k2| about sqrt(r), and k·P = k1·P + k2·phi(P) is computed with one shared chain of
/// ~128 doublings and width-5 NAF digits of both halves: about half the work of double-and-add.
/// Only valid for points of the order-r subgroup: all of G1, but not all of the twist, so G2 uses it only
/// through G2Jacobian.ScalarMulInSubgroup (callers hold generator multiples or checked points).
/// The constants are derived and self-checked at start-up rather than pasted.
/// </summary>
internal static class Glv
{
    private const int Window = 5;

    private static readonly BigInteger R = Fr.Modulus;

    /// <summary>Lambda: phi acts as multiplication by this on G1 and G2 (checked on the generators).</summary>
    internal static readonly BigInteger Lambda;
    internal static readonly Fq BetaG1;
    internal static readonly Fq BetaG2;

    // Short basis (A1, B1), (A2, B2) of the lattice {(a, b) : a + b·lambda = 0 mod r}.
    private static readonly BigInteger A1, B1, A2, B2;

    static Glv()
    {
        var q = Fq.Modulus;
        var beta = CubeRootOfUnity(q, g => Fq.FromBigInteger(g), (x, e) => x.Pow(e), x => x.IsOne);
        var lambda = CubeRootOfUnity(R, g => Fr.FromBigInteger(g), (x, e) => x.Pow(e), x => x.IsOne).ToBigInteger();
        var betas = new[] { beta, beta * beta };

        // Match lambda with the beta that realises it on each group's generator.
        var g1 = G1Affine.Generator;
        var g1Lambda = G1Jacobian.ScalarMulRaw(g1, U256.FromBigInteger(lambda)).ToAffine();
        BetaG1 = betas.Single(b => g1Lambda == new G1Affine(g1.X * b, g1.Y));
        var g2 = G2Affine.Generator;
        var g2Lambda = G2Jacobian.ScalarMulRaw(g2, U256.FromBigInteger(lambda)).ToAffine();
        var g2Matches = betas.Where(b => g2Lambda == new G2Affine(new Fq2(g2.X.C0 * b, g2.X.C1 * b), g2.Y)).ToArray();
        if (g2Matches.Length != 1) throw new InvalidOperationException("GLV: no cube root of unity realises lambda on G2");
        BetaG2 = g2Matches[0];
        Lambda = lambda;

        // Extended Euclid on (r, lambda): every remainder satisfies r_i = s_i·r + t_i·lambda, so (r_i, -t_i)
        // is in the lattice; the two around sqrt(r) give a short basis (Gallant-Lambert-Vanstone, section 4).
        var sqrtR = Sqrt(R);
        BigInteger r0 = R, r1 = lambda, t0 = 0, t1 = 1;
        while (r1 >= sqrtR)
        {
            var quot = r0 / r1;
            (r0, r1) = (r1, r0 - quot * r1);
            (t0, t1) = (t1, t0 - quot * t1);
        }
        // Now r0 >= sqrt(r) > r1: v1 = (r1, -t1); v2 is the shorter of (r0, -t0) and the next remainder pair.
        A1 = r1; B1 = -t1;
        var quot2 = r0 / r1;
        BigInteger r2 = r0 - quot2 * r1, t2 = t0 - quot2 * t1;
        if (r0 * r0 + t0 * t0 <= r2 * r2 + t2 * t2) { A2 = r0; B2 = -t0; }
        else { A2 = r2; B2 = -t2; }
        if (!((A1 + B1 * lambda) % R).IsZero || !((A2 + B2 * lambda) % R).IsZero)
        {
            throw new InvalidOperationException("GLV: lattice basis check failed");
        }
    }

    private static T CubeRootOfUnity<T>(BigInteger modulus, Func<BigInteger, T> make, Func<T, BigInteger, T> pow, Func<T, bool> isOne)
    {
        for (var g = new BigInteger(2); ; g++)
        {
            var c = pow(make(g), (modulus - 1) / 3);
            if (!isOne(c)) return c;
        }
    }

    /// <summary>Floor of the square root by Newton's iteration (a double estimate is ~2^75 off at this size).</summary>
    private static BigInteger Sqrt(BigInteger v)
    {
        if (v < 2) return v;
        var x = BigInteger.One << (int)((v.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + v / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>k = k1 + k2·lambda (mod r) with |k1|, |k2| &lt; 2^128, for 0 &lt;= k &lt; r.</summary>
    internal static void Decompose(BigInteger k, out BigInteger k1, out BigInteger k2)
    {
        // Babai rounding: c = round((B2·k, -B1·k) / det) with det = A1·B2 - A2·B1 = ±r.
        var det = A1 * B2 - A2 * B1;
        var c1 = RoundDiv(B2 * k, det);
        var c2 = RoundDiv(-B1 * k, det);
        k1 = k - c1 * A1 - c2 * A2;
        k2 = -c1 * B1 - c2 * B2;
    }

    private static BigInteger RoundDiv(BigInteger num, BigInteger den)
    {
        if (den.Sign < 0) { num = -num; den = -den; }
        var q = BigInteger.DivRem(num, den, out var rem);
        if (2 * BigInteger.Abs(rem) >= den) q += num.Sign;
        return q;
    }

    /// <summary>
    /// Width-5 NAF of |v| into digits (least significant first); returns the digit count. Digits are odd
    /// in [-15, 15] or zero, and any two non-zero digits are at least 5 positions apart.
    /// </summary>
    private static int Naf(BigInteger v, Span<sbyte> digits)
    {
        var u = U256.FromBigInteger(BigInteger.Abs(v));
        int len = 0;
        const int full = 1 << Window, half = full >> 1;
        while (!u.IsZero)
        {
            int d = 0;
            if ((u.L0 & 1) != 0)
            {
                d = (int)(u.L0 & (full - 1));
                if (d >= half) d -= full;
                // u -= d (u stays non-negative: d has the sign needed to clear the low Window bits).
                if (d > 0) SubSmall(ref u, (ulong)d);
                else AddSmall(ref u, (ulong)-d);
            }
            digits[len++] = (sbyte)d;
            u = new U256((u.L0 >> 1) | (u.L1 << 63), (u.L1 >> 1) | (u.L2 << 63), (u.L2 >> 1) | (u.L3 << 63), u.L3 >> 1);
        }
        return len;
    }

    private static void SubSmall(ref U256 u, ulong d)
    {
        ulong old = u.L0;
        u.L0 -= d;
        if (u.L0 > old && u.L1-- == 0 && u.L2-- == 0) u.L3--;
    }

    private static void AddSmall(ref U256 u, ulong d)
    {
        u.L0 += d;
        if (u.L0 < d && ++u.L1 == 0 && ++u.L2 == 0) u.L3++;
    }

    /// <summary>k·(px, py) in Jacobian coordinates (infinity: z = 0) for an affine subgroup point and canonical k &lt; r.</summary>
    internal static void Mul<TF>(in TF px, in TF py, in TF beta, BigInteger k, out TF x, out TF y, out TF z)
        where TF : unmanaged, IFieldOps<TF>
    {
        Decompose(k, out var k1, out var k2);
        Span<sbyte> n1 = stackalloc sbyte[260];
        Span<sbyte> n2 = stackalloc sbyte[260];
        int len1 = Naf(k1, n1), len2 = Naf(k2, n2);

        // Odd multiples P, 3P, ..., 15P (negated when k1 < 0) and their images under phi (negated when k2 < 0).
        const int tableSize = 1 << (Window - 2);
        Span<TF> tx = stackalloc TF[tableSize];
        Span<TF> ty = stackalloc TF[tableSize];
        Span<TF> tz = stackalloc TF[tableSize];
        tx[0] = px; ty[0] = py; tz[0] = TF.One;
        if (k1.Sign < 0) TF.Neg(py, out ty[0]);
        TF dx = tx[0], dy = ty[0], dz = TF.One;
        JacobianOps<TF>.Double(ref dx, ref dy, ref dz);
        for (int i = 1; i < tableSize; i++)
        {
            tx[i] = tx[i - 1]; ty[i] = ty[i - 1]; tz[i] = tz[i - 1];
            JacobianOps<TF>.Add(ref tx[i], ref ty[i], ref tz[i], dx, dy, dz);
        }
        Span<TF> ux = stackalloc TF[tableSize];
        Span<TF> uy = stackalloc TF[tableSize];
        // phi(X, Y, Z) = (beta·X, Y, Z) in Jacobian coordinates too (x = X/Z^2); the table already carries
        // k1's sign, so negate again only when k2's sign differs.
        bool flip = (k1.Sign < 0) != (k2.Sign < 0);
        for (int i = 0; i < tableSize; i++)
        {
            TF.Mul(tx[i], beta, out ux[i]);
            if (flip) TF.Neg(ty[i], out uy[i]);
            else uy[i] = ty[i];
        }

        x = TF.One; y = TF.One; z = TF.Zero;
        for (int i = Math.Max(len1, len2) - 1; i >= 0; i--)
        {
            JacobianOps<TF>.Double(ref x, ref y, ref z);
            if (i < len1 && n1[i] != 0) AddDigit(ref x, ref y, ref z, n1[i], tx, ty, tz);
            if (i < len2 && n2[i] != 0) AddDigit(ref x, ref y, ref z, n2[i], ux, uy, tz);
        }
    }

    private static void AddDigit<TF>(ref TF x, ref TF y, ref TF z, int d, Span<TF> tx, Span<TF> ty, Span<TF> tz)
        where TF : unmanaged, IFieldOps<TF>
    {
        int idx = (Math.Abs(d) - 1) >> 1;
        if (d > 0)
        {
            JacobianOps<TF>.Add(ref x, ref y, ref z, tx[idx], ty[idx], tz[idx]);
        }
        else
        {
            TF.Neg(ty[idx], out var ny);
            JacobianOps<TF>.Add(ref x, ref y, ref z, tx[idx], ny, tz[idx]);
        }
    }
}
