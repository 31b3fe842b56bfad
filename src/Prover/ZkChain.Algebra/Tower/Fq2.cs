using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkChain.Algebra;

/// <summary>Fq2 = Fq[u]/(u^2 + 1); the coordinate field of G2. C0 is the real part, C1 the imaginary part.</summary>
public struct Fq2 : IEquatable<Fq2>, IFieldOps<Fq2>
{
    public Fq C0;
    public Fq C1;

    public Fq2(in Fq c0, in Fq c1) { C0 = c0; C1 = c1; }

    public static Fq2 Zero => default;
    public static Fq2 One => new(Fq.One, Fq.Zero);
    public readonly bool IsZero => C0.IsZero && C1.IsZero;
    public readonly bool IsOne => C0.IsOne && C1.IsZero;

    public static Fq2 FromBigIntegers(BigInteger real, BigInteger imag) => new(Fq.FromBigInteger(real), Fq.FromBigInteger(imag));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fq2 a, in Fq2 b, out Fq2 r)
    {
        Unsafe.SkipInit(out r);
        Fq.Add(a.C0, b.C0, out r.C0);
        Fq.Add(a.C1, b.C1, out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fq2 a, in Fq2 b, out Fq2 r)
    {
        Unsafe.SkipInit(out r);
        Fq.Sub(a.C0, b.C0, out r.C0);
        Fq.Sub(a.C1, b.C1, out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in Fq2 a, out Fq2 r)
    {
        Unsafe.SkipInit(out r);
        Fq.Double(a.C0, out r.C0);
        Fq.Double(a.C1, out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in Fq2 a, out Fq2 r)
    {
        Unsafe.SkipInit(out r);
        Fq.Neg(a.C0, out r.C0);
        Fq.Neg(a.C1, out r.C1);
    }

    /// <summary>Karatsuba: 3 base multiplications.</summary>
    public static void Mul(in Fq2 a, in Fq2 b, out Fq2 r)
    {
        Fq.Mul(a.C0, b.C0, out var t0);
        Fq.Mul(a.C1, b.C1, out var t1);
        Fq.Add(a.C0, a.C1, out var s0);
        Fq.Add(b.C0, b.C1, out var s1);
        Fq.Mul(s0, s1, out var m);
        Unsafe.SkipInit(out r);
        Fq.Sub(t0, t1, out r.C0);
        Fq.Sub(m, t0, out m);
        Fq.Sub(m, t1, out r.C1);
    }

    /// <summary>(a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u.</summary>
    public static void Square(in Fq2 a, out Fq2 r)
    {
        Fq.Add(a.C0, a.C1, out var s);
        Fq.Sub(a.C0, a.C1, out var d);
        Fq.Mul(a.C0, a.C1, out var p);
        Unsafe.SkipInit(out r);
        Fq.Mul(s, d, out r.C0);
        Fq.Double(p, out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulByFq(in Fq2 a, in Fq b, out Fq2 r)
    {
        Unsafe.SkipInit(out r);
        Fq.Mul(a.C0, b, out r.C0);
        Fq.Mul(a.C1, b, out r.C1);
    }

    /// <summary>Multiply by the sextic non-residue xi = 9 + u.</summary>
    public static void MulByXi(in Fq2 a, out Fq2 r)
    {
        // 9x = 8x + x using doublings (cheaper than a multiplication).
        Fq.Double(a.C0, out var a8); Fq.Double(a8, out a8); Fq.Double(a8, out a8);
        Fq.Add(a8, a.C0, out var n0);
        Fq.Double(a.C1, out var b8); Fq.Double(b8, out b8); Fq.Double(b8, out b8);
        Fq.Add(b8, a.C1, out var n1);
        // r may alias a: finish reading a before writing r.
        Fq.Sub(n0, a.C1, out var r0);
        Fq.Add(n1, a.C0, out var r1);
        r = new Fq2(r0, r1);
    }

    /// <summary>Complex conjugate; equals the q-power Frobenius on Fq2.</summary>
    public static void Conjugate(in Fq2 a, out Fq2 r)
    {
        Unsafe.SkipInit(out r);
        r.C0 = a.C0;
        Fq.Neg(a.C1, out r.C1);
    }

    public readonly Fq2 Inverse()
    {
        // 1/(a0 + a1 u) = (a0 - a1 u)/(a0^2 + a1^2); throws for zero via Fq.Inverse.
        if (IsZero) throw new DivideByZeroException("Fq2: zero has no inverse");
        Fq.Square(C0, out var n0);
        Fq.Square(C1, out var n1);
        Fq.Add(n0, n1, out var n);
        var inv = n.Inverse();
        Fq.Mul(C0, inv, out var r0);
        Fq.Mul(C1, inv, out var r1);
        Fq.Neg(r1, out r1);
        return new Fq2(r0, r1);
    }

    public readonly Fq2 Pow(BigInteger e)
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

    public static Fq2 operator +(in Fq2 a, in Fq2 b) { Add(a, b, out var r); return r; }
    public static Fq2 operator -(in Fq2 a, in Fq2 b) { Sub(a, b, out var r); return r; }
    public static Fq2 operator *(in Fq2 a, in Fq2 b) { Mul(a, b, out var r); return r; }
    public static Fq2 operator -(in Fq2 a) { Neg(a, out var r); return r; }
    public static bool operator ==(in Fq2 a, in Fq2 b) => a.C0 == b.C0 && a.C1 == b.C1;
    public static bool operator !=(in Fq2 a, in Fq2 b) => !(a == b);

    static bool IFieldOps<Fq2>.Eq(in Fq2 a, in Fq2 b) => a == b;
    static void IFieldOps<Fq2>.Inv(in Fq2 a, out Fq2 r) => r = a.Inverse();

    public readonly bool Equals(Fq2 other) => this == other;
    public override readonly bool Equals(object? obj) => obj is Fq2 o && this == o;
    public override readonly int GetHashCode() => HashCode.Combine(C0, C1);
    public override readonly string ToString() => $"({C0} + {C1}*u)";
}
