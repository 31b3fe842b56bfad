using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Groth16.Tests;

/// <summary>GroupNtt against the definition out[i] = (1/n)·Σ_j in[j]·w^(−ij), evaluated naively.</summary>
public class GroupNttTests
{
    private static Fr[] Coefficients(int n, int seed)
    {
        var rng = new Random(seed);
        var c = new Fr[n];
        for (var i = 0; i < n; i++) c[i] = Fr.FromUInt64((ulong)rng.NextInt64(1, long.MaxValue)) * Fr.FromUInt64((ulong)rng.NextInt64(1, long.MaxValue));
        return c;
    }

    // Naive inverse DFT of the discrete logs: since in[j] = c_j·G, out[i] = ((1/n)·Σ_j c_j·w^(−ij))·G.
    private static Fr[] NaiveInverseDft(Fr[] c)
    {
        var n = c.Length;
        var wInv = Fr.RootOfUnity(BitOperations.Log2((uint)n)).Inverse();
        var nInv = Fr.FromUInt64((ulong)n).Inverse();
        var r = new Fr[n];
        for (var i = 0; i < n; i++)
        {
            var acc = Fr.Zero;
            for (var j = 0; j < n; j++) acc += c[j] * wInv.Pow((long)i * j % n);
            r[i] = acc * nInv;
        }
        return r;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    public void G1_matches_naive_lagrange_computation(int n)
    {
        var c = Coefficients(n, n);
        if (n >= 4) c[1] = Fr.Zero; // an input at infinity
        var input = c.Select(x => (G1Affine.Generator * x).ToAffine()).ToArray();
        var expected = NaiveInverseDft(c).Select(x => (G1Affine.Generator * x).ToAffine()).ToArray();
        Assert.Equal(expected, GroupNtt.InverseG1(input));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void G2_matches_naive_lagrange_computation(int n)
    {
        var c = Coefficients(n, 100 + n);
        var input = c.Select(x => (G2Affine.Generator * x).ToAffine()).ToArray();
        var expected = NaiveInverseDft(c).Select(x => (G2Affine.Generator * x).ToAffine()).ToArray();
        Assert.Equal(expected, GroupNtt.InverseG2(input));
    }

    [Fact]
    public void G2_input_outside_the_subgroup_is_refused()
    {
        // The transform is only defined in G2 (twiddles are reduced mod r) and GLV is only k·P there.
        var input = Coefficients(8, 7).Select(x => (G2Affine.Generator * x).ToAffine()).ToArray();
        G2Affine outside = default;
        for (ulong i = 1; ; i++)
        {
            if (HashToG2.TryLift(new Fq2(Fq.FromUInt64(i), Fq.One), out outside) && !outside.IsInSubgroup()) break;
        }
        input[5] = outside;
        Assert.Equal(5, GroupNtt.FirstOutsideG2(input));
        var e = Assert.Throws<ArgumentException>(() => GroupNtt.InverseG2(input));
        Assert.Contains("point 5 is not in the G2 subgroup", e.Message);
        Assert.Equal(-1, GroupNtt.FirstOutsideG2(input.Where((_, i) => i != 5).ToArray()));
    }

    [Fact]
    public void Prepare_phase2_refuses_a_ptau_whose_tauG2_leaves_the_subgroup()
    {
        var ptau = PowersOfTau.New(3);
        Assert.True(PowersOfTau.PreparePhase2(ptau).IsPreparedForPhase2);
        G2Affine outside = default;
        for (ulong i = 1; ; i++)
        {
            if (HashToG2.TryLift(new Fq2(Fq.FromUInt64(i), Fq.One), out outside) && !outside.IsInSubgroup()) break;
        }
        ptau.TauG2[6] = outside;
        var e = Assert.Throws<InvalidDataException>(() => PowersOfTau.PreparePhase2(ptau));
        Assert.Equal("ptau section 3 (tauG2): point 6 is not in the G2 subgroup; this is not a valid powers of tau", e.Message);
    }

    [Fact]
    public void Tau_powers_become_lagrange_basis_at_tau()
    {
        const int n = 16;
        var tau = Fr.FromUInt64(0x1234567);
        var powers = new Fr[n];
        powers[0] = Fr.One;
        for (var j = 1; j < n; j++) powers[j] = powers[j - 1] * tau;
        var lagrange = GroupNtt.InverseG1(powers.Select(x => (G1Affine.Generator * x).ToAffine()).ToArray());
        // L_i(tau) = (w^i / n)·(tau^n − 1)/(tau − w^i).
        var w = Fr.RootOfUnity(4);
        var nInv = Fr.FromUInt64(n).Inverse();
        var zn = tau.Pow(n) - Fr.One;
        for (var i = 0; i < n; i++)
        {
            var wi = w.Pow(i);
            var li = wi * nInv * zn * (tau - wi).Inverse();
            Assert.Equal((G1Affine.Generator * li).ToAffine(), lagrange[i]);
        }
    }

    [Fact]
    public void Rejects_sizes_that_are_not_powers_of_two()
    {
        Assert.Throws<ArgumentException>(() => GroupNtt.InverseG1(new G1Affine[3]));
        Assert.Throws<ArgumentException>(() => GroupNtt.InverseG2(Array.Empty<G2Affine>()));
    }
}
