using System.Collections.Concurrent;
using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>
/// Radix-2 number-theoretic transform over Fr with the snarkjs roots of unity.
/// Forward maps coefficients c_j (natural order) to evaluations at w^i (natural order).
/// </summary>
public static unsafe class Ntt
{
    private const int ParallelThreshold = 1 << 13;

    // Twiddles w^k, k < n/2, per (log2 n, inverse); built once per size.
    private static readonly ConcurrentDictionary<(int, bool), Fr[]> Twiddles = new();

    public static void Forward(Span<Fr> a) => Transform(a, inverse: false);

    /// <summary>Inverse transform including the 1/n scaling.</summary>
    public static void Inverse(Span<Fr> a)
    {
        Transform(a, inverse: true);
        if (a.Length > 1) Scale(a, Fr.FromUInt64((ulong)a.Length).Inverse());
    }

    /// <summary>Evaluations at shift·w^i: scales c_j by shift^j, then transforms.</summary>
    public static void CosetForward(Span<Fr> a, Fr shift)
    {
        CheckSize(a.Length, nameof(a));
        ScaleByPowers(a, shift);
        Forward(a);
    }

    /// <summary>Inverse of <see cref="CosetForward"/>.</summary>
    public static void CosetInverse(Span<Fr> a, Fr shift)
    {
        Inverse(a);
        if (shift.IsZero) throw new ArgumentException("coset shift must be non-zero", nameof(shift));
        ScaleByPowers(a, shift.Inverse());
    }

    private static int CheckSize(int n, string param)
    {
        if (n == 0 || (n & (n - 1)) != 0) throw new ArgumentException($"NTT size must be a power of two, got {n}", param);
        int log = BitOperations.Log2((uint)n);
        if (log > Fr.TwoAdicity) throw new ArgumentException($"NTT size 2^{log} exceeds Fr's 2-adicity {Fr.TwoAdicity}", param);
        return log;
    }

    /// <summary>
    /// Twiddles laid out per stage so each stage reads them sequentially: the stage with half-size m
    /// uses entries [m-1, 2m-1) holding w_{2m}^j, j &lt; m (n - 1 entries in total).
    /// </summary>
    private static Fr[] GetTwiddles(int log, bool inverse) => Twiddles.GetOrAdd((log, inverse), static key =>
    {
        var (lg, inv) = key;
        int n = 1 << lg;
        var t = new Fr[Math.Max(n - 1, 1)];
        if (n == 1) return t;
        // Largest stage first (m = n/2): successive powers of w_n.
        int half = n >> 1;
        var w = Fr.RootOfUnity(lg);
        if (inv) w = w.Inverse();
        t[half - 1] = Fr.One;
        for (int j = 1; j < half; j++) Fr.Mul(t[half - 1 + j - 1], w, out t[half - 1 + j]);
        // Smaller stages are every other entry of the next larger one (w_{2m} = w_{4m}^2).
        for (int m = half >> 1; m >= 1; m >>= 1)
        {
            for (int j = 0; j < m; j++) t[m - 1 + j] = t[2 * m - 1 + 2 * j];
        }
        return t;
    });

    private static void Transform(Span<Fr> a, bool inverse)
    {
        int log = CheckSize(a.Length, nameof(a));
        int n = a.Length;
        if (n == 1) return;
        var tw = GetTwiddles(log, inverse);
        BitReverse(a, log);
        bool parallel = n >= ParallelThreshold && Environment.ProcessorCount > 1;
        fixed (Fr* p = a)
        {
            nint addr = (nint)p;
            for (int m = 1; m < n; m <<= 1)
            {
                int half = n >> 1;
                if (!parallel)
                {
                    Butterflies(p, tw, m, 0, half);
                    continue;
                }
                int blocks = Math.Min(Environment.ProcessorCount * 4, half / 1024);
                int mm = m;
                Parallel.For(0, blocks, b =>
                {
                    int lo = (int)((long)half * b / blocks), hi = (int)((long)half * (b + 1) / blocks);
                    Butterflies((Fr*)addr, tw, mm, lo, hi);
                });
            }
        }
    }

    /// <summary>Butterflies with global indices t in [lo, hi): block t/m, offset j = t mod m.</summary>
    private static void Butterflies(Fr* a, Fr[] tw, int m, int lo, int hi)
    {
        fixed (Fr* twp = tw)
        {
            Fr* stage = twp + (m - 1);
            for (int t = lo; t < hi; t++)
            {
                int j = t & (m - 1);
                int i = ((t - j) << 1) + j;
                ref Fr x = ref a[i];
                ref Fr y = ref a[i + m];
                Fr.Mul(y, stage[j], out var v);
                Fr.Sub(x, v, out y);
                Fr.Add(x, v, out x);
            }
        }
    }

    private static void BitReverse(Span<Fr> a, int log)
    {
        int n = a.Length;
        for (int i = 0; i < n; i++)
        {
            int j = (int)(ReverseBits((uint)i) >> (32 - log));
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }

    private static void Scale(Span<Fr> a, Fr s)
    {
        for (int i = 0; i < a.Length; i++) Fr.Mul(a[i], s, out a[i]);
    }

    private static void ScaleByPowers(Span<Fr> a, Fr g)
    {
        int n = a.Length;
        if (n < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            var acc = Fr.One;
            for (int i = 0; i < n; i++) { Fr.Mul(a[i], acc, out a[i]); Fr.Mul(acc, g, out acc); }
            return;
        }
        int blocks = Environment.ProcessorCount * 2;
        fixed (Fr* p = a)
        {
            nint addr = (nint)p;
            Parallel.For(0, blocks, b =>
            {
                int lo = (int)((long)n * b / blocks), hi = (int)((long)n * (b + 1) / blocks);
                var acc = g.Pow(lo);
                var q = (Fr*)addr;
                for (int i = lo; i < hi; i++) { Fr.Mul(q[i], acc, out q[i]); Fr.Mul(acc, g, out acc); }
            });
        }
    }
}
