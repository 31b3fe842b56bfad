using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

public class CurveTests
{
    private static readonly BigInteger R = Fr.Modulus;

    [Fact]
    public void Generators_are_on_curve_and_have_order_r()
    {
        Assert.True(G1Affine.Generator.IsOnCurve());
        Assert.True(G2Affine.Generator.IsOnCurve());
        Assert.True(G2Affine.Generator.IsInSubgroup());
        var rMinus1 = Fr.FromBigInteger(R - 1);
        // (r-1)G = -G, so rG = 0
        Assert.Equal(G1Affine.Generator.Neg(), (G1Affine.Generator * rMinus1).ToAffine());
        Assert.Equal(G2Affine.Generator.Neg(), (G2Affine.Generator * rMinus1).ToAffine());
        Assert.True((G1Affine.Generator * Fr.Zero).IsInfinity);
    }

    [Fact]
    public void G1_group_laws_and_scalar_mul_linearity()
    {
        var g = G1Affine.Generator;
        for (int i = 0; i < 10; i++)
        {
            Fr a = Fr.Random(), b = Fr.Random();
            var pa = g * a; var pb = g * b;
            Assert.Equal(g * (a + b), pa + pb);
            Assert.Equal(g * (a * b), pa.ToAffine() * b);
            Assert.True(pa.IsOnCurve());
            var d = pa; d.Double();
            Assert.Equal(pa + pa, d);
            Assert.Equal(g * Fr.FromUInt64(2) * a, d);
            Assert.True((pa - pa).IsInfinity);
            Assert.True((pa + pa.Neg()).IsInfinity);
            // mixed add with the same point is a doubling
            var m = pa; m.AddMixed(pa.ToAffine());
            Assert.Equal(d, m);
            Assert.Equal(pa, pa + G1Jacobian.Infinity);
            Assert.Equal(pa, G1Jacobian.Infinity + pa);
        }
    }

    [Fact]
    public void G2_group_laws_and_scalar_mul_linearity()
    {
        var g = G2Affine.Generator;
        for (int i = 0; i < 5; i++)
        {
            Fr a = Fr.Random(), b = Fr.Random();
            var pa = g * a; var pb = g * b;
            Assert.Equal(g * (a + b), pa + pb);
            Assert.Equal(g * (a * b), pa.ToAffine() * b);
            Assert.True(pa.ToAffine().IsInSubgroup());
            var d = pa; d.Double();
            Assert.Equal(pa + pa, d);
            var m = pa; m.AddMixed(pa.ToAffine());
            Assert.Equal(d, m);
            Assert.True((pa - pa).IsInfinity);
        }
    }

    [Fact]
    public void Batch_to_affine_matches_single_conversions_and_keeps_infinity()
    {
        var pts = new G1Jacobian[20];
        for (int i = 0; i < pts.Length; i++) pts[i] = i % 7 == 3 ? G1Jacobian.Infinity : G1Affine.Generator * Fr.Random();
        var aff = G1Jacobian.BatchToAffine(pts);
        for (int i = 0; i < pts.Length; i++) Assert.Equal(pts[i].ToAffine(), aff[i]);
        Assert.True(aff[3].IsInfinity);
        var pts2 = new G2Jacobian[5];
        for (int i = 0; i < pts2.Length; i++) pts2[i] = i == 0 ? G2Jacobian.Infinity : G2Affine.Generator * Fr.Random();
        var aff2 = G2Jacobian.BatchToAffine(pts2);
        for (int i = 0; i < pts2.Length; i++) Assert.Equal(pts2[i].ToAffine(), aff2[i]);
    }

