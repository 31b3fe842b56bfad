using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

public class PairingTests
{
    [Fact]
    public void Final_exponentiation_equals_the_plain_power()
    {
        var f = TowerTests.RandFq12();
        var expected = f.Pow((BigInteger.Pow(Fq.Modulus, 12) - 1) / Fr.Modulus);
        Assert.True(Pairing.FinalExponentiation(f) == expected);
    }

    [Fact]
    public void Bilinear_and_non_degenerate()
    {
        var g1 = G1Affine.Generator; var g2 = G2Affine.Generator;
        var e = Pairing.Pair(g1, g2);
        Assert.False(e.IsOne);
        Assert.True(e.Pow(Fr.FromBigInteger(Fr.Modulus - 1)) == e.Inverse());
        Fr a = Fr.Random(), b = Fr.Random();
        var lhs = Pairing.Pair((g1 * a).ToAffine(), (g2 * b).ToAffine());
        Assert.Equal(e.Pow(a * b), lhs);
        Assert.Equal(Pairing.Pair((g1 * (a * b)).ToAffine(), g2), lhs);
        Assert.Equal(Pairing.Pair(g1, (g2 * (a * b)).ToAffine()), lhs);
        var p = (g1 * a).ToAffine();
        Assert.True((Pairing.Pair(p, g2) * Pairing.Pair(p.Neg(), g2)).IsOne);
        Assert.True(Pairing.Pair(G1Affine.Infinity, g2).IsOne);
        Assert.True(Pairing.Pair(g1, G2Affine.Infinity).IsOne);
    }

    [Fact]
    public void Multi_pairing_checks_products()
    {
        var g1 = G1Affine.Generator; var g2 = G2Affine.Generator;
        Fr a = Fr.Random(), b = Fr.Random(), c = Fr.Random();
        // e(aG1, bG2) * e(-(ab - c) G1, G2) * e(-c G1, G2) = 1
        G1Affine[] ps = [(g1 * a).ToAffine(), (g1 * -(a * b - c)).ToAffine(), (g1 * -c).ToAffine(), G1Affine.Infinity];
        G2Affine[] qs = [(g2 * b).ToAffine(), g2, g2, g2];
        Assert.True(Pairing.MultiPairingIsOne(ps, qs));
        ps[2] = (g1 * c).ToAffine();
        Assert.False(Pairing.MultiPairingIsOne(ps, qs));
        Assert.True(Pairing.MultiPairingIsOne([], []));
        Assert.Throws<ArgumentException>(() => Pairing.MultiPairingIsOne(ps, qs.AsSpan(1)));
        Assert.Equal(Pairing.Pair(ps[0], qs[0]) * Pairing.Pair(ps[1], qs[1]), Pairing.MultiPair(ps.AsSpan(0, 2), qs.AsSpan(0, 2)));
    }
}
