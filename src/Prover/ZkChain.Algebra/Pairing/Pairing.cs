using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>Optimal ate pairing on BN254 (D-type sextic twist), as used by EIP-197.</summary>
public static class Pairing
{
    /// <summary>BN parameter u (x); q and r are polynomials in it.</summary>
    internal const ulong U = G2Curve.SeedX;

    // Signed binary (NAF) digits of 6u + 2, least significant first.
    private static readonly sbyte[] LoopNaf = Naf(6 * new BigInteger(U) + 2);

    private static readonly Fq2 ThreeB = new Fq2(Fq.FromUInt64(3), Fq.Zero) * G2Curve.B;
    private static readonly Fq TwoInv = Fq.FromUInt64(2).Inverse();

    private static sbyte[] Naf(BigInteger k)
    {
        var d = new List<sbyte>();
        while (k > 0)
        {
            if (!k.IsEven)
            {
                int z = 2 - (int)(k % 4);
                d.Add((sbyte)z);
                k -= z;
            }
            else d.Add(0);
            k >>= 1;
        }
        return d.ToArray();
    }

    public static Gt Pair(in G1Affine p, in G2Affine q)
    {
        if (p.IsInfinity || q.IsInfinity) return Gt.One;
        ReadOnlySpan<G1Affine> ps = [p];
        ReadOnlySpan<G2Affine> qs = [q];
        var f = MillerLoop(ps, qs);
        return new Gt(FinalExponentiation(f));
    }

    /// <summary>True when prod e(P_i, Q_i) = 1; one shared Miller loop and a single final exponentiation.</summary>
    public static bool MultiPairingIsOne(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Affine> qs)
    {
        if (ps.Length != qs.Length) throw new ArgumentException($"{ps.Length} G1 points but {qs.Length} G2 points", nameof(qs));
        return FinalExponentiation(MillerLoop(ps, qs)).IsOne;
    }

    /// <summary>Product of pairings (one shared Miller loop, one final exponentiation).</summary>
    public static Gt MultiPair(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Affine> qs)
    {
        if (ps.Length != qs.Length) throw new ArgumentException($"{ps.Length} G1 points but {qs.Length} G2 points", nameof(qs));
        return new Gt(FinalExponentiation(MillerLoop(ps, qs)));
    }

    // Twist point in homogeneous projective coordinates (x = X/Z, y = Y/Z).
    private struct Proj { public Fq2 X, Y, Z; }

    internal static Fq12 MillerLoop(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Affine> qs)
    {
        // Pairs with an infinity factor contribute 1 and are dropped.
        int n = 0;
        var P = new G1Affine[ps.Length];
        var Q = new G2Affine[ps.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            if (ps[i].IsInfinity || qs[i].IsInfinity) continue;
            P[n] = ps[i]; Q[n] = qs[i]; n++;
        }
        var f = Fq12.One;
        if (n == 0) return f;

        var T = new Proj[n];
        var negQ = new G2Affine[n];
        for (int k = 0; k < n; k++)
        {
            T[k] = new Proj { X = Q[k].X, Y = Q[k].Y, Z = Fq2.One };
            negQ[k] = Q[k].Neg();
        }

        for (int i = LoopNaf.Length - 2; i >= 0; i--)
        {
            if (i != LoopNaf.Length - 2) Fq12.Square(f, out f);
            for (int k = 0; k < n; k++)
            {
                DoublingStep(ref T[k], P[k], out var l0, out var l3, out var l4);
                Fq12.MulBy034(f, l0, l3, l4, out f);
                if (LoopNaf[i] != 0)
                {
                    AdditionStep(ref T[k], LoopNaf[i] > 0 ? Q[k] : negQ[k], P[k], out l0, out l3, out l4);
                    Fq12.MulBy034(f, l0, l3, l4, out f);
                }
            }
        }

        for (int k = 0; k < n; k++)
        {
            // Q1 = pi(Q), Q2 = -pi^2(Q)
            var q1 = Q[k].Psi();
            var q2 = q1.Psi().Neg();
            AdditionStep(ref T[k], q1, P[k], out var l0, out var l3, out var l4);
            Fq12.MulBy034(f, l0, l3, l4, out f);
            AdditionStep(ref T[k], q2, P[k], out l0, out l3, out l4);
            Fq12.MulBy034(f, l0, l3, l4, out f);
        }
        return f;
    }