    [Fact]
    public void Serialization_round_trips()
    {
        var p = (G1Affine.Generator * Fr.Random()).ToAffine();
        var buf = new byte[64];
        p.ToMontgomeryBytesLE(buf);
        Assert.Equal(p, G1Affine.FromMontgomeryBytesLE(buf));
        Assert.Equal(p.X, Fq.FromMontgomeryBytesLE(buf.AsSpan(0, 32)));
        p.ToBytesBE(buf);
        Assert.Equal(p.X.ToBigInteger(), new BigInteger(buf.AsSpan(0, 32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(p, G1Affine.FromBytesBE(buf));
        G1Affine.Infinity.ToBytesBE(buf);
        Assert.All(buf, b => Assert.Equal(0, b));
        Assert.True(G1Affine.FromBytesBE(buf).IsInfinity);
        Assert.True(G1Affine.FromMontgomeryBytesLE(buf).IsInfinity);

        var q = (G2Affine.Generator * Fr.Random()).ToAffine();
        var b2 = new byte[128];
        q.ToMontgomeryBytesLE(b2);
        Assert.Equal(q, G2Affine.FromMontgomeryBytesLE(b2));
        Assert.Equal(q.X.C1, Fq.FromMontgomeryBytesLE(b2.AsSpan(32, 32)));
        q.ToBytesBE(b2);
        // EIP-197: imaginary part first
        Assert.Equal(q.X.C1.ToBigInteger(), new BigInteger(b2.AsSpan(0, 32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(q.Y.C0.ToBigInteger(), new BigInteger(b2.AsSpan(96, 32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(q, G2Affine.FromBytesBE(b2));
        var (x0, x1, y0, y1) = q.ToBigIntegers();
        Assert.Equal(q, G2Affine.FromBigIntegers(x0, x1, y0, y1));
        var (gx, gy) = G1Affine.Generator.ToBigIntegers();
        Assert.Equal(G1Affine.Generator, G1Affine.FromBigIntegers(gx, gy));
    }

    [Fact]
    public void Validation_names_the_problem()
    {
        var q = Fq.Modulus;
        var e1 = Assert.Throws<InvalidDataException>(() => G1Affine.FromBigIntegers(q, 2));
        Assert.Contains("x coordinate is not below", e1.Message);
        var e2 = Assert.Throws<InvalidDataException>(() => G1Affine.FromBigIntegers(1, 3));
        Assert.Contains("not on the curve", e2.Message);
        Assert.True(G1Affine.FromBigIntegers(0, 0).IsInfinity);
        // G1 point (1, 2) shifted by q in y: the same residue, still rejected as non-canonical.
        Assert.Throws<InvalidDataException>(() => G1Affine.FromBigIntegers(1, 2 + q));

        var (x0, x1, y0, y1) = G2Affine.Generator.ToBigIntegers();
        var e3 = Assert.Throws<InvalidDataException>(() => G2Affine.FromBigIntegers(x0, x1 + q, y0, y1));
        Assert.Contains("x.c1", e3.Message);
        var e4 = Assert.Throws<InvalidDataException>(() => G2Affine.FromBigIntegers(x0, x1, y0, y1 + 1));
        Assert.Contains("not on the twist", e4.Message);

        // A twist point outside the order-r subgroup: solve y^2 = x^3 + b' for small x until a root exists.
        var bad = FindTwistPointOutsideSubgroup();
        Assert.True(bad.IsOnCurve());
        Assert.False(bad.IsInSubgroup());
        var (a0, a1, b0, b1) = bad.ToBigIntegers();
        var e5 = Assert.Throws<InvalidDataException>(() => G2Affine.FromBigIntegers(a0, a1, b0, b1));
        Assert.Contains("subgroup", e5.Message);
        var buf = new byte[128];
        bad.ToMontgomeryBytesLE(buf);
        Assert.Throws<InvalidDataException>(() => G2Affine.FromMontgomeryBytesLE(buf));
        Assert.Equal(bad, G2Affine.FromMontgomeryBytesLE(buf, checkSubgroup: false));

        var gbuf = new byte[64];
        G1Affine.Generator.ToBytesBE(gbuf);
        gbuf[63] ^= 1;
        Assert.Throws<InvalidDataException>(() => G1Affine.FromBytesBE(gbuf));
        Assert.Throws<ArgumentException>(() => G1Affine.FromBytesBE(new byte[63]));
    }

    [Fact]
    public void G2_endomorphism_subgroup_test_agrees_with_multiplication_by_r()
    {
        // In G2: multiples of the generator. Outside: twist points found by lifting x = i + u (almost all of the twist
        // is outside G2, its cofactor being ~2^254), and G2 points plus such a point (a mixed-order point).
        var outside = TwistPointsOutsideSubgroup().Take(6).ToList();
        var rng = new Random(11);
        for (var i = 0; i < 6; i++)
        {
            var g = (G2Affine.Generator * Fr.FromUInt64((ulong)rng.NextInt64(1, long.MaxValue))).ToAffine();
            Assert.True(g.IsInSubgroupByOrder());
            Assert.True(g.IsInSubgroup());
            var mixed = (g + outside[i]).ToAffine();
            Assert.False(mixed.IsInSubgroupByOrder());
            Assert.False(mixed.IsInSubgroup());
            Assert.False(outside[i].IsInSubgroup());
        }
        Assert.True(G2Affine.Infinity.IsInSubgroup());
        // psi acts on G2 as multiplication by q mod r (the Frobenius eigenvalue), a consistency check of its constants.
        var p = (G2Affine.Generator * Fr.FromUInt64(424242)).ToAffine();
        Assert.Equal((p * Fr.FromBigInteger(Fq.Modulus % Fr.Modulus)).ToAffine(), p.ToJacobian().Psi().ToAffine());
    }

    private static IEnumerable<G2Affine> TwistPointsOutsideSubgroup()
    {
        var b = new Fq2(Fq.FromUInt64(3), Fq.Zero) * new Fq2(Fq.FromUInt64(9), Fq.One).Inverse();
        var q = Fq.Modulus;
        for (ulong i = 1; ; i++)
        {
            var x = new Fq2(Fq.FromUInt64(i), Fq.One);
            var rhs = x * x * x + b;
            var a1 = rhs.Pow((q - 3) / 4);
            var alpha = a1 * a1 * rhs;
            var x0 = a1 * rhs;
            Fq2 y;
            if (alpha == -Fq2.One) y = new Fq2(Fq.Zero, Fq.One) * x0;
            else y = (alpha + Fq2.One).Pow((q - 1) / 2) * x0;
            if (y * y != rhs) continue;
            var p = new G2Affine(x, y);
            if (!p.IsInSubgroupByOrder()) yield return p;
        }
    }

    internal static G2Affine FindTwistPointOutsideSubgroup() => TwistPointsOutsideSubgroup().First();

    // Scalars that stress the GLV split: zero halves, the endomorphism eigenvalue itself, values near r,
    // powers of two around the half size, and NAF carry runs (all ones).
    private static IEnumerable<BigInteger> GlvEdgeScalars()
    {
        var l = Glv.Lambda;
        var list = new List<BigInteger>
        {
            0, 1, 2, 15, 16, 17, 31, 32, 33, R - 1, R - 2, l, l + 1, l - 1, R - l, (l * l) % R,
            BigInteger.One << 127, (BigInteger.One << 128) - 1, BigInteger.One << 128, (BigInteger.One << 253) - 1,
            ((BigInteger.One << 253) - 1) % R, R / 2, R / 3,
        };
        var rng = new Random(7);
        var buf = new byte[32];
        for (int i = 0; i < 12; i++) { rng.NextBytes(buf); list.Add(new BigInteger(buf, isUnsigned: true) % R); }
        return list;
    }

    [Fact]
    public void Glv_decomposition_is_exact_and_short()
    {
        foreach (var k in GlvEdgeScalars())
        {
            Glv.Decompose(k, out var k1, out var k2);
            Assert.Equal(k % R, (((k1 + k2 * Glv.Lambda) % R) + R) % R);
            Assert.True(BigInteger.Abs(k1) < BigInteger.One << 128, $"k1 too long for k = {k}");
            Assert.True(BigInteger.Abs(k2) < BigInteger.One << 128, $"k2 too long for k = {k}");
        }
    }

    [Fact]
    public void Glv_scalar_mul_matches_double_and_add_on_G1_and_G2()
    {
        var g1 = (G1Affine.Generator * Fr.FromUInt64(123456789)).ToAffine();
        var g2 = (G2Affine.Generator * Fr.FromUInt64(987654321)).ToAffine();
        foreach (var k in GlvEdgeScalars())
        {
            var e = U256.FromBigInteger(k);
            var f = Fr.FromBigInteger(k);
            Assert.Equal(G1Jacobian.ScalarMulRaw(g1, e).ToAffine(), G1Jacobian.ScalarMul(g1, f).ToAffine());
            Assert.Equal(G2Jacobian.ScalarMulRaw(g2, e).ToAffine(), G2Jacobian.ScalarMulInSubgroup(g2, f).ToAffine());
            Assert.Equal(G2Jacobian.ScalarMulRaw(g2, e).ToAffine(), G2Jacobian.ScalarMul(g2, f).ToAffine());
        }
        // Outside the G2 subgroup the endomorphism is not lambda: ScalarMul must stay exact there.
        var outside = FindTwistPointOutsideSubgroup();
        var k7 = Fr.FromBigInteger(Glv.Lambda + 12345);
        Mont<FrModulus>.FromMontgomery(k7.V, out var e7);
        Assert.Equal(G2Jacobian.ScalarMulRaw(outside, e7).ToAffine(), G2Jacobian.ScalarMul(outside, k7).ToAffine());
        Assert.NotEqual(G2Jacobian.ScalarMulRaw(outside, e7).ToAffine(), G2Jacobian.ScalarMulInSubgroup(outside, k7).ToAffine());
        Assert.True(G1Jacobian.ScalarMul(G1Affine.Infinity, Fr.FromUInt64(5)).IsInfinity);
        Assert.True(G2Jacobian.ScalarMulInSubgroup(G2Affine.Infinity, Fr.FromUInt64(5)).IsInfinity);
    }
}
