namespace ZkChain.Algebra.Tests;

public class OnCurveBatchTests
{
    [Theory]
    [InlineData(0, -1)]
    [InlineData(19, -1)]
    [InlineData(19, 0)]
    [InlineData(19, 7)]
    [InlineData(19, 8)]
    [InlineData(19, 17)]   // in the scalar tail after two lane groups
    [InlineData(64, 63)]
    public void G1_first_off_curve_point_is_found_in_lanes_and_tail(int n, int bad)
    {
        var pts = Enumerable.Range(1, n).Select(i => (G1Affine.Generator * Fr.FromUInt64((ulong)i * 31)).ToAffine()).ToArray();
        for (int i = 2; i < n; i += 5) pts[i] = G1Affine.Infinity;
        if (bad >= 0) pts[bad] = new G1Affine(pts[bad].IsInfinity ? Fq.One : pts[bad].X, (pts[bad].IsInfinity ? Fq.One : pts[bad].Y) + Fq.One + Fq.One); // (1, 2) would be on the curve
        // A second bad point after the first: the first must be reported.
        if (bad >= 0 && bad + 3 < n) pts[bad + 3] = new G1Affine(Fq.One, Fq.One);
        Assert.Equal(bad, G1Affine.FirstOffCurve(pts));
        int scalar = Array.FindIndex(pts, p => !p.IsOnCurve());
        Assert.Equal(scalar, bad);
    }

    [Theory]
    [InlineData(13, -1)]
    [InlineData(13, 4)]
    [InlineData(13, 10)]
    public void G2_first_off_twist_point_is_found(int n, int bad)
    {
        var pts = Enumerable.Range(1, n).Select(i => (G2Affine.Generator * Fr.FromUInt64((ulong)i * 17)).ToAffine()).ToArray();
        pts[1] = G2Affine.Infinity;
        if (bad >= 0) pts[bad] = new G2Affine(pts[bad].X, pts[bad].Y + Fq2.One);
        Assert.Equal(bad, G2Affine.FirstOffCurve(pts));
        Assert.Equal(Array.FindIndex(pts, p => !p.IsOnCurve()), bad);
    }
}
