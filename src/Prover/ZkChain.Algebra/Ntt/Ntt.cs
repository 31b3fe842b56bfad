using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>
/// Radix-2 number-theoretic transform over Fr with the snarkjs roots of unity.
/// Forward maps coefficients c_j (natural order) to evaluations at w^i (natural order).
/// Every entry point has a <c>parallel</c> switch: callers that already keep both cores busy (the
/// prover runs the QAP beside the MSMs) pass false, because a fork/join per stage then waits behind
/// the other chain's long work items (measured 6-7x slower wall time than running serially).
/// </summary>
public static unsafe class Ntt
{
    private const int ParallelThreshold = 1 << 13;

    // Stages with half-size m below this run block by block (2^BlockLog elements = 128 KiB, within L2) so
    // the first BlockLog passes touch each cache line once instead of once per stage.
    private const int BlockLog = 12;

    // Twiddles w^k per (log2 n, inverse); built once per size.
    private static readonly ConcurrentDictionary<(int, bool), Fr[]> Twiddles = new();

    // (1/n)·shift^i per (log2 n, shift), for SubgroupToCoset.
    private static readonly ConcurrentDictionary<(int, Fr), Fr[]> CosetFactors = new();

    public static void Forward(Span<Fr> a) => Forward(a, parallel: true);

    public static void Forward(Span<Fr> a, bool parallel) => Transform(a, inverse: false, parallel);

    /// <summary>Inverse transform including the 1/n scaling.</summary>
    public static void Inverse(Span<Fr> a) => Inverse(a, parallel: true);

    public static void Inverse(Span<Fr> a, bool parallel)
    {
        Transform(a, inverse: true, parallel);
        if (a.Length > 1) Scale(a, Fr.FromUInt64((ulong)a.Length).Inverse());
    }

    /// <summary>Evaluations at shift·w^i: scales c_j by shift^j, then transforms.</summary>
    public static void CosetForward(Span<Fr> a, Fr shift) => CosetForward(a, shift, parallel: true);

    public static void CosetForward(Span<Fr> a, Fr shift, bool parallel)
    {
        CheckSize(a.Length, nameof(a));
        ScaleByPowers(a, shift, parallel);
        Forward(a, parallel);
    }

    /// <summary>Inverse of <see cref="CosetForward(Span{Fr}, Fr)"/>.</summary>
    public static void CosetInverse(Span<Fr> a, Fr shift) => CosetInverse(a, shift, parallel: true);

    public static void CosetInverse(Span<Fr> a, Fr shift, bool parallel)
    {
        if (shift.IsZero) throw new ArgumentException("coset shift must be non-zero", nameof(shift));
        Inverse(a, parallel);
        ScaleByPowers(a, shift.Inverse(), parallel);
    }

