using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>
/// Inverse NTT over G1/G2 points with snarkjs's roots (Fr.RootOfUnity): out[i] = (1/n)·Σ_j in[j]·w^(−ij).
/// Applied to [tau^j·G] it yields the Lagrange basis [L_i(tau)·G] that phase 2 needs.
/// Radix-2 decimation in time; each stage normalises to affine in one batch inversion and runs its
/// butterflies in parallel.
/// </summary>
public static class GroupNtt
{
    public static G1Affine[] InverseG1(ReadOnlySpan<G1Affine> input) =>
        Run(input.ToArray(), G1Ops.Instance);

    /// <summary>
    /// The inverse NTT over points of G2 (multiplications use GLV, which is k·P only inside G2). Outside G2 the
    /// transform has no meaning (twiddles are reduced mod r), so such input is refused: checked here unless the
    /// caller has already checked every point (<paramref name="inputsCheckedInG2"/>).
    /// </summary>
    public static G2Affine[] InverseG2(ReadOnlySpan<G2Affine> input, bool inputsCheckedInG2 = false)
    {
        var a = input.ToArray();
        if (!inputsCheckedInG2)
        {
            var bad = FirstOutsideG2(a);
            if (bad >= 0) throw new ArgumentException($"point {bad} is not in the G2 subgroup", nameof(input));
        }
        return Run(a, G2Ops.Instance);
    }

    /// <summary>The index of the first point that is not in G2 (off the twist or outside the subgroup), or −1.</summary>
    public static int FirstOutsideG2(G2Affine[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var a = points;
        var first = int.MaxValue;
        Parallel.For(0, a.Length, i =>
        {
            if (!a[i].IsInSubgroup()) InterlockedMin(ref first, i);
        });
        return first == int.MaxValue ? -1 : first;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        int seen;
        while (value < (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    private interface IOps<TA, TJ>
    {
        TJ Mul(in TA p, in Fr k);
        TJ ToJ(in TA p);
        TJ Add(in TJ a, in TJ b);
        TJ Sub(in TJ a, in TJ b);
        TA[] ToAffine(TJ[] pts);
    }

    private sealed class G1Ops : IOps<G1Affine, G1Jacobian>
    {
        public static readonly G1Ops Instance = new();
        public G1Jacobian Mul(in G1Affine p, in Fr k) => G1Jacobian.ScalarMul(p, k);
        public G1Jacobian ToJ(in G1Affine p) => p.ToJacobian();
        public G1Jacobian Add(in G1Jacobian a, in G1Jacobian b) => a + b;
        public G1Jacobian Sub(in G1Jacobian a, in G1Jacobian b) => a - b;
        public G1Affine[] ToAffine(G1Jacobian[] pts) => G1Jacobian.BatchToAffine(pts);
    }

    private sealed class G2Ops : IOps<G2Affine, G2Jacobian>
    {
        public static readonly G2Ops Instance = new();
        public G2Jacobian Mul(in G2Affine p, in Fr k) => G2Jacobian.ScalarMulInSubgroup(p, k);
        public G2Jacobian ToJ(in G2Affine p) => p.ToJacobian();
        public G2Jacobian Add(in G2Jacobian a, in G2Jacobian b) => a + b;
        public G2Jacobian Sub(in G2Jacobian a, in G2Jacobian b) => a - b;
        public G2Affine[] ToAffine(G2Jacobian[] pts) => G2Jacobian.BatchToAffine(pts);
    }

    private static TA[] Run<TA, TJ>(TA[] a, IOps<TA, TJ> ops)
    {
        var n = a.Length;
        if (n == 0 || (n & (n - 1)) != 0) throw new ArgumentException($"size {n} is not a power of two");
        var log = BitOperations.Log2((uint)n);
        if (log > Fr.TwoAdicity) throw new ArgumentException($"size 2^{log} exceeds Fr's two-adicity");
        if (n == 1) return a;

        // Bit-reversal permutation.
        for (int i = 0, j = 0; i < n; i++)
        {
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
        }

        var wInv = Fr.RootOfUnity(log).Inverse();
        var nInv = Fr.FromUInt64((ulong)n).Inverse();
        var cur = new TJ[n];
        for (var len = 2; len <= n; len <<= 1)
        {
            var half = len >> 1;
            var step = wInv.Pow(n / len);
            // The last stage also applies the 1/n factor: (u + w^k·v)/n = u·(1/n) + (w^k/n)·v, which
            // replaces the separate scaling pass over all n outputs by n/2 extra products.
            var last = len == n;
            var tw = new Fr[half];
            tw[0] = last ? nInv : Fr.One;
            for (var k = 1; k < half; k++) tw[k] = tw[k - 1] * step;
            var src = a;
            Parallel.For(0, n / 2, idx =>
            {
                var block = idx / half;
                var k = idx % half;
                var i0 = block * len + k;
                var i1 = i0 + half;
                var u = last ? ops.Mul(src[i0], nInv) : ops.ToJ(src[i0]);
                var t = k == 0 && !last ? ops.ToJ(src[i1]) : ops.Mul(src[i1], tw[k]);
                cur[i0] = ops.Add(u, t);
                cur[i1] = ops.Sub(u, t);
            });
            a = ops.ToAffine(cur);
        }
        return a;
    }
}
