using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

public class NttTests
{
    private static Fr[] RandomVec(int n) { var a = new Fr[n]; for (int i = 0; i < n; i++) a[i] = Fr.Random(); return a; }

    private static Fr EvalPoly(Fr[] c, Fr x)
    {
        var acc = Fr.Zero;
        for (int j = c.Length - 1; j >= 0; j--) acc = acc * x + c[j];
        return acc;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    public void Forward_matches_naive_dft(int n)
    {
        var c = RandomVec(n);
        var a = (Fr[])c.Clone();
        Ntt.Forward(a);
        var w = Fr.RootOfUnity(System.Numerics.BitOperations.Log2((uint)n));
        var x = Fr.One;
        for (int i = 0; i < n; i++) { Assert.Equal(EvalPoly(c, x), a[i]); x *= w; }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1024)]
    [InlineData(1 << 15)] // above the parallel threshold
    public void Inverse_undoes_forward(int n)
    {
        var c = RandomVec(n);
        var a = (Fr[])c.Clone();
        Ntt.Forward(a);
        Assert.NotEqual(c, a);
        Ntt.Inverse(a);
        Assert.Equal(c, a);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1 << 14)]
    public void Coset_forward_evaluates_at_shifted_points(int n)
    {
        var c = RandomVec(n);
        var shift = Fr.FromUInt64(5) * Fr.Random();
        var a = (Fr[])c.Clone();
        Ntt.CosetForward(a, shift);
        var w = Fr.RootOfUnity(System.Numerics.BitOperations.Log2((uint)n));
        var rng = new Random(n);
        for (int k = 0; k < 16; k++)
        {
            int i = k == 0 ? 0 : rng.Next(n);
            Assert.Equal(EvalPoly(c, shift * w.Pow(i)), a[i]);
        }
        Ntt.CosetInverse(a, shift);
        Assert.Equal(c, a);
    }

    [Fact]
    public void Parallel_large_transform_matches_evaluation()
    {
        int n = 1 << 14;
        var c = RandomVec(n);
        var a = (Fr[])c.Clone();
        Ntt.Forward(a);
        var w = Fr.RootOfUnity(14);
        foreach (int i in new[] { 0, 1, 77, n / 2, n - 1 }) Assert.Equal(EvalPoly(c, w.Pow(i)), a[i]);
    }

    [Fact]
    public void Rejects_bad_sizes()
    {
        Assert.Throws<ArgumentException>(() => Ntt.Forward(new Fr[3]));
        Assert.Throws<ArgumentException>(() => Ntt.Forward(Array.Empty<Fr>()));
        Assert.Throws<ArgumentException>(() => Ntt.CosetInverse(new Fr[4], Fr.Zero));
    }
}
