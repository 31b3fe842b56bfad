using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>
/// Radix-2 NTT over Fr with snarkjs's roots (Fr.RootOfUnity), natural order in and out; the
/// inverse includes the 1/n factor. Butterflies of each stage run in parallel for large sizes.
/// (Kept local to this project; ZkChain.Algebra's Ntt can replace it once available.)
/// </summary>
internal static class FrNtt
{
    public static void Forward(Span<Fr> a) => Run(a, inverse: false);

    public static void Inverse(Span<Fr> a) => Run(a, inverse: true);

    private static void Run(Span<Fr> span, bool inverse)
    {
        var n = span.Length;
        if (n == 0 || (n & (n - 1)) != 0) throw new ArgumentException($"NTT size {n} is not a power of two");
        if (n == 1) return;
        var log = BitOperations.Log2((uint)n);
        var a = span.ToArray();
        for (int i = 0, j = 0; i < n; i++)
        {
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
        }
        var w = Fr.RootOfUnity(log);
        if (inverse) w = w.Inverse();
        var tw = new Fr[n / 2];
        tw[0] = Fr.One;
        for (var k = 1; k < n / 2; k++) tw[k] = tw[k - 1] * w;
        for (var len = 2; len <= n; len <<= 1)
        {
            var half = len >> 1;
            var stride = n / len;
            void Butterfly(int idx)
            {
                var block = idx / half;
                var k = idx % half;
                var i0 = block * len + k;
                var i1 = i0 + half;
                var t = a[i1] * tw[k * stride];
                var u = a[i0];
                a[i0] = u + t;
                a[i1] = u - t;
            }
            if (n >= 1 << 12) Parallel.For(0, n / 2, Butterfly);
            else for (var idx = 0; idx < n / 2; idx++) Butterfly(idx);
        }
        if (inverse)
        {
            var nInv = Fr.FromUInt64((ulong)n).Inverse();
            for (var i = 0; i < n; i++) a[i] *= nInv;
        }
        a.CopyTo(span);
    }
}