    /// <summary>
    /// Evaluations on the subgroup &lt;w&gt; to evaluations on the coset shift·&lt;w&gt; of the same
    /// polynomial: equal to <c>Inverse</c> then <c>CosetForward(shift)</c>, with the 1/n and shift^j
    /// factors applied in one pass from a table cached per (size, shift).
    /// </summary>
    public static void SubgroupToCoset(Span<Fr> a, Fr shift, bool parallel = true)
    {
        int log = CheckSize(a.Length, nameof(a));
        if (shift.IsZero) throw new ArgumentException("coset shift must be non-zero", nameof(shift));
        Transform(a, inverse: true, parallel);
        var factors = CosetFactors.GetOrAdd((log, shift), static key =>
        {
            int n = 1 << key.Item1;
            var f = new Fr[n];
            f[0] = Fr.FromUInt64((ulong)n).Inverse();
            for (int i = 1; i < n; i++) Fr.Mul(f[i - 1], key.Item2, out f[i]);
            return f;
        });
        FrVector.Mul(a, factors, a);
        Transform(a, inverse: false, parallel);
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
        int half = n >> 1;
        if (inv)
        {
            // w^-j = w^(n-j) = -w^(n/2-j): negations of the forward table instead of n/2 products.
            var fwd = GetTwiddles(lg, false);
            for (int m = 1; m <= half; m <<= 1)
            {
                t[m - 1] = Fr.One;
                for (int j = 1; j < m; j++) Fr.Neg(fwd[m - 1 + (m - j)], out t[m - 1 + j]);
            }
            return t;
        }
        // Largest stage first (m = n/2): successive powers of w_n.
        var w = Fr.RootOfUnity(lg);
        t[half - 1] = Fr.One;
        for (int j = 1; j < half; j++) Fr.Mul(t[half - 1 + j - 1], w, out t[half - 1 + j]);
        // Smaller stages are every other entry of the next larger one (w_{2m} = w_{4m}^2).
        for (int m = half >> 1; m >= 1; m >>= 1)
        {
            for (int j = 0; j < m; j++) t[m - 1 + j] = t[2 * m - 1 + 2 * j];
        }
        return t;
    });

    private static void Transform(Span<Fr> a, bool inverse, bool parallel)
    {
        int log = CheckSize(a.Length, nameof(a));
        int n = a.Length;
        if (n == 1) return;
        var tw = GetTwiddles(log, inverse);
        BitReverse(a, log);
        parallel = parallel && n >= ParallelThreshold && Environment.ProcessorCount > 1;
        int blockLog = Math.Min(log, BlockLog);
        int block = 1 << blockLog;
        fixed (Fr* p = a)
        fixed (Fr* twp = tw)
        {
            nint addr = (nint)p, twAddr = (nint)twp;
            // Stages m < block stay inside aligned blocks of `block` elements: finish each block before the next.
            int blocks = n >> blockLog;
            if (parallel && blocks > 1)
            {
                int chunks = Math.Min(blocks, Environment.ProcessorCount * 2);
                Parallel.For(0, chunks, c =>
                {
                    int lo = (int)((long)blocks * c / chunks), hi = (int)((long)blocks * (c + 1) / chunks);
                    for (int b = lo; b < hi; b++) InBlockStages((Fr*)addr + ((long)b << blockLog), block, (Fr*)twAddr);
                });
            }
            else
            {
                for (int b = 0; b < blocks; b++) InBlockStages(p + ((long)b << blockLog), block, twp);
            }

            // Remaining stages two at a time (radix-2^2: one pass over memory per pair), one radix-2 pass if odd.
            int m = block;
            while (m < n)
            {
                bool pair = 4 * m <= n;
                int units = pair ? n >> 2 : n >> 1;
                int mm = m;
                if (parallel)
                {
                    int chunks = Environment.ProcessorCount * 4;
                    Parallel.For(0, chunks, c =>
                    {
                        int lo = (int)((long)units * c / chunks), hi = (int)((long)units * (c + 1) / chunks);
                        if (pair) TwoStages((Fr*)addr, (Fr*)twAddr, mm, lo, hi);
                        else OneStage((Fr*)addr, (Fr*)twAddr, mm, lo, hi);
                    });
                }
                else if (pair) TwoStages(p, twp, m, 0, units);
                else OneStage(p, twp, m, 0, units);
                m <<= pair ? 2 : 1;
            }
        }
    }

    /// <summary>All stages with half-size below <paramref name="len"/> on one block of len elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InBlockStages(Fr* a, int len, Fr* tw)
    {
        // m = 1: twiddle 1, no products.
        for (int s = 0; s < len; s += 2) AddSub(ref a[s], ref a[s + 1]);
        for (int m = 2; m < len; m <<= 1)
        {
            Fr* stage = tw + (m - 1);
            for (int s = 0; s < len; s += 2 * m)
            {
                Fr* x = a + s;
                Fr* y = x + m;
                if (Lanes && m >= 8)
                {
                    for (int j = 0; j < m; j += 8) Butterflies8(x + j, y + j, stage + j);
                    continue;
                }
                AddSub(ref x[0], ref y[0]);
                for (int j = 1; j < m; j++)
                {
                    Fr.Mul(y[j], stage[j], out var v);
                    Fr.Sub(x[j], v, out y[j]);
                    Fr.Add(x[j], v, out x[j]);
                }
            }
        }
    }

    /// <summary>
    /// With AVX-512 the butterflies of stages with m &gt;= 8 run eight at a time (consecutive j share a block and read
    /// consecutive twiddles) in <see cref="Fr8"/> lanes: about 3x fewer cycles per product than the scalar Fr.Mul.
    /// <see cref="FrVector"/> follows the same switch.
    /// </summary>
    internal static bool Lanes => Fr8.IsSupported && !ForceScalar;

    /// <summary>Tests only: run every butterfly (and <see cref="FrVector"/>) with the scalar Fr code, as on machines without AVX-512.</summary>
    internal static bool ForceScalar;

    /// <summary>(x_j, y_j) &lt;- (x_j + w_j y_j, x_j - w_j y_j) for j &lt; 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterflies8(Fr* x, Fr* y, Fr* w)
    {
        Fr8.Load((U256*)y, out var vy);
        Fr8.Load((U256*)w, out var vw);
        Fr8.Mul(vy, vw, out var v);
        Fr8.Load((U256*)x, out var vx);
        Fr8.Sub(vx, v, out var d);
        Fr8.Add(vx, v, out var sum);
        StoreReduced(ref sum, x);
        StoreReduced(ref d, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreReduced(ref Fr8 v, Fr* dst)
    {
        Fr8.ReduceOnce(ref v);
        Fr8.Store(v, (U256*)dst);
    }

    private static void AddSub(ref Fr x, ref Fr y)
    {
        var v = y;
        Fr.Sub(x, v, out y);
        Fr.Add(x, v, out x);
    }

    /// <summary>Radix-2 butterflies of stage m with global indices t in [lo, hi): block t/m, offset j = t mod m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneStage(Fr* a, Fr* tw, int m, int lo, int hi)
    {
        Fr* stage = tw + (m - 1);
        for (int t = lo; t < hi; t++)
        {
            int j = t & (m - 1);
            if (Lanes && m >= 8 && (t & 7) == 0 && t + 8 <= hi)
            {
                // Eight consecutive t (aligned, m a multiple of 8) are j..j+7 of one block.
                long i8 = ((long)(t - j) << 1) + j;
                Butterflies8(a + i8, a + i8 + m, stage + j);
                t += 7;
                continue;
            }
            long i = ((long)(t - j) << 1) + j;
            ref Fr x = ref a[i];
            ref Fr y = ref a[i + m];
            Fr.Mul(y, stage[j], out var v);
            Fr.Sub(x, v, out y);
            Fr.Add(x, v, out x);
        }
    }

    /// <summary>
    /// Stages m and 2m fused on quadruples (i, i+m, i+2m, i+3m) with i = 4m·(q/m) + q mod m, q in [lo, hi):
    /// the same products as two radix-2 passes, half the memory traffic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoStages(Fr* a, Fr* tw, int m, int lo, int hi)
    {
        Fr* s1 = tw + (m - 1);
        Fr* s2 = tw + (2 * m - 1);
        for (int q = lo; q < hi; q++)
        {
            int j = q & (m - 1);
            long i = ((long)(q - j) << 2) + j;
            Fr* x = a + i;
            if (Lanes && m >= 8 && (q & 7) == 0 && q + 8 <= hi)
            {
                TwoStages8(x, m, s1 + j, s2 + j);
                q += 7;
                continue;
            }
            Fr a0 = x[0], a1 = x[m], a2 = x[2 * m], a3 = x[3 * m];
            Fr v;
            // Stage m: (a0, a1) and (a2, a3) with w_{2m}^j.
            if (j != 0)
            {
                Fr.Mul(a1, s1[j], out a1);
                Fr.Mul(a3, s1[j], out a3);
            }
            Fr.Sub(a0, a1, out v); Fr.Add(a0, a1, out a0); a1 = v;
            Fr.Sub(a2, a3, out v); Fr.Add(a2, a3, out a2); a3 = v;
            // Stage 2m: (a0, a2) with w_{4m}^j, (a1, a3) with w_{4m}^{j+m}.
            if (j != 0) Fr.Mul(a2, s2[j], out a2);
            Fr.Mul(a3, s2[j + m], out a3);
            Fr.Sub(a0, a2, out x[2 * m]); Fr.Add(a0, a2, out x[0]);
            Fr.Sub(a1, a3, out x[3 * m]); Fr.Add(a1, a3, out x[m]);
        }
    }

    /// <summary><see cref="TwoStages"/> on the eight quadruples starting at x (j..j+7 of one block) in lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoStages8(Fr* x, int m, Fr* w1, Fr* w2)
    {
        Fr8.Load((U256*)x, out var a0);
        Fr8.Load((U256*)(x + m), out var a1);
        Fr8.Load((U256*)(x + 2 * m), out var a2);
        Fr8.Load((U256*)(x + 3 * m), out var a3);
        Fr8.Load((U256*)w1, out var w);
        Fr8.Mul(a1, w, out a1);
        Fr8.Mul(a3, w, out a3);
        Fr8.Sub(a0, a1, out var v); Fr8.Add(a0, a1, out a0); a1 = v;
        Fr8.Sub(a2, a3, out v); Fr8.Add(a2, a3, out a2); a3 = v;
        Fr8.Load((U256*)w2, out w);
        Fr8.Mul(a2, w, out a2);
        Fr8.Load((U256*)(w2 + m), out w);
        Fr8.Mul(a3, w, out a3);
        Fr8.Sub(a0, a2, out v); StoreReduced(ref v, x + 2 * m);
        Fr8.Add(a0, a2, out v); StoreReduced(ref v, x);
        Fr8.Sub(a1, a3, out v); StoreReduced(ref v, x + 3 * m);
        Fr8.Add(a1, a3, out v); StoreReduced(ref v, x + m);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleByPowers(Span<Fr> a, Fr g, bool parallel)
    {
        int n = a.Length;
        if (!parallel || n < ParallelThreshold || Environment.ProcessorCount == 1)
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
