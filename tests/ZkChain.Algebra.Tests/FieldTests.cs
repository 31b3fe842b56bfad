using System.Numerics;
using FsCheck.Fluent;
using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

/// <summary>Fr and Fq against System.Numerics.BigInteger (an independent implementation).</summary>
public class FieldTests
{
    private static readonly BigInteger R = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");
    private static readonly BigInteger Q = BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583");

    private static BigInteger RandomBelow(Random rng, BigInteger p)
    {
        var b = new byte[40];
        rng.NextBytes(b);
        return BigInteger.Remainder(new BigInteger(b, isUnsigned: true), p);
    }

    private static BigInteger Mod(BigInteger a, BigInteger p) { var r = a % p; return r.Sign < 0 ? r + p : r; }

    private static IEnumerable<BigInteger> Samples(BigInteger p, int seed, int n)
    {
        yield return 0; yield return 1; yield return 2; yield return p - 1; yield return p - 2; yield return (p - 1) / 2;
        yield return (BigInteger.One << 64) - 1; yield return BigInteger.One << 128; yield return BigInteger.One << 253;
        var rng = new Random(seed);
        for (int i = 0; i < n; i++) yield return RandomBelow(rng, p);
    }

    [Fact]
    public void Moduli_match_the_BN254_constants()
    {
        Assert.Equal(R, Fr.Modulus);
        Assert.Equal(Q, Fq.Modulus);
    }