    /// <summary>
    /// T = 2T and the tangent line at T evaluated at P, scaled into the sparse form
    /// l0 + l3 w + l4 w^3 (Costello-Lange-Naehrig homogeneous formulas).
    /// </summary>
    private static void DoublingStep(ref Proj t, in G1Affine p, out Fq2 l0, out Fq2 l3, out Fq2 l4)
    {
        Fq2.Mul(t.X, t.Y, out var a);
        Fq2.MulByFq(a, TwoInv, out a);           // XY/2
        Fq2.Square(t.Y, out var b);              // Y^2
        Fq2.Square(t.Z, out var c);              // Z^2
        Fq2.Mul(c, ThreeB, out var e);           // 3b'Z^2
        Fq2.Double(e, out var f);
        Fq2.Add(f, e, out f);                    // 3e
        Fq2.Add(b, f, out var g);
        Fq2.MulByFq(g, TwoInv, out g);           // (B + F)/2
        Fq2.Add(t.Y, t.Z, out var h);
        Fq2.Square(h, out h);
        Fq2.Add(b, c, out var bc);
        Fq2.Sub(h, bc, out h);                   // 2YZ
        Fq2.Sub(e, b, out var i);
        Fq2.Square(t.X, out var j);
        Fq2.Square(e, out var e2);

        Fq2.Sub(b, f, out var bf);
        Fq2.Mul(a, bf, out t.X);
        Fq2.Square(g, out var g2);
        Fq2.Double(e2, out var e23);
        Fq2.Add(e23, e2, out e23);
        Fq2.Sub(g2, e23, out t.Y);
        Fq2.Mul(b, h, out t.Z);

        Fq2.Neg(h, out var nh);
        Fq2.MulByFq(nh, p.Y, out l0);
        Fq2.Double(j, out var j3);
        Fq2.Add(j3, j, out j3);
        Fq2.MulByFq(j3, p.X, out l3);
        l4 = i;
    }

    /// <summary>T = T + Q (Q affine) and the chord through T and Q evaluated at P.</summary>
    private static void AdditionStep(ref Proj t, in G2Affine q, in G1Affine p, out Fq2 l0, out Fq2 l3, out Fq2 l4)
    {
        Fq2.Mul(q.Y, t.Z, out var theta);
        Fq2.Sub(t.Y, theta, out theta);
        Fq2.Mul(q.X, t.Z, out var lambda);
        Fq2.Sub(t.X, lambda, out lambda);
        Fq2.Square(theta, out var c);
        Fq2.Square(lambda, out var d);
        Fq2.Mul(lambda, d, out var e);
        Fq2.Mul(t.Z, c, out var f);
        Fq2.Mul(t.X, d, out var g);
        Fq2.Add(e, f, out var h);
        Fq2.Double(g, out var g2);
        Fq2.Sub(h, g2, out h);

        Fq2.Mul(lambda, h, out t.X);
        Fq2.Sub(g, h, out var gh);
        Fq2.Mul(theta, gh, out var y3);
        Fq2.Mul(e, t.Y, out var ey);
        Fq2.Sub(y3, ey, out t.Y);
        Fq2.Mul(t.Z, e, out t.Z);

        Fq2.Mul(theta, q.X, out var j);
        Fq2.Mul(lambda, q.Y, out var ly);
        Fq2.Sub(j, ly, out l4);
        Fq2.MulByFq(lambda, p.Y, out l0);
        Fq2.Neg(theta, out var nt);
        Fq2.MulByFq(nt, p.X, out l3);
    }

    /// <summary>f^((q^12 - 1)/r): easy part (q^6 - 1)(q^2 + 1), then the hard part with the Devegili-Scott-Dahab chain in u.</summary>
    internal static Fq12 FinalExponentiation(in Fq12 f)
    {
        Fq12.Conjugate(f, out var t1);
        var inv = f.Inverse();
        Fq12.Mul(t1, inv, out t1);
        Fq12.Frobenius(t1, 2, out var t2);
        Fq12.Mul(t1, t2, out t1);

        Fq12.Frobenius(t1, 1, out var fp);
        Fq12.Frobenius(t1, 2, out var fp2);
        Fq12.Frobenius(fp2, 1, out var fp3);

        var fu = ExpByU(t1);
        var fu2 = ExpByU(fu);
        var fu3 = ExpByU(fu2);

        Fq12.Frobenius(fu, 1, out var y3);
        Fq12.Frobenius(fu2, 1, out var fu2p);
        Fq12.Frobenius(fu3, 1, out var fu3p);
        Fq12.Frobenius(fu2, 2, out var y2);

        Fq12.Mul(fp, fp2, out var y0);
        Fq12.Mul(y0, fp3, out y0);
        Fq12.Conjugate(t1, out var y1);
        Fq12.Conjugate(fu2, out var y5);
        Fq12.Conjugate(y3, out y3);
        Fq12.Mul(fu, fu2p, out var y4);
        Fq12.Conjugate(y4, out y4);
        Fq12.Mul(fu3, fu3p, out var y6);
        Fq12.Conjugate(y6, out y6);

        Fq12.Square(y6, out var t0);
        Fq12.Mul(t0, y4, out t0);
        Fq12.Mul(t0, y5, out t0);
        Fq12.Mul(y3, y5, out t1);
        Fq12.Mul(t1, t0, out t1);
        Fq12.Mul(t0, y2, out t0);
        Fq12.Square(t1, out t1);
        Fq12.Mul(t1, t0, out t1);
        Fq12.Square(t1, out t1);
        Fq12.Mul(t1, y1, out t0);
        Fq12.Mul(t1, y0, out t1);
        Fq12.Square(t0, out t0);
        Fq12.Mul(t0, t1, out t0);
        return t0;
    }

    private static Fq12 ExpByU(in Fq12 a)
    {
        var acc = a;
        for (int i = 62 - System.Numerics.BitOperations.LeadingZeroCount(U); i >= 0; i--)
        {
            Fq12.Square(acc, out acc);
            if (((U >> i) & 1) != 0) Fq12.Mul(acc, a, out acc);
        }
        return acc;
    }
}
