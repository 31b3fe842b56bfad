using System.Numerics;
using ZkChain.Circuits.Std;

namespace ZkChain.Circuits.Tests;

/// <summary>
/// The sigmoid's knot table is computed with integers only, so it is the same on every machine (a libm that differs
/// in the last ulp would otherwise change the circuit), and it is correctly rounded for every supported F.
/// </summary>
public class SigmoidTableTests
{
    // round-half-away(σ(−8 + s/2)·2^F) from an independent computation: Python's decimal module (correctly rounded exp)
    // at 120 significant digits.
    private static readonly long[] ExpectedF16 =
    [
        22, 36, 60, 98, 162, 267, 439, 720, 1179, 1921, 3108, 4971, 7812, 11955, 17625, 24743, 32768, 40793, 47911, 53581,
        57724, 60565, 62428, 63615, 64357, 64816, 65097, 65269, 65374, 65438, 65476, 65500, 65514,
    ];

    private static readonly long[] ExpectedF60 =
    [
        386632376987514, 637310377796478, 1050370513822257, 1730745306126314, 2850740410073095, 4692549299368039,
        7716331757735822, 12667082428692598, 20736688251669259, 33794701181236816, 54678309061173800, 87458527046829174,
        137431612211272427, 210322309385516534, 310068348176998803, 435274755921033121, 576460752303423488,
        717646748685813855, 842853156429848173, 942599195221330442, 1015489892395574549, 1065462977560017802,
        1098243195545673176, 1119126803425610160, 1132184816355177717, 1140254422178154378, 1145205172849111154,
        1148228955307478937, 1150070764196773881, 1151190759300720662, 1151871134093024719, 1152284194229050498,
        1152534872229859462,
    ];

    [Fact]
    public void Knots_equal_a_high_precision_computation_for_F16_and_F60()
    {
        Assert.Equal(ExpectedF16.Select(v => new BigInteger(v)), Enumerable.Range(0, 33).Select(s => Sigmoid.Knot(s, 16)));
        Assert.Equal(ExpectedF60.Select(v => new BigInteger(v)), Enumerable.Range(0, 33).Select(s => Sigmoid.Knot(s, 60)));
    }

    [Fact]
    public void The_native_sigmoid_uses_exactly_those_knots()
    {
        var fmt = new FixedPointFormat(16, 40);
        for (var s = 0; s <= 32; s++)
        {
            var x = (BigInteger)(s - 16) << 15; // (−8 + s/2)·2^16
            Assert.Equal(ExpectedF16[s], (long)Sigmoid.Native.Apply(fmt, x));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(33)]
    [InlineData(45)]
    [InlineData(53)]
    [InlineData(60)]
    public void Knots_are_monotone_centred_and_symmetric(int f)
    {
        var y = Enumerable.Range(0, 33).Select(s => Sigmoid.Knot(s, f)).ToArray();
        var full = BigInteger.One << f;
        Assert.Equal(full / 2, y[16]); // σ(0) = 1/2 exactly
        for (var s = 0; s < 32; s++) Assert.True(y[s] <= y[s + 1], $"F={f}: Y[{s}] > Y[{s + 1}]");
        // σ(x) + σ(−x) = 1 and no knot is an exact half-integer, so correct rounding keeps the symmetry exactly.
        for (var s = 0; s <= 32; s++) Assert.Equal(full, y[s] + y[32 - s]);
    }

    [Fact]
    public void Values_of_the_former_double_formula_are_kept_where_a_double_is_exact_enough()
    {
        // A double's relative error (~2^−52) moves σ·2^F by at most ~2^(F−52) ≤ 2^−12 for F ≤ 40, so the old Math.Exp
        // table could only be wrong for a knot within that distance of a half; none is, so the exact table must
        // reproduce the old values there (the training circuits use F = 8..20, their circuits do not change).
        for (var f = 2; f <= 40; f++)
        {
            for (var s = 0; s <= 32; s++)
            {
                var x = -8 + s / 2.0;
                var old = new BigInteger(Math.Round(Math.ScaleB(1 / (1 + Math.Exp(-x)), f), MidpointRounding.AwayFromZero));
                Assert.True(old == Sigmoid.Knot(s, f), $"F={f}, s={s}: double {old}, exact {Sigmoid.Knot(s, f)}");
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sigmoid.Knot(-1, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sigmoid.Knot(33, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sigmoid.Knot(0, 61));
    }
}
