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

    /// <summary>
    /// The AVX-512 butterflies (eight at a time) against the scalar ones on the same random input: sizes with
    /// in-block stages only, with one and with two outer passes, and parallel runs whose chunk bounds are not
    /// multiples of eight (so lane groups and scalar head/tail mix).
    /// </summary>
    [Theory]
    [InlineData(1 << 6, false)]
    [InlineData(1 << 12, false)]
    [InlineData(1 << 13, false)]
    [InlineData(1 << 14, true)]
    [InlineData(1 << 15, false)]
    [InlineData(1 << 15, true)]
    public void Lane_butterflies_match_scalar_butterflies(int n, bool parallel)
    {
        if (!Fr8.IsSupported) return;
        var input = RandomVec(n);
        input[n - 1] = Fr.Zero - Fr.One;
        foreach (var inverse in new[] { false, true })
        {
            var lanes = (Fr[])input.Clone();
            var scalar = (Fr[])input.Clone();
            if (inverse) Ntt.Inverse(lanes, parallel); else Ntt.Forward(lanes, parallel);
            try
            {
                Ntt.ForceScalar = true;
                if (inverse) Ntt.Inverse(scalar, parallel); else Ntt.Forward(scalar, parallel);
            }
            finally { Ntt.ForceScalar = false; }
            for (int i = 0; i < n; i++) Assert.True(lanes[i] == scalar[i], $"n {n}, inverse {inverse}: entry {i} differs");
        }
    }

    [Fact]
    public void Rejects_bad_sizes()
    {
        Assert.Throws<ArgumentException>(() => Ntt.Forward(new Fr[3]));
        Assert.Throws<ArgumentException>(() => Ntt.Forward(Array.Empty<Fr>()));
        Assert.Throws<ArgumentException>(() => Ntt.CosetInverse(new Fr[4], Fr.Zero));
    }
    // Sizes around the in-block/radix-2^2 split (blocks of 2^12): below it, one fused pair of outer stages,
    // one single outer stage, and a pair plus a single.
    [Theory]
    [InlineData(1 << 11, false)]
    [InlineData(1 << 12, true)]
    [InlineData(1 << 13, false)]
    [InlineData(1 << 13, true)]
    [InlineData(1 << 14, false)]
    [InlineData(1 << 15, true)]
    [InlineData(1 << 15, false)]
    public void Serial_and_parallel_transforms_match_evaluation(int n, bool parallel)
    {
        var c = RandomVec(n);
        var a = (Fr[])c.Clone();
        Ntt.Forward(a, parallel);
        int log = System.Numerics.BitOperations.Log2((uint)n);
        var w = Fr.RootOfUnity(log);
        var rng = new Random(n);
        var points = new List<int> { 0, 1, n / 4, n / 4 + 1, n / 2 - 1, n / 2, 3 * n / 4 + 3, n - 1 };
        for (int k = 0; k < 8; k++) points.Add(rng.Next(n));
        foreach (int i in points) Assert.Equal(EvalPoly(c, w.Pow(i)), a[i]);
        Ntt.Inverse(a, parallel);
        Assert.Equal(c, a);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(32)]
    [InlineData(1 << 13)]
    public void Subgroup_to_coset_evaluates_the_interpolant_on_the_coset(int n)
    {
        var c = RandomVec(n);
        var evals = (Fr[])c.Clone();
        Ntt.Forward(evals);
        int log = System.Numerics.BitOperations.Log2((uint)n);
        var shift = Fr.RootOfUnity(log + 1); // the prover's odd coset
        var viaTwoCalls = (Fr[])evals.Clone();
        Ntt.Inverse(viaTwoCalls);
        Ntt.CosetForward(viaTwoCalls, shift);
        foreach (bool parallel in new[] { false, true })
        {
            var a = (Fr[])evals.Clone();
            Ntt.SubgroupToCoset(a, shift, parallel);
            Assert.Equal(viaTwoCalls, a);
            var w = Fr.RootOfUnity(log);
            foreach (int i in new[] { 0, 1, n - 1, n / 2 }) Assert.Equal(EvalPoly(c, shift * w.Pow(i)), a[i]);
        }
        Assert.Throws<ArgumentException>(() => Ntt.SubgroupToCoset(new Fr[4], Fr.Zero));
        Assert.Throws<ArgumentException>(() => Ntt.SubgroupToCoset(new Fr[6], shift));
    }

    [Fact]
    public void Size_64_matches_full_naive_dft_forward_and_inverse()
    {
        const int n = 64;
        var c = RandomVec(n);
        var w = Fr.RootOfUnity(6);
        var wInv = w.Inverse();
        var nInv = Fr.FromUInt64(n).Inverse();
        var a = (Fr[])c.Clone();
        Ntt.Forward(a, parallel: false);
        var back = (Fr[])c.Clone();
        Ntt.Inverse(back, parallel: false);
        for (int i = 0; i < n; i++)
        {
            Fr fwd = Fr.Zero, inv = Fr.Zero;
            for (int j = 0; j < n; j++)
            {
                fwd += c[j] * w.Pow((long)i * j % n);
                inv += c[j] * wInv.Pow((long)i * j % n);
            }
            Assert.Equal(fwd, a[i]);
            Assert.Equal(inv * nInv, back[i]);
        }
    }
}