    [Fact]
    public void Fr_arithmetic_matches_BigInteger()
    {
        var xs = Samples(R, 1, 300).ToArray();
        var ys = Samples(R, 2, 300).Reverse().ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            BigInteger a = xs[i], b = ys[i];
            Fr fa = Fr.FromBigInteger(a), fb = Fr.FromBigInteger(b);
            Assert.Equal(a, fa.ToBigInteger());
            Assert.Equal(Mod(a + b, R), (fa + fb).ToBigInteger());
            Assert.Equal(Mod(a - b, R), (fa - fb).ToBigInteger());
            Assert.Equal(Mod(a * b, R), (fa * fb).ToBigInteger());
            Assert.Equal(Mod(-a, R), (-fa).ToBigInteger());
            Fr.Square(fa, out var sq); Assert.Equal(Mod(a * a, R), sq.ToBigInteger());
            Fr.Double(fa, out var db); Assert.Equal(Mod(2 * a, R), db.ToBigInteger());
            if (!a.IsZero) Assert.Equal(BigInteger.ModPow(a, R - 2, R), fa.Inverse().ToBigInteger());
            Assert.Equal(a.ToString(), fa.ToString());
        }
    }

    [Fact]
    public void Fq_arithmetic_matches_BigInteger()
    {
        var xs = Samples(Q, 3, 300).ToArray();
        var ys = Samples(Q, 4, 300).Reverse().ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            BigInteger a = xs[i], b = ys[i];
            Fq fa = Fq.FromBigInteger(a), fb = Fq.FromBigInteger(b);
            Assert.Equal(a, fa.ToBigInteger());
            Assert.Equal(Mod(a + b, Q), (fa + fb).ToBigInteger());
            Assert.Equal(Mod(a - b, Q), (fa - fb).ToBigInteger());
            Assert.Equal(Mod(a * b, Q), (fa * fb).ToBigInteger());
            Assert.Equal(Mod(-a, Q), (-fa).ToBigInteger());
            Fq.Square(fa, out var sq); Assert.Equal(Mod(a * a, Q), sq.ToBigInteger());
            Fq.Double(fa, out var db); Assert.Equal(Mod(2 * a, Q), db.ToBigInteger());
            if (!a.IsZero) Assert.Equal(BigInteger.ModPow(a, Q - 2, Q), fa.Inverse().ToBigInteger());
        }
    }

    [Fact]
    public void FsCheck_property_mul_distributes_and_matches_BigInteger()
    {
        FsCheck.Check.QuickThrowOnFailure(Prop.ForAll<ulong, ulong, long>((x, y, z) =>
        {
            Fr a = Fr.FromUInt64(x), b = Fr.FromUInt64(y), c = Fr.FromInt64(z);
            var lhs = a * (b + c);
            var rhs = a * b + a * c;
            return lhs == rhs && lhs.ToBigInteger() == Mod(new BigInteger(x) * (new BigInteger(y) + z), R);
        }));
    }

    [Fact]
    public void Constructors_reduce_and_accept_negatives()
    {
        Assert.Equal(R - 1, Fr.FromInt64(-1).ToBigInteger());
        Assert.Equal(Mod(long.MinValue, R), Fr.FromInt64(long.MinValue).ToBigInteger());
        Assert.Equal(new BigInteger(long.MaxValue), Fr.FromInt64(long.MaxValue).ToBigInteger());
        Assert.Equal(new BigInteger(ulong.MaxValue), Fr.FromUInt64(ulong.MaxValue).ToBigInteger());
        Assert.Equal(BigInteger.One, Fr.FromBigInteger(R + 1).ToBigInteger());
        Assert.Equal(R - 5, Fr.FromBigInteger(-5).ToBigInteger());
        Assert.Equal(Q - 5, Fq.FromBigInteger(-5 - 3 * Q).ToBigInteger());
        Assert.True(Fr.Zero.IsZero);
        Assert.True(Fr.One.IsOne);
        Assert.Equal(BigInteger.One, Fq.One.ToBigInteger());
        Assert.True((-Fr.Zero).IsZero);
    }

    [Fact]
    public void TryFromCanonical_rejects_out_of_range()
    {
        Assert.True(Fr.TryFromCanonical(R - 1, out var x));
        Assert.Equal(R - 1, x.ToBigInteger());
        Assert.False(Fr.TryFromCanonical(R, out _));
        Assert.False(Fr.TryFromCanonical(-1, out _));
        Assert.True(Fq.TryFromCanonical(0, out var z));
        Assert.True(z.IsZero);
        Assert.False(Fq.TryFromCanonical(Q, out _));
    }

    [Fact]
    public void Inverse_of_zero_throws()
    {
        Assert.Throws<DivideByZeroException>(() => Fr.Zero.Inverse());
        Assert.Throws<DivideByZeroException>(() => Fq.Zero.Inverse());
    }

    [Fact]
    public void Pow_matches_BigInteger_including_negative_exponents()
    {
        var rng = new Random(5);
        for (int i = 0; i < 20; i++)
        {
            var a = RandomBelow(rng, R - 1) + 1;
            var e = RandomBelow(rng, R * 3);
            Assert.Equal(BigInteger.ModPow(a, e, R), Fr.FromBigInteger(a).Pow(e).ToBigInteger());
            Assert.Equal(BigInteger.ModPow(a, R - 1 - Mod(e, R - 1), R), Fr.FromBigInteger(a).Pow(-e).ToBigInteger());
        }
        Assert.True(Fq.FromUInt64(7).Pow(0).IsOne);
    }

    [Fact]
    public void Byte_round_trips_and_layouts()
    {
        var rng = new Random(6);
        Span<byte> buf = stackalloc byte[32];
        foreach (var v in Samples(R, 7, 50))
        {
            var f = Fr.FromBigInteger(v);
            f.ToCanonicalBytesLE(buf);
            Assert.Equal(v, new BigInteger(buf, isUnsigned: true, isBigEndian: false));
            Assert.Equal(f, Fr.FromCanonicalBytesLE(buf));
            f.ToCanonicalBytesBE(buf);
            Assert.Equal(v, new BigInteger(buf, isUnsigned: true, isBigEndian: true));
            Assert.Equal(f, Fr.FromCanonicalBytesBE(buf));
            f.ToMontgomeryBytesLE(buf);
            // Montgomery form is v * 2^256 mod r.
            Assert.Equal(Mod(v * (BigInteger.One << 256), R), new BigInteger(buf, isUnsigned: true, isBigEndian: false));
            Assert.Equal(f, Fr.FromMontgomeryBytesLE(buf));
        }
        foreach (var v in Samples(Q, 8, 50))
        {
            var f = Fq.FromBigInteger(v);
            f.ToMontgomeryBytesLE(buf);
            Assert.Equal(Mod(v * (BigInteger.One << 256), Q), new BigInteger(buf, isUnsigned: true, isBigEndian: false));
            Assert.Equal(f, Fq.FromMontgomeryBytesLE(buf));
            f.ToCanonicalBytesBE(buf);
            Assert.Equal(f, Fq.FromCanonicalBytesBE(buf));
        }
    }

    private static byte[] Le(BigInteger v) { var b = new byte[32]; v.TryWriteBytes(b, out _, isUnsigned: true); return b; }

    [Fact]
    public void Reading_rejects_values_at_or_above_the_modulus()
    {
        foreach (var bad in new[] { R, R + 1, (BigInteger.One << 256) - 1 })
        {
            var le = Le(bad);
            var be = le.Reverse().ToArray();
            Assert.Throws<InvalidDataException>(() => Fr.FromCanonicalBytesLE(le));
            Assert.Throws<InvalidDataException>(() => Fr.FromCanonicalBytesBE(be));
            Assert.Throws<InvalidDataException>(() => Fr.FromMontgomeryBytesLE(le));
        }
        Assert.Throws<InvalidDataException>(() => Fq.FromCanonicalBytesLE(Le(Q)));
        Assert.Throws<InvalidDataException>(() => Fq.FromMontgomeryBytesLE(Le(Q)));
        // R is below Q, so it is a valid Fq value but not a valid Fr value.
        Assert.Equal(R, Fq.FromCanonicalBytesLE(Le(R)).ToBigInteger());
        Assert.Throws<ArgumentException>(() => Fr.FromCanonicalBytesLE(new byte[31]));
        Assert.Throws<ArgumentException>(() => Fr.One.ToCanonicalBytesLE(new byte[31]));
    }

    [Fact]
    public void Random_is_reduced_and_not_constant()
    {
        var seen = new HashSet<BigInteger>();
        for (int i = 0; i < 200; i++)
        {
            var v = Fr.Random().ToBigInteger();
            Assert.InRange(v, BigInteger.Zero, R - 1);
            seen.Add(v);
            Assert.InRange(Fq.Random().ToBigInteger(), BigInteger.Zero, Q - 1);
        }
        Assert.Equal(200, seen.Count);
        // Top bits used: a 254-bit modulus must produce values above 2^253 about 1/3 of the time.
        int high = Enumerable.Range(0, 300).Count(_ => Fr.Random().ToBigInteger() >= (BigInteger.One << 253));
        Assert.InRange(high, 40, 180);
    }

    [Fact]
    public void Roots_of_unity_have_exact_order_and_match_ffjavascript_derivation()
    {
        var w28 = BigInteger.ModPow(5, (R - 1) >> 28, R);
        Assert.Equal(w28, Fr.RootOfUnity(28).ToBigInteger());
        // Value printed by ffjavascript's F1Field(r).w[28] (snarkjs' NTT roots).
        Assert.Equal(BigInteger.Parse("19103219067921713944291392827692070036145651957329286315305642004821462161904"), Fr.RootOfUnity(28).ToBigInteger());
        for (int k = 0; k <= 28; k++)
        {
            var w = Fr.RootOfUnity(k).ToBigInteger();
            Assert.Equal(BigInteger.One, BigInteger.ModPow(w, BigInteger.One << k, R));
            if (k > 0) Assert.Equal(R - 1, BigInteger.ModPow(w, BigInteger.One << (k - 1), R));
        }
        Assert.True(Fr.RootOfUnity(0).IsOne);
        Assert.Throws<ArgumentOutOfRangeException>(() => Fr.RootOfUnity(29));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fr.RootOfUnity(-1));
    }
}
