using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

public class TowerTests
{
    private static readonly BigInteger Q = Fq.Modulus;
    private static BigInteger Mod(BigInteger a) { var r = a % Q; return r.Sign < 0 ? r + Q : r; }

    internal static Fq2 RandFq2() => new(Fq.Random(), Fq.Random());
    internal static Fq6 RandFq6() => new(RandFq2(), RandFq2(), RandFq2());
    internal static Fq12 RandFq12() => new(RandFq6(), RandFq6());

    [Fact]
    public void Fq2_matches_complex_arithmetic_over_BigInteger()
    {
        for (int i = 0; i < 100; i++)
        {
            var a = RandFq2(); var b = RandFq2();
            BigInteger a0 = a.C0.ToBigInteger(), a1 = a.C1.ToBigInteger(), b0 = b.C0.ToBigInteger(), b1 = b.C1.ToBigInteger();
            var m = a * b;
            Assert.Equal(Mod(a0 * b0 - a1 * b1), m.C0.ToBigInteger());
            Assert.Equal(Mod(a0 * b1 + a1 * b0), m.C1.ToBigInteger());
            Fq2.Square(a, out var s);
            Assert.Equal(a * a, s);
            Fq2.MulByXi(a, out var x);
            Assert.Equal(a * new Fq2(Fq.FromUInt64(9), Fq.One), x);
            Assert.True((a * a.Inverse()).IsOne);
            Assert.Equal(a - b + b, a);
            // Frobenius on Fq2 is conjugation: a^q = conj(a).
            Fq2.Conjugate(a, out var c);
            if (i < 5) Assert.Equal(c, a.Pow(Q));
        }
        Assert.Throws<DivideByZeroException>(() => Fq2.Zero.Inverse());
    }

    [Fact]
    public void Fq6_ring_laws_square_and_inverse()
    {
        for (int i = 0; i < 30; i++)
        {
            var a = RandFq6(); var b = RandFq6(); var c = RandFq6();
            Fq6.Mul(a, b, out var ab); Fq6.Mul(b, a, out var ba);
            Assert.True(ab == ba);
            Fq6.Mul(ab, c, out var abc1);
            Fq6.Mul(b, c, out var bc); Fq6.Mul(a, bc, out var abc2);
            Assert.True(abc1 == abc2);
            Fq6.Add(b, c, out var bpc); Fq6.Mul(a, bpc, out var l);
            Fq6.Mul(a, c, out var ac); Fq6.Add(ab, ac, out var r);
            Assert.True(l == r);
            Fq6.Square(a, out var sq); Fq6.Mul(a, a, out var aa);
            Assert.True(sq == aa);
            Fq6.Mul(a, a.Inverse(), out var one);
            Assert.True(one == Fq6.One);
            // v^3 = xi
            var v = new Fq6(Fq2.Zero, Fq2.One, Fq2.Zero);
            Fq6.Mul(v, v, out var v2); Fq6.Mul(v2, v, out var v3);
            Assert.True(v3 == new Fq6(new Fq2(Fq.FromUInt64(9), Fq.One), Fq2.Zero, Fq2.Zero));
            Fq6.MulByV(a, out var av); Fq6.Mul(a, v, out var av2);
            Assert.True(av == av2);
            var d0 = RandFq2(); var d1 = RandFq2();
            Fq6.MulBy01(a, d0, d1, out var sp); Fq6.Mul(a, new Fq6(d0, d1, Fq2.Zero), out var full);
            Assert.True(sp == full);
        }
    }

    [Fact]
    public void Fq12_ring_laws_sparse_mul_and_inverse()
    {
        for (int i = 0; i < 20; i++)
        {
            var a = RandFq12(); var b = RandFq12(); var c = RandFq12();
            Fq12.Mul(a, b, out var ab); Fq12.Mul(ab, c, out var abc1);
            Fq12.Mul(b, c, out var bc); Fq12.Mul(a, bc, out var abc2);
            Assert.True(abc1 == abc2);
            Fq12.Square(a, out var sq); Fq12.Mul(a, a, out var aa);
            Assert.True(sq == aa);
            Fq12.Mul(a, a.Inverse(), out var one);
            Assert.True(one.IsOne);
            Fq2 l0 = RandFq2(), l3 = RandFq2(), l4 = RandFq2();
            Fq12.MulBy034(a, l0, l3, l4, out var sp);
            Fq12.Mul(a, new Fq12(new Fq6(l0, Fq2.Zero, Fq2.Zero), new Fq6(l3, l4, Fq2.Zero)), out var full);
            Assert.True(sp == full);
        }
        // w^2 = v
        var w = new Fq12(Fq6.Zero, Fq6.One);
        Fq12.Square(w, out var w2);
        Assert.True(w2 == new Fq12(new Fq6(Fq2.Zero, Fq2.One, Fq2.Zero), Fq6.Zero));
    }

    [Fact]
    public void Fq12_frobenius_equals_power_of_q()
    {
        for (int i = 0; i < 2; i++)
        {
            var a = RandFq12();
            var ap = a.Pow(Q);
            Fq12.Frobenius(a, 1, out var f1);
            Assert.True(f1 == ap);
            Fq12.Frobenius(a, 2, out var f2);
            Assert.True(f2 == ap.Pow(Q));
            Fq12.Frobenius(a, 3, out var f3);
            Fq12.Frobenius(f2, 1, out var f21);
            Assert.True(f3 == f21);
        }
        // Conjugate is the q^6 Frobenius
        var b = RandFq12();
        Fq12.Conjugate(b, out var cb);
        Fq12.Frobenius(b, 3, out var b3); Fq12.Frobenius(b3, 3, out var b6);
        Assert.True(cb == b6);
    }
}
