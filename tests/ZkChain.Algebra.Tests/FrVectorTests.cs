using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

/// <summary>The element-wise Fr products (lanes for groups of eight, scalar tail) against per-element scalar arithmetic.</summary>
public class FrVectorTests
{
    private static Fr[] RandomVector(int n)
    {
        var v = new Fr[n];
        for (int i = 0; i < n; i++) v[i] = Fr.Random();
        if (n > 0) v[0] = Fr.Zero - Fr.One; // p - 1
        if (n > 3) v[3] = Fr.Zero;
        return v;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(100)]
    public void Products_and_products_minus_a_vector_match_scalar_arithmetic(int n)
    {
        var x = RandomVector(n);
        var y = RandomVector(n);
        var z = RandomVector(n);
        var prod = new Fr[n];
        var diff = new Fr[n];
        FrVector.Mul(x, y, prod);
        FrVector.MulSub(x, y, z, diff);
        for (int i = 0; i < n; i++)
        {
            Assert.True(prod[i] == x[i] * y[i], $"n {n}: product {i}");
            Assert.True(diff[i] == x[i] * y[i] - z[i], $"n {n}: product minus z, entry {i}");
        }
        // In place, as the NTT and the QAP use it.
        var inPlace = (Fr[])x.Clone();
        FrVector.Mul(inPlace, y, inPlace);
        Assert.Equal(prod, inPlace);
        inPlace = (Fr[])z.Clone();
        FrVector.MulSub(x, y, inPlace, inPlace);
        Assert.Equal(diff, inPlace);
    }

    [Fact]
    public void Different_lengths_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => FrVector.Mul(new Fr[8], new Fr[7], new Fr[8]));
        Assert.Contains("lengths differ", e.Message);
        Assert.Throws<ArgumentException>(() => FrVector.MulSub(new Fr[8], new Fr[8], new Fr[9], new Fr[8]));
    }
}
