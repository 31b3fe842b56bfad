using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ZkChain.Algebra;

/// <summary>Read access to an affine point for the generic MSM (specialised per point type by the JIT).</summary>
internal interface IAffineAccess<TSelf, TF> where TSelf : struct where TF : struct, IFieldOps<TF>
{
    static abstract bool IsInf(in TSelf p);
    static abstract ref readonly TF XOf(in TSelf p);
    static abstract ref readonly TF YOf(in TSelf p);
}

/// <summary>Multi-scalar multiplication sum(k_i P_i) by Pippenger's bucket method with signed digits.</summary>
public static class Msm
{
    public static G1Jacobian G1(ReadOnlySpan<G1Affine> bases, ReadOnlySpan<Fr> scalars, IProgress<double>? progress = null)
    {
        var (x, y, z) = MsmCore<G1Affine, Fq>.Run(bases, scalars, progress);
        return new G1Jacobian(x, y, z);
    }

    public static G2Jacobian G2(ReadOnlySpan<G2Affine> bases, ReadOnlySpan<Fr> scalars, IProgress<double>? progress = null)
    {
        var (x, y, z) = MsmCore<G2Affine, Fq2>.Run(bases, scalars, progress);
        return new G2Jacobian(x, y, z);
    }

    /// <summary>
    /// The signed digits of a scalar vector, for several MSMs over the same scalars (Groth16's A, B1, B2
    /// and C all use the witness): decomposed once instead of once per MSM.
    /// </summary>
    public static MsmDigits Digits(ReadOnlySpan<Fr> scalars) => MsmDigits.Compute(scalars, ChooseWindow(scalars.Length));

    /// <summary>sum_i k_(offset+i) P_i with the digits of k computed by <see cref="Digits"/>.</summary>
    public static G1Jacobian G1(ReadOnlySpan<G1Affine> bases, MsmDigits digits, int offset = 0, IProgress<double>? progress = null)
    {
        var (x, y, z) = MsmCore<G1Affine, Fq>.Run(bases, digits, offset, progress);
        return new G1Jacobian(x, y, z);
    }

    /// <summary>sum_i k_(offset+i) P_i with the digits of k computed by <see cref="Digits"/>.</summary>
    public static G2Jacobian G2(ReadOnlySpan<G2Affine> bases, MsmDigits digits, int offset = 0, IProgress<double>? progress = null)
    {
        var (x, y, z) = MsmCore<G2Affine, Fq2>.Run(bases, digits, offset, progress);
        return new G2Jacobian(x, y, z);
    }

    /// <summary>Window size minimising windows x (additions + bucket reduction); capped at 16 so digits fit in a short.</summary>
    internal static int ChooseWindow(int n)
    {
        int best = 2;
        double bestCost = double.MaxValue;
        for (int c = 2; c <= 16; c++)
        {
            int windows = (256 + c - 1) / c;
            // Per window: n bucket additions (batch-affine, cheap) plus 2 full Jacobian additions per
            // bucket in the reduction (about 2x dearer each), i.e. roughly n + 4 * 2^(c-1).
            double cost = windows * ((double)n + 4.0 * (1 << (c - 1)));
            if (cost < bestCost) { bestCost = cost; best = c; }
        }
        return best;
    }
}

/// <summary>Signed window digits of a scalar vector (see <see cref="Msm.Digits"/>).</summary>
public sealed unsafe class MsmDigits
{
    /// <summary>Window-major: the digit of scalar i in window w is at w * Count + i.</summary>
    internal readonly short[] Values;
    internal readonly int Window, Windows;

    /// <summary>How many scalars were decomposed.</summary>
    public int Count { get; }

    private MsmDigits(short[] values, int count, int window, int windows)
    {
        Values = values; Count = count; Window = window; Windows = windows;
    }

    /// <summary>Digits in [-2^(c-1), 2^(c-1)) of every scalar (canonical form, not Montgomery), in parallel blocks.</summary>
    internal static MsmDigits Compute(ReadOnlySpan<Fr> scalars, int c)
    {
        int n = scalars.Length;
        int windows = (256 + c - 1) / c;   // W*c >= 256 guarantees the top signed digit never carries out
        var digits = GC.AllocateUninitializedArray<short>(checked(n * windows));
        int blocks = Math.Max(1, Math.Min(Environment.ProcessorCount * 4, n / 1024));
        fixed (Fr* ps = scalars)
        {
            nint addr = (nint)ps;
            Parallel.For(0, blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (blk) =>
            {
                var sc = new ReadOnlySpan<Fr>((void*)addr, n);
                int lo = (int)((long)n * blk / blocks), hi = (int)((long)n * (blk + 1) / blocks);
                Span<short> one = stackalloc short[windows];
                U256* canon = stackalloc U256[8];
                var rawOne = Fr8.Broadcast(new U256(1, 0, 0, 0));   // a product by raw 1 leaves Montgomery form
                for (int i = lo; i < hi; i++)
                {
                    int k = (i - lo) & 7;
                    if (k == 0)
                    {
                        // Out of Montgomery form eight at a time (a lane product by 1), or one at a time at the end.
                        if (Fr8.IsSupported && i + 8 <= hi)
                        {
                            Fr8.Load((U256*)Unsafe.AsPointer(ref Unsafe.AsRef(in sc[i])), out var v);
                            Fr8.Mul(v, rawOne, out v);
                            Fr8.ReduceOnce(ref v);
                            Fr8.Store(v, canon);
                        }
                        else
                        {
                            for (int j = 0; j < 8 && i + j < hi; j++) Mont<FrModulus>.FromMontgomery(sc[i + j].V, out canon[j]);
                        }
                    }
                    MsmCore<G1Affine, Fq>.Decompose(canon[k], c, windows, one);
                    // Window-major layout: each window task then scans its digits sequentially.
                    for (int w = 0; w < windows; w++) digits[w * n + i] = one[w];
                }
            });
        }
        return new MsmDigits(digits, n, c, windows);
    }
}

