using System.Runtime.CompilerServices;

namespace ZkChain.Algebra;

/// <summary>Fq6 = Fq2[v]/(v^3 - xi), xi = 9 + u.</summary>
internal struct Fq6
{
    public Fq2 C0, C1, C2;

    public Fq6(in Fq2 c0, in Fq2 c1, in Fq2 c2) { C0 = c0; C1 = c1; C2 = c2; }

    public static Fq6 Zero => default;
    public static Fq6 One => new(Fq2.One, default, default);
    public readonly bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;

    public static void Add(in Fq6 a, in Fq6 b, out Fq6 r)
    {
        Unsafe.SkipInit(out r);
        Fq2.Add(a.C0, b.C0, out r.C0);
        Fq2.Add(a.C1, b.C1, out r.C1);
        Fq2.Add(a.C2, b.C2, out r.C2);
    }

    public static void Sub(in Fq6 a, in Fq6 b, out Fq6 r)
    {
        Unsafe.SkipInit(out r);
        Fq2.Sub(a.C0, b.C0, out r.C0);
        Fq2.Sub(a.C1, b.C1, out r.C1);
        Fq2.Sub(a.C2, b.C2, out r.C2);
    }

    public static void Double(in Fq6 a, out Fq6 r)
    {
        Unsafe.SkipInit(out r);
        Fq2.Double(a.C0, out r.C0);
        Fq2.Double(a.C1, out r.C1);
        Fq2.Double(a.C2, out r.C2);
    }

    public static void Neg(in Fq6 a, out Fq6 r)
    {
        Unsafe.SkipInit(out r);
        Fq2.Neg(a.C0, out r.C0);
        Fq2.Neg(a.C1, out r.C1);
        Fq2.Neg(a.C2, out r.C2);
    }

    /// <summary>Toom/Karatsuba style: 6 Fq2 multiplications.</summary>
    public static void Mul(in Fq6 a, in Fq6 b, out Fq6 r)
    {
        Fq2.Mul(a.C0, b.C0, out var t0);
        Fq2.Mul(a.C1, b.C1, out var t1);
        Fq2.Mul(a.C2, b.C2, out var t2);

        Fq2.Add(a.C1, a.C2, out var x);
        Fq2.Add(b.C1, b.C2, out var y);
        Fq2.Mul(x, y, out var c0);
        Fq2.Sub(c0, t1, out c0);
        Fq2.Sub(c0, t2, out c0);
        Fq2.MulByXi(c0, out c0);
        Fq2.Add(c0, t0, out c0);

        Fq2.Add(a.C0, a.C1, out x);
        Fq2.Add(b.C0, b.C1, out y);
        Fq2.Mul(x, y, out var c1);
        Fq2.Sub(c1, t0, out c1);
        Fq2.Sub(c1, t1, out c1);
        Fq2.MulByXi(t2, out var xt2);
        Fq2.Add(c1, xt2, out c1);

        Fq2.Add(a.C0, a.C2, out x);
        Fq2.Add(b.C0, b.C2, out y);
        Fq2.Mul(x, y, out var c2);
        Fq2.Sub(c2, t0, out c2);
        Fq2.Sub(c2, t2, out c2);
        Fq2.Add(c2, t1, out c2);

        r = new Fq6(c0, c1, c2);
    }

    /// <summary>CH-SQR2 (Chung-Hasan) squaring.</summary>
    public static void Square(in Fq6 a, out Fq6 r)
    {
        Fq2.Square(a.C0, out var s0);
        Fq2.Mul(a.C0, a.C1, out var ab); Fq2.Double(ab, out var s1);
        Fq2.Sub(a.C0, a.C1, out var t); Fq2.Add(t, a.C2, out t); Fq2.Square(t, out var s2);
        Fq2.Mul(a.C1, a.C2, out var bc); Fq2.Double(bc, out var s3);
        Fq2.Square(a.C2, out var s4);

        Fq2.MulByXi(s3, out var c0); Fq2.Add(c0, s0, out c0);
        Fq2.MulByXi(s4, out var c1); Fq2.Add(c1, s1, out c1);
        Fq2.Add(s1, s2, out var c2); Fq2.Add(c2, s3, out c2); Fq2.Sub(c2, s0, out c2); Fq2.Sub(c2, s4, out c2);
        r = new Fq6(c0, c1, c2);
    }

    /// <summary>Multiply by v: (c0, c1, c2) v = (xi c2, c0, c1).</summary>
    public static void MulByV(in Fq6 a, out Fq6 r)
    {
        Fq2.MulByXi(a.C2, out var c0);
        var c1 = a.C0;
        var c2 = a.C1;
        r = new Fq6(c0, c1, c2);
    }

    public static void MulByFq2(in Fq6 a, in Fq2 b, out Fq6 r)
    {
        Unsafe.SkipInit(out r);
        Fq2.Mul(a.C0, b, out r.C0);
        Fq2.Mul(a.C1, b, out r.C1);
        Fq2.Mul(a.C2, b, out r.C2);
    }

    /// <summary>Multiply by the sparse element d0 + d1 v (5 Fq2 multiplications).</summary>
    public static void MulBy01(in Fq6 a, in Fq2 d0, in Fq2 d1, out Fq6 r)
    {
        Fq2.Mul(a.C0, d0, out var t0);
        Fq2.Mul(a.C1, d1, out var t1);

        Fq2.Mul(a.C2, d1, out var c0);
        Fq2.MulByXi(c0, out c0);
        Fq2.Add(c0, t0, out c0);

        Fq2.Add(a.C0, a.C1, out var x);
        Fq2.Add(d0, d1, out var y);
        Fq2.Mul(x, y, out var c1);
        Fq2.Sub(c1, t0, out c1);
        Fq2.Sub(c1, t1, out c1);

        Fq2.Mul(a.C2, d0, out var c2);
        Fq2.Add(c2, t1, out c2);
        r = new Fq6(c0, c1, c2);
    }

    public readonly Fq6 Inverse()
    {
        // Standard formula via the norm to Fq2.
        Fq2.Square(C0, out var t0);
        Fq2.Mul(C1, C2, out var t);
        Fq2.MulByXi(t, out t);
        Fq2.Sub(t0, t, out var A);          // c0^2 - xi c1 c2
        Fq2.Square(C2, out var t1);
        Fq2.MulByXi(t1, out t1);
        Fq2.Mul(C0, C1, out t);
        Fq2.Sub(t1, t, out var B);          // xi c2^2 - c0 c1
        Fq2.Square(C1, out var t2);
        Fq2.Mul(C0, C2, out t);
        Fq2.Sub(t2, t, out var C);          // c1^2 - c0 c2
        Fq2.Mul(C2, B, out var n);
        Fq2.Mul(C1, C, out t);
        Fq2.Add(n, t, out n);
        Fq2.MulByXi(n, out n);
        Fq2.Mul(C0, A, out t);
        Fq2.Add(n, t, out n);
        var ninv = n.Inverse();
        Fq2.Mul(A, ninv, out var r0);
        Fq2.Mul(B, ninv, out var r1);
        Fq2.Mul(C, ninv, out var r2);
        return new Fq6(r0, r1, r2);
    }

    public static bool operator ==(in Fq6 a, in Fq6 b) => a.C0 == b.C0 && a.C1 == b.C1 && a.C2 == b.C2;
    public static bool operator !=(in Fq6 a, in Fq6 b) => !(a == b);
    public override readonly bool Equals(object? obj) => obj is Fq6 o && this == o;
    public override readonly int GetHashCode() => HashCode.Combine(C0, C1, C2);
}
