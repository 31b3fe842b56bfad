using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>Fq12 = Fq6[w]/(w^2 - v). As a vector over Fq2 with basis w^j: C0 = (w^0, w^2, w^4), C1 = (w^1, w^3, w^5).</summary>
internal struct Fq12
{
    public Fq6 C0, C1;

    public Fq12(in Fq6 c0, in Fq6 c1) { C0 = c0; C1 = c1; }

    public static Fq12 One => new(Fq6.One, default);
    public readonly bool IsOne => C0 == Fq6.One && C1.IsZero;

    public static void Mul(in Fq12 a, in Fq12 b, out Fq12 r)
    {
        Fq6.Mul(a.C0, b.C0, out var t0);
        Fq6.Mul(a.C1, b.C1, out var t1);
        Fq6.Add(a.C0, a.C1, out var x);
        Fq6.Add(b.C0, b.C1, out var y);
        Fq6.Mul(x, y, out var c1);
        Fq6.Sub(c1, t0, out c1);
        Fq6.Sub(c1, t1, out c1);
        Fq6.MulByV(t1, out var c0);
        Fq6.Add(c0, t0, out c0);
        r = new Fq12(c0, c1);
    }

    /// <summary>Complex-method squaring: 2 Fq6 multiplications.</summary>
    public static void Square(in Fq12 a, out Fq12 r)
    {
        Fq6.Mul(a.C0, a.C1, out var t);
        Fq6.Add(a.C0, a.C1, out var x);
        Fq6.MulByV(a.C1, out var va1);
        Fq6.Add(a.C0, va1, out var y);
        Fq6.Mul(x, y, out var c0);
        Fq6.Sub(c0, t, out c0);
        Fq6.MulByV(t, out var vt);
        Fq6.Sub(c0, vt, out c0);
        Fq6.Double(t, out var c1);
        r = new Fq12(c0, c1);
    }

    /// <summary>Multiply by a line l0 + l3 w + l4 w^3 (the shape of every Miller-loop line for the D-type twist).</summary>
    public static void MulBy034(in Fq12 a, in Fq2 l0, in Fq2 l3, in Fq2 l4, out Fq12 r)
    {
        Fq6.MulByFq2(a.C0, l0, out var t0);
        Fq6.MulBy01(a.C1, l3, l4, out var t1);
        Fq6.Add(a.C0, a.C1, out var s);
        Fq2.Add(l0, l3, out var d0);
        Fq6.MulBy01(s, d0, l4, out var c1);
        Fq6.Sub(c1, t0, out c1);
        Fq6.Sub(c1, t1, out c1);
        Fq6.MulByV(t1, out var c0);
        Fq6.Add(c0, t0, out c0);
        r = new Fq12(c0, c1);
    }

    /// <summary>The q^6-power Frobenius; equals the inverse on the cyclotomic subgroup.</summary>
    public static void Conjugate(in Fq12 a, out Fq12 r)
    {
        Fq6.Neg(a.C1, out var c1);
        r = new Fq12(a.C0, c1);
    }

    public readonly Fq12 Inverse()
    {
        // (c0 + c1 w)^-1 = (c0 - c1 w)/(c0^2 - v c1^2)
        Fq6.Square(C0, out var t0);
        Fq6.Square(C1, out var t1);
        Fq6.MulByV(t1, out t1);
        Fq6.Sub(t0, t1, out t0);
        var inv = t0.Inverse();
        Fq6.Mul(C0, inv, out var r0);
        Fq6.Mul(C1, inv, out var r1);
        Fq6.Neg(r1, out r1);
        return new Fq12(r0, r1);
    }

    public readonly Fq12 Pow(BigInteger e)
    {
        if (e.Sign < 0) return Inverse().Pow(-e);
        var acc = One;
        for (long i = (long)e.GetBitLength() - 1; i >= 0; i--)
        {
            Square(acc, out acc);
            if (!(e >> (int)i).IsEven) Mul(acc, this, out acc);
        }
        return acc;
    }

    // gamma[k-1][j] = xi^(j (q^k - 1)/6): w^j maps to gamma * w^j under the q^k Frobenius.
    private static readonly Fq2[][] Gamma = BuildGamma();

    private static Fq2[][] BuildGamma()
    {
        var xi = new Fq2(Fq.FromUInt64(9), Fq.One);
        var q = Fq.Modulus;
        var g = new Fq2[3][];
        for (int k = 1; k <= 3; k++)
        {
            var e = (BigInteger.Pow(q, k) - 1) / 6;
            g[k - 1] = new Fq2[6];
            var step = xi.Pow(e);
            var acc = Fq2.One;
            for (int j = 0; j < 6; j++)
            {
                g[k - 1][j] = acc;
                acc *= step;
            }
        }
        return g;
    }

    /// <summary>x^(q^k) for k = 1, 2, 3.</summary>
    public static void Frobenius(in Fq12 a, int k, out Fq12 r)
    {
        var g = Gamma[k - 1];
        bool conj = (k & 1) == 1;
        r = default;
        FrobCoeff(a.C0.C0, conj, g[0], out r.C0.C0);
        FrobCoeff(a.C0.C1, conj, g[2], out r.C0.C1);
        FrobCoeff(a.C0.C2, conj, g[4], out r.C0.C2);
        FrobCoeff(a.C1.C0, conj, g[1], out r.C1.C0);
        FrobCoeff(a.C1.C1, conj, g[3], out r.C1.C1);
        FrobCoeff(a.C1.C2, conj, g[5], out r.C1.C2);
    }

    private static void FrobCoeff(in Fq2 c, bool conj, in Fq2 gamma, out Fq2 r)
    {
        if (conj)
        {
            Fq2.Conjugate(c, out var t);
            Fq2.Mul(t, gamma, out r);
        }
        else
        {
            Fq2.Mul(c, gamma, out r);
        }
    }

    public static bool operator ==(in Fq12 a, in Fq12 b) => a.C0 == b.C0 && a.C1 == b.C1;
    public static bool operator !=(in Fq12 a, in Fq12 b) => !(a == b);
    public override readonly bool Equals(object? obj) => obj is Fq12 o && this == o;
    public override readonly int GetHashCode() => HashCode.Combine(C0, C1);
}