internal static unsafe class MsmCore<TA, TF>
    where TA : unmanaged, IAffineAccess<TA, TF>
    where TF : unmanaged, IFieldOps<TF>
{
    /// <param name="forceWindow">tests only: override the window size.</param>
    /// <param name="forceChunks">tests only: override how many point chunks each window is split into.</param>
    /// <param name="forceBatch">tests only: override the affine batch size (small batches exercise the conflict queue).</param>
    /// <param name="scalarFieldOnly">tests only: use the scalar bucket additions and reduction even where the AVX-512 lanes are available.</param>
    /// <param name="forceSegments">tests only: split each bucket array into this many segments for the lane reduction (a power of two).</param>
    public static (TF X, TF Y, TF Z) Run(ReadOnlySpan<TA> bases, ReadOnlySpan<Fr> scalars, IProgress<double>? progress,
        int forceWindow = 0, int forceChunks = 0, int forceBatch = 0, bool scalarFieldOnly = false, int forceSegments = 0)
    {
        if (bases.Length != scalars.Length)
        {
            throw new ArgumentException($"{bases.Length} bases but {scalars.Length} scalars", nameof(scalars));
        }
        var digits = MsmDigits.Compute(scalars, forceWindow > 0 ? forceWindow : Msm.ChooseWindow(bases.Length));
        return Run(bases, digits, 0, progress, forceChunks, forceBatch, scalarFieldOnly, forceSegments);
    }

    /// <summary>sum_i k_(offset+i) P_i from the digits of k.</summary>
    public static (TF X, TF Y, TF Z) Run(ReadOnlySpan<TA> bases, MsmDigits digitSet, int offset, IProgress<double>? progress,
        int forceChunks = 0, int forceBatch = 0, bool scalarFieldOnly = false, int forceSegments = 0)
    {
        ArgumentNullException.ThrowIfNull(digitSet);
        if (offset < 0 || (long)offset + bases.Length != digitSet.Count)
        {
            throw new ArgumentException($"{bases.Length} bases from scalar {offset} but {digitSet.Count} scalars were decomposed", nameof(bases));
        }
        int n = bases.Length;
        TF rx = TF.One, ry = TF.One, rz = TF.Zero;
        if (n == 0) { progress?.Report(1.0); return (rx, ry, rz); }

        int c = digitSet.Window;
        int windows = digitSet.Windows;
        int buckets = 1 << (c - 1);
        var digits = digitSet.Values;
        long stride = digitSet.Count;
        var windowSums = new (TF X, TF Y, TF Z)[windows];

        int cores = Environment.ProcessorCount;
        // Split the points too when there are fewer windows than cores, so every core has work.
        int chunks = Math.Max(1, Math.Min((2 * cores + windows - 1) / windows, n / 4096));
        if (forceChunks > 0) chunks = Math.Min(forceChunks, n);
        int totalTasks = windows * chunks;
        int done = 0;
        var partial = new (TF X, TF Y, TF Z)[totalTasks];

        fixed (TA* pb = bases)
        {
            nint basesAddr = (nint)pb;

            // Bucket accumulation, one task per (window, chunk of points). With AVX-512 the affine
            // buckets are kept and reduced afterwards eight arrays at a time (BucketReduce8).
            bool affine = buckets >= AffineMinBuckets;
            bool lanes = affine && !scalarFieldOnly && Fq8.IsSupported;
            var kept = lanes ? new AffineBuckets[totalTasks] : null;
            Parallel.For(0, totalTasks, task =>
            {
                int w = task / chunks, k = task % chunks;
                int lo = (int)((long)n * k / chunks), hi = (int)((long)n * (k + 1) / chunks);
                var bs = new ReadOnlySpan<TA>((void*)basesAddr, n);
                long wOff = w * stride + offset;
                if (!affine)
                {
                    partial[task] = WindowSum(bs, digits, wOff, lo, hi, buckets);
                }
                else
                {
                    var set = Accumulate(bs, digits, wOff, lo, hi, buckets, forceBatch > 0 ? forceBatch : BatchSize(buckets), lanes, forceBatch > 0);
                    if (kept == null) partial[task] = set.Reduce();
                    else { set.FoldOverflow(); kept[task] = set; }
                }
                if (progress != null)
                {
                    int d = Interlocked.Increment(ref done);
                    progress.Report((kept != null ? 0.9 : 0.98) * d / totalTasks);
                }
            });
            if (kept != null) ReduceInLanes(kept, buckets, partial, forceSegments);
        }

        // Sum chunks per window, then Horner over windows with c doublings between.
        for (int w = 0; w < windows; w++)
        {
            TF x = TF.One, y = TF.One, z = TF.Zero;
            for (int k = 0; k < chunks; k++)
            {
                var p = partial[w * chunks + k];
                JacobianOps<TF>.Add(ref x, ref y, ref z, p.X, p.Y, p.Z);
            }
            windowSums[w] = (x, y, z);
        }
        for (int w = windows - 1; w >= 0; w--)
        {
            if (w != windows - 1)
            {
                for (int j = 0; j < c; j++) JacobianOps<TF>.Double(ref rx, ref ry, ref rz);
            }
            var s = windowSums[w];
            JacobianOps<TF>.Add(ref rx, ref ry, ref rz, s.X, s.Y, s.Z);
        }
        progress?.Report(1.0);
        return (rx, ry, rz);
    }

    /// <summary>How many points ahead the bucket accumulation prefetches (16 and 64 were slower on a 2^18 prove).</summary>
    private const int PrefetchAhead = 32;

    /// <summary>Below this many buckets, batches would be tiny or conflict-ridden; use Jacobian buckets.</summary>
    internal const int AffineMinBuckets = 128;

    /// <summary>
    /// Bucket accumulation with affine buckets: additions into distinct buckets are collected in a
    /// batch and share one field inversion (Montgomery's trick), about 6 multiplications per
    /// addition instead of 11 for a mixed Jacobian addition. A point whose bucket already has a
    /// pending addition waits in a small queue and joins the next batch (a Jacobian overflow addition
    /// costs as much as two affine ones, and about one point in sixteen conflicts); only when the queue
    /// is full, or at the end when too few queued points fit a batch (e.g. many equal digits), does a
    /// point go to a Jacobian overflow bucket, so repeated digits never degrade into one inversion per
    /// addition.
    /// <para>A window whose digits reach only a
    /// few buckets (the top window, whose digits hold the scalars' last bits; or small scalars such as
    /// bits) would leave the batch nearly empty: every point would wait for its bucket and end in a
    /// Jacobian overflow bucket at about five times the cost. Such a window spreads each bucket over K
    /// copies (point i goes to copy i mod K), so that a batch fills with distinct slots, and the copies
    /// are summed at the end.</para>
    /// </summary>
    /// <param name="wOff">where this window's digit of point 0 is: the digit of point i is digits[wOff + i].</param>
    /// <param name="forcedBatch">a test forced the batch size to exercise the conflict queue: no copies, which would bypass it.</param>
    private static AffineBuckets Accumulate(ReadOnlySpan<TA> bases, short[] digits, long wOff, int lo, int hi, int nb, int batch, bool lanes,
        bool forcedBatch)
    {
        int used = MaxAbsDigit(digits.AsSpan(checked((int)(wOff + lo)), hi - lo));
        int copies = 1;
        if (used > 0 && used * 8 <= nb && !forcedBatch)
        {
            while (used * copies * 2 <= nb) copies *= 2;
        }
        if (copies == 1)
        {
            var st = new AffineBuckets(nb, batch, lanes);
            st.PushRange(bases, digits, wOff, lo, hi, 1);
            st.Finish();
            return st;
        }
        var spread = new AffineBuckets(used * copies, BatchSize(used * copies), lanes);
        spread.PushRange(bases, digits, wOff, lo, hi, copies);
        spread.Finish();
        return spread.SumCopies(used, copies, nb, lanes);
    }

    /// <summary>The largest |d| over the digits, 32 at a time (min and max separately: |-2^15| does not fit a short).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int MaxAbsDigit(ReadOnlySpan<short> digits)
    {
        var vmin = Vector512<short>.Zero;
        var vmax = Vector512<short>.Zero;
        int i = 0;
        ref short d0 = ref MemoryMarshal.GetReference(digits);
        for (; i + Vector512<short>.Count <= digits.Length; i += Vector512<short>.Count)
        {
            var v = Vector512.LoadUnsafe(ref d0, (nuint)i);
            vmin = Vector512.Min(vmin, v);
            vmax = Vector512.Max(vmax, v);
        }
        int lo = 0, hi = 0;
        for (int l = 0; l < Vector512<short>.Count; l++) { lo = Math.Min(lo, vmin[l]); hi = Math.Max(hi, vmax[l]); }
        for (; i < digits.Length; i++) { lo = Math.Min(lo, digits[i]); hi = Math.Max(hi, digits[i]); }
        return Math.Max(hi, -lo);
    }

    /// <summary>
    /// sum_b (b+1) B_b for every kept bucket array, eight arrays per lane group. When there are too few
    /// arrays to keep every core busy, each is split into equal bucket segments [lo, lo + L): the
    /// segment's weighted sum T and plain sum R give its share T + lo R.
    /// </summary>
    private static void ReduceInLanes(AffineBuckets[] kept, int nb, (TF X, TF Y, TF Z)[] partial, int forceSegments)
    {
        int tasks = kept.Length, cores = Environment.ProcessorCount;
        int segs = 1;
        double best = double.MaxValue;
        for (int s = 1; s <= 64 && nb / s >= 16; s *= 2)
        {
            int groups = (tasks * s + 7) / 8;
            int rounds = (groups + cores - 1) / cores;
            // One lane-group step per bucket of a segment; the lo R multiplication costs about log2(nb) steps.
            double cost = (double)rounds * (nb / s) + (s > 1 ? (double)tasks * s / (8.0 * cores) * 2 * Math.Log2(nb) : 0);
            if (cost < best) { best = cost; segs = s; }
        }
        if (forceSegments > 0) segs = forceSegments;
        int len = nb / segs, virt = tasks * segs, groupCount = (virt + 7) / 8;
        var weighted = new (TF X, TF Y, TF Z)[groupCount * 8];
        var plain = new (TF X, TF Y, TF Z)[groupCount * 8];
        var noBuckets = GC.AllocateArray<bool>(len, pinned: true);
        Parallel.For(0, groupCount, g =>
        {
            TF** bx = stackalloc TF*[8];
            TF** by = stackalloc TF*[8];
            byte** has = stackalloc byte*[8];
            for (int l = 0; l < 8; l++)
            {
                int v = g * 8 + l;
                var set = kept[Math.Min(v, virt - 1) / segs];
                int lo = v < virt ? v % segs * len : 0;
                bx[l] = set.XPtr + lo;
                by[l] = set.YPtr + lo;
                has[l] = v < virt ? set.HasPtr + lo : (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(noBuckets));
            }
            fixed ((TF X, TF Y, TF Z)* pw = &weighted[g * 8], pp = &plain[g * 8])
            {
                // TF is Fq or Fq2 (the lanes exist only for those); the casts only retype the pointers.
                if (typeof(TF) == typeof(Fq))
                {
                    BucketReduce8<Fq, Fq8>.Reduce((Fq**)bx, (Fq**)by, has, len, ((Fq X, Fq Y, Fq Z)*)pw, ((Fq X, Fq Y, Fq Z)*)pp);
                }
                else
                {
                    BucketReduce8<Fq2, Fq2x8>.Reduce((Fq2**)bx, (Fq2**)by, has, len, ((Fq2 X, Fq2 Y, Fq2 Z)*)pw, ((Fq2 X, Fq2 Y, Fq2 Z)*)pp);
                }
            }
        });
        for (int task = 0; task < tasks; task++)
        {
            TF x = TF.One, y = TF.One, z = TF.Zero;
            for (int s = 0; s < segs; s++)
            {
                var (tx, ty, tz) = weighted[task * segs + s];
                JacobianOps<TF>.Add(ref x, ref y, ref z, tx, ty, tz);
                var (rx, ry, rz) = plain[task * segs + s];
                MulSmall(ref rx, ref ry, ref rz, s * len);
                JacobianOps<TF>.Add(ref x, ref y, ref z, rx, ry, rz);
            }
            partial[task] = (x, y, z);
        }
    }

    /// <summary>(x, y, z) *= k for a small non-negative k (double-and-add).</summary>
    private static void MulSmall(ref TF x, ref TF y, ref TF z, int k)
    {
        if (k == 0 || z.IsZero) { x = TF.One; y = TF.One; z = TF.Zero; return; }
        TF ax = x, ay = y, az = z;
        for (int bit = 30 - int.LeadingZeroCount(k) ; bit >= 0; bit--)
        {
            JacobianOps<TF>.Double(ref x, ref y, ref z);
            if (((k >> bit) & 1) != 0) JacobianOps<TF>.Add(ref x, ref y, ref z, ax, ay, az);
        }
    }

    /// <summary>Points sharing one inversion, for a window of nb buckets.</summary>
    internal static int BatchSize(int nb) => Math.Clamp(nb / 4, 16, 1024); // nb/8 with the queue: 5-8% slower (2^16, A/B)

    /// <summary>
    /// The working arrays of one bucket set's accumulation (pending flags, batch slots, queue, lane batch): needed only
    /// until <see cref="AffineBuckets.Finish"/>, so each thread keeps one for the next window instead of allocating
    /// (and faulting in) a few hundred kilobytes per window.
    /// </summary>
    private sealed class BatchScratch
    {
        public readonly int Batch;
        public readonly bool Lanes;
        public readonly bool[] Pending;            // all false between uses
        public readonly int[] SlotBucket;          // padded to whole lane groups: the lanes read eight slots at a time
        public readonly TF[] Px, Py, Den, Prefix;  // Den and Prefix: the scalar batch only
        public readonly byte[] Kind;               // the scalar batch only: 0 add, 1 double, 2 cancel (P + -P)
        public readonly int[] QBucket;
        public readonly TF[] Qx, Qy;
        public readonly BatchAffineAdd8<Fq, Fq8>? LanesG1;
        public readonly BatchAffineAdd8<Fq2, Fq2x8>? LanesG2;

        [ThreadStatic] private static BatchScratch? t_spare;

        private BatchScratch(int nb, int batch, bool lanes)
        {
            Batch = batch; Lanes = lanes;
            if (lanes && typeof(TF) == typeof(Fq)) LanesG1 = new BatchAffineAdd8<Fq, Fq8>(batch);
            if (lanes && typeof(TF) == typeof(Fq2)) LanesG2 = new BatchAffineAdd8<Fq2, Fq2x8>(batch);
            Pending = new bool[nb];
            int padded = (batch + 7) & ~7;
            SlotBucket = new int[padded];
            Px = new TF[padded]; Py = new TF[padded];
            bool laneBatch = LanesG1 != null || LanesG2 != null;
            Den = laneBatch ? [] : new TF[batch]; Prefix = laneBatch ? [] : new TF[batch];
            Kind = laneBatch ? [] : new byte[batch];
            QBucket = new int[batch];
            Qx = new TF[batch]; Qy = new TF[batch];
        }

        /// <summary>This thread's spare scratch if it fits, else a new one.</summary>
        public static BatchScratch Rent(int nb, int batch, bool lanes)
        {
            var s = t_spare;
            if (s == null || s.Batch != batch || s.Lanes != lanes || s.Pending.Length < nb) return new BatchScratch(nb, batch, lanes);
            t_spare = null;
            // The padding lanes of a batch read buckets at stale slot indices, which must be below this set's nb.
            Array.Clear(s.SlotBucket);
            return s;
        }

        /// <summary>Keeps s as this thread's spare (every pending flag is clear again after a finished accumulation).</summary>
        public static void Return(BatchScratch s) => t_spare = s;
    }

    /// <summary>Affine buckets of one window and chunk, with the pending batch and the conflict queue.</summary>
    private sealed class AffineBuckets
    {
        private readonly int _nb, _batch;
        private readonly TF[] _bx, _by;
        private readonly bool[] _has;
        private TF[]? _jx, _jy, _jz; // overflow buckets, allocated on first use
        // The accumulation's working arrays, released by Finish: null afterwards, and for a set that only receives
        // sums. The pending batch: slot k adds (Px[k], Py[k]) to bucket SlotBucket[k], _cnt slots so far; the queue:
        // _qn points whose bucket was pending when they arrived.
        private BatchScratch? _s;
        private int _cnt, _qn;

        /// <param name="accumulate">false for a set that only receives sums (no working arrays).</param>
        public AffineBuckets(int nb, int batch, bool lanes, bool accumulate = true)
        {
            _nb = nb; _batch = batch;
            // Pinned when the lane reduction will read them through pointers.
            _bx = GC.AllocateArray<TF>(nb, pinned: lanes); _by = GC.AllocateArray<TF>(nb, pinned: lanes);
            _has = GC.AllocateArray<bool>(nb, pinned: lanes);
            if (!accumulate) return;
            _s = BatchScratch.Rent(nb, batch, lanes);
        }

        public TF* XPtr => (TF*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_bx));
        public TF* YPtr => (TF*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_by));
        public byte* HasPtr => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_has));

        /// <summary>
        /// Adds the Jacobian overflow buckets into the affine ones (one shared inversion), so that every
        /// bucket is affine for the lane reduction.
        /// </summary>
        public void FoldOverflow()
        {
            if (_jz == null) return;
            for (int b = 0; b < _nb; b++)
            {
                if (_jz[b].IsZero) continue;
                if (_has[b]) JacobianOps<TF>.AddMixed(ref _jx![b], ref _jy![b], ref _jz[b], _bx[b], _by[b]);
                _has[b] = false;
            }
            SetAffine(this, _jx!, _jy!, _jz);
            _jx = _jy = _jz = null;
        }

        /// <summary>
        /// Buckets b * copies + k (k &lt; copies) summed into bucket b of a new set of nbOut affine buckets,
        /// for the windows whose buckets were spread over copies.
        /// </summary>
        public AffineBuckets SumCopies(int used, int copies, int nbOut, bool lanes)
        {
            FoldOverflow();
            var sx = new TF[used]; var sy = new TF[used]; var sz = new TF[used];
            for (int b = 0; b < used; b++)
            {
                TF x = TF.One, y = TF.One, z = TF.Zero;
                for (int k = 0; k < copies; k++)
                {
                    int v = b * copies + k;
                    if (_has[v]) JacobianOps<TF>.AddMixed(ref x, ref y, ref z, _bx[v], _by[v]);
                }
                sx[b] = x; sy[b] = y; sz[b] = z;
            }
            var outSet = new AffineBuckets(nbOut, BatchSize(nbOut), lanes, accumulate: false);
            SetAffine(outSet, sx, sy, sz);
            return outSet;
        }

        /// <summary>Bucket b of dst := the Jacobian point (x[b], y[b], z[b]) where it is not infinity (one shared inversion; z is overwritten).</summary>
        private static void SetAffine(AffineBuckets dst, TF[] x, TF[] y, TF[] z)
        {
            JacobianOps<TF>.BatchInvert(z);
            for (int b = 0; b < z.Length; b++)
            {
                if (z[b].IsZero) continue;
                JacobianOps<TF>.FromZInverse(x[b], y[b], z[b], out dst._bx[b], out dst._by[b]);
                dst._has[b] = true;
            }
        }

        /// <summary>
        /// Point i with digit d (window offset wOff) goes to bucket |d| - 1, of copy i mod copies, negated when d is
        /// negative. The common cases (empty bucket, free bucket) are handled in this loop without calls or bounds
        /// checks, and the negation is branch-free (the signs are random).
        /// </summary>
        // Hot loops run once per prove: compiled optimised at the first call instead of through tier 0 and on-stack
        // replacement (the JIT build; the native build is compiled ahead of time anyway).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void PushRange(ReadOnlySpan<TA> bases, short[] digits, long wOff, int lo, int hi, int copies)
        {
            if (lo >= hi) return;
            if (wOff + lo < 0 || wOff + hi > digits.Length || hi > bases.Length) throw new ArgumentOutOfRangeException(nameof(hi));
            int spread = copies - 1; // copies is a power of two
            var s = _s!;
            fixed (TA* pBases = bases)
            fixed (short* pDigits = &digits[wOff])
            fixed (bool* pHas = _has, pPending = s.Pending)
            fixed (int* pSlot = s.SlotBucket)
            fixed (TF* pPx = s.Px, pPy = s.Py, pBx = _bx, pBy = _by)
            {
                byte* end = (byte*)(pBases + hi);
                for (int i = lo; i < hi; i++)
                {
                    // The bases stream through once per window; the bucket work between points is long enough that
                    // the hardware prefetcher alone leaves most of them to miss.
                    byte* ahead = (byte*)(pBases + i + PrefetchAhead);
                    if (System.Runtime.Intrinsics.X86.Sse.IsSupported && ahead < end) System.Runtime.Intrinsics.X86.Sse.Prefetch0(ahead);
                    int d = pDigits[i];
                    if (d == 0) continue;
                    TA* p = pBases + i;
                    if (TA.IsInf(*p)) continue;
                    int sign = d >> 31;                                      // 0 or -1
                    int b = (((d ^ sign) - sign) - 1) * copies + (i & spread);
                    if (!pHas[b])
                    {
                        pBx[b] = TA.XOf(*p);
                        NegateIf(sign, TA.YOf(*p), pBy + b);
                        pHas[b] = true;
                        continue;
                    }
                    if (pPending[b])
                    {
                        TF y;
                        NegateIf(sign, TA.YOf(*p), &y);
                        QueueOrOverflow(b, TA.XOf(*p), y);
                        continue;
                    }
                    pPending[b] = true;
                    int k = _cnt;
                    pSlot[k] = b;
                    pPx[k] = TA.XOf(*p);
                    NegateIf(sign, TA.YOf(*p), pPy + k);
                    if (++_cnt == _batch)
                    {
                        // The next points into L2 while the batch is added (it evicts L1).
                        for (byte* q = (byte*)(p + 1), qEnd = (byte*)(p + 1 + PrefetchAhead);
                             System.Runtime.Intrinsics.X86.Sse.IsSupported && q < qEnd && q < end; q += 64)
                        {
                            System.Runtime.Intrinsics.X86.Sse.Prefetch1(q);
                        }
                        Flush();
                        Drain();
                    }
                }
            }
        }

        /// <summary>
        /// *dst := (sign ? -y : y) for TF = Fq or Fq2 (one or two Fq coordinates of four words), branch-free and in
        /// registers: a negation written to memory and read back as one vector stalls on store forwarding.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void NegateIf(int sign, in TF y, TF* dst)
        {
            ulong* src = (ulong*)Unsafe.AsPointer(ref Unsafe.AsRef(in y));
            ulong* o = (ulong*)dst;
            NegateIf4((ulong)(long)sign, src, o);
            if (sizeof(TF) == 64) NegateIf4((ulong)(long)sign, src + 4, o + 4);
        }

        /// <summary>o := mask ? (y == 0 ? 0 : q - y) : y for one canonical Fq element y (four words).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void NegateIf4(ulong mask, ulong* y, ulong* o)
        {
            ulong y0 = y[0], y1 = y[1], y2 = y[2], y3 = y[3];
            ulong d0 = FqModulus.P0 - y0, br = FqModulus.P0 < y0 ? 1UL : 0UL;
            ulong t = FqModulus.P1 - y1, d1 = t - br;
            br = (FqModulus.P1 < y1 ? 1UL : 0UL) | (t < br ? 1UL : 0UL);
            t = FqModulus.P2 - y2;
            ulong d2 = t - br;
            br = (FqModulus.P2 < y2 ? 1UL : 0UL) | (t < br ? 1UL : 0UL);
            ulong d3 = FqModulus.P3 - y3 - br;
            // -0 is 0, not q; only negated lanes take the difference.
            ulong take = mask & ((y0 | y1 | y2 | y3) != 0 ? ~0UL : 0UL);
            o[0] = (d0 & take) | (y0 & ~mask);
            o[1] = (d1 & take) | (y1 & ~mask);
            o[2] = (d2 & take) | (y2 & ~mask);
            o[3] = (d3 & take) | (y3 & ~mask);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void QueueOrOverflow(int b, in TF x, in TF y)
        {
            var s = _s!;
            if (_qn < s.QBucket.Length)
            {
                s.QBucket[_qn] = b; s.Qx[_qn] = x; s.Qy[_qn] = y; _qn++;
            }
            else
            {
                Overflow(b, x, y);
            }
        }

        private void Overflow(int b, in TF x, in TF y)
        {
            if (_jx == null) { _jx = new TF[_nb]; _jy = new TF[_nb]; _jz = new TF[_nb]; }
            JacobianOps<TF>.AddMixed(ref _jx[b], ref _jy![b], ref _jz![b], x, y);
        }

        /// <summary>Moves queued points whose bucket is free again into the batch (flushing when full).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Drain()
        {
            var s = _s!;
            var qBucket = s.QBucket; var qx = s.Qx; var qy = s.Qy; var pending = s.Pending;
            int keep = 0;
            for (int j = 0; j < _qn; j++)
            {
                int b = qBucket[j];
                if (!_has[b])
                {
                    _bx[b] = qx[j]; _by[b] = qy[j]; _has[b] = true;
                    continue;
                }
                if (pending[b])
                {
                    if (keep != j) { qBucket[keep] = b; qx[keep] = qx[j]; qy[keep] = qy[j]; }
                    keep++;
                    continue;
                }
                pending[b] = true;
                s.SlotBucket[_cnt] = b; s.Px[_cnt] = qx[j]; s.Py[_cnt] = qy[j];
                if (++_cnt == _batch) Flush();
            }
            _qn = keep;
        }

        /// <summary>Flushes the batch and the queue; queued points that would need near-empty batches go to overflow.</summary>
        public void Finish()
        {
            while (_cnt > 0 || _qn > 0)
            {
                if (_cnt > 0) Flush();
                Drain();
                // Few distinct buckets left in the queue: an inversion per handful of points costs more than
                // Jacobian additions.
                if (_qn > 0 && _cnt * 8 < _batch)
                {
                    var s = _s!;
                    for (int j = 0; j < _qn; j++) Overflow(s.QBucket[j], s.Qx[j], s.Qy[j]);
                    _qn = 0;
                }
            }
            // Done accumulating: the working arrays go back to the thread for the next set (and cannot be used here).
            if (_s != null)
            {
                BatchScratch.Return(_s);
                _s = null;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Flush()
        {
            int cnt = _cnt;
            _cnt = 0;
            var s = _s!;
            // TF is checked when the lane batch is created; the casts only retype the arrays.
            if (s.LanesG1 != null)
            {
                s.LanesG1.Flush(cnt, s.SlotBucket, Unsafe.As<Fq[]>(s.Px), Unsafe.As<Fq[]>(s.Py), Unsafe.As<Fq[]>(_bx), Unsafe.As<Fq[]>(_by), _has, s.Pending);
                return;
            }
            if (s.LanesG2 != null)
            {
                s.LanesG2.Flush(cnt, s.SlotBucket, Unsafe.As<Fq2[]>(s.Px), Unsafe.As<Fq2[]>(s.Py), Unsafe.As<Fq2[]>(_bx), Unsafe.As<Fq2[]>(_by), _has, s.Pending);
                return;
            }
            var bx = _bx; var by = _by; var px = s.Px; var py = s.Py; var den = s.Den; var prefix = s.Prefix;
            var kind = s.Kind; var slotBucket = s.SlotBucket; var pending = s.Pending;
            // Denominators: x_P - x_B for a chord, 2 y_B for a tangent; 1 (unused) when the sum is infinity.
            for (int k = 0; k < cnt; k++)
            {
                int b = slotBucket[k];
                if (TF.Eq(px[k], bx[b]))
                {
                    if (TF.Eq(py[k], by[b])) { kind[k] = 1; TF.Double(by[b], out den[k]); }
                    else { kind[k] = 2; den[k] = TF.One; }
                }
                else
                {
                    kind[k] = 0;
                    TF.Sub(px[k], bx[b], out den[k]);
                }
            }
            // Montgomery batch inversion (all denominators are non-zero).
            var run = TF.One;
            for (int k = 0; k < cnt; k++) { prefix[k] = run; TF.Mul(run, den[k], out run); }
            TF.Inv(run, out var inv);
            for (int k = cnt - 1; k >= 0; k--)
            {
                TF.Mul(inv, prefix[k], out var dk);
                TF.Mul(inv, den[k], out inv);
                int b = slotBucket[k];
                pending[b] = false;
                if (kind[k] == 2) { _has[b] = false; continue; }
                TF lambda;
                if (kind[k] == 0)
                {
                    TF.Sub(py[k], by[b], out var num);
                    TF.Mul(num, dk, out lambda);
                }
                else
                {
                    TF.Square(bx[b], out var x2);
                    TF.Double(x2, out var x3);
                    TF.Add(x3, x2, out x3);
                    TF.Mul(x3, dk, out lambda);
                }
                TF.Square(lambda, out var nx);
                TF.Sub(nx, bx[b], out nx);
                TF.Sub(nx, px[k], out nx);          // for a tangent px = bx, so this is lambda^2 - 2x
                TF.Sub(bx[b], nx, out var t);
                TF.Mul(lambda, t, out t);
                TF.Sub(t, by[b], out by[b]);
                bx[b] = nx;
            }
        }

        /// <summary>sum_b (b+1) * bucket_b via running sums from the top bucket down.</summary>
        public (TF X, TF Y, TF Z) Reduce()
        {
            TF rx = TF.One, ry = TF.One, rz = TF.Zero;
            TF tx = TF.One, ty = TF.One, tz = TF.Zero;
            for (int b = _nb - 1; b >= 0; b--)
            {
                if (_has[b]) JacobianOps<TF>.AddMixed(ref rx, ref ry, ref rz, _bx[b], _by[b]);
                if (_jz != null && !_jz[b].IsZero) JacobianOps<TF>.Add(ref rx, ref ry, ref rz, _jx![b], _jy![b], _jz[b]);
                JacobianOps<TF>.Add(ref tx, ref ty, ref tz, rx, ry, rz);
            }
            return (tx, ty, tz);
        }
    }

    /// <summary>Digits d_i in [-2^(c-1), 2^(c-1)) with sum d_i 2^(ci) = e.</summary>
    /// <remarks>Branch-free: the carry decisions are random, and mispredicting them cost more than the rest.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Decompose(in U256 e, int c, int windows, Span<short> dst)
    {
        // The words of e and two zero words, so that a window reaching past bit 255 (or starting there) reads zeros.
        ulong* w = stackalloc ulong[6];
        w[0] = e.L0; w[1] = e.L1; w[2] = e.L2; w[3] = e.L3; w[4] = 0; w[5] = 0;
        int carry = 0;
        int half = 1 << (c - 1);
        ulong mask = (1UL << c) - 1;
        for (int i = 0, start = 0; i < windows; i++, start += c)
        {
            int limb = Math.Min(start >> 6, 4), off = start & 63;   // from bit 256 on, only the zero words are read
            // The next word's bits above off: shifted in two steps, as a shift by 64 would be a shift by 0.
            ulong bits = ((w[limb] >> off) | ((w[limb + 1] << 1) << (63 - off))) & mask;
            int raw = (int)bits + carry;
            carry = (raw + half) >> c;          // 1 exactly when raw >= 2^(c-1) (raw is at most 2^c)
            dst[i] = (short)(raw - (carry << c));
        }
        if (carry != 0) throw new InvalidOperationException("MSM digit decomposition overflowed (internal error)");
    }

    private static (TF X, TF Y, TF Z) WindowSum(ReadOnlySpan<TA> bases, short[] digits, long wOff, int lo, int hi, int nb)
    {
        var bx = new TF[nb];
        var by = new TF[nb];
        var bz = new TF[nb]; // zero Z = empty bucket
        for (int i = lo; i < hi; i++)
        {
            int d = digits[wOff + i];
            if (d == 0) continue;
            ref readonly var p = ref bases[i];
            if (TA.IsInf(p)) continue;
            if (d > 0)
            {
                int b = d - 1;
                JacobianOps<TF>.AddMixed(ref bx[b], ref by[b], ref bz[b], TA.XOf(p), TA.YOf(p));
            }
            else
            {
                int b = -d - 1;
                TF.Neg(TA.YOf(p), out var ny);
                JacobianOps<TF>.AddMixed(ref bx[b], ref by[b], ref bz[b], TA.XOf(p), ny);
            }
        }
        // sum_b (b+1) * bucket_b via running sums from the top.
        TF rx = TF.One, ry = TF.One, rz = TF.Zero;
        TF tx = TF.One, ty = TF.One, tz = TF.Zero;
        for (int b = nb - 1; b >= 0; b--)
        {
            JacobianOps<TF>.Add(ref rx, ref ry, ref rz, bx[b], by[b], bz[b]);
            JacobianOps<TF>.Add(ref tx, ref ty, ref tz, rx, ry, rz);
        }
        return (tx, ty, tz);
    }
}
