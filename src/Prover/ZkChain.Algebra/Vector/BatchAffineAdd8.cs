using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector512<ulong>;

namespace ZkChain.Algebra;

/// <summary>Eight field elements in SIMD lanes, for the lane-wise bucket additions (values below 2p per coordinate).</summary>
internal unsafe interface IFieldLanes<TF, TL> where TF : unmanaged where TL : struct
{
    /// <summary>Eight consecutive scalar elements into lanes 0..7.</summary>
    static abstract void Load(TF* src, out TL r);
    /// <summary>Lanes 0..7 (after <see cref="ReduceOnce"/>) as eight consecutive scalar elements.</summary>
    static abstract void Store(in TL a, TF* dst);
    static abstract void Mul(in TL a, in TL b, out TL r);
    static abstract void Square(in TL a, out TL r);
    /// <summary>Canonical representatives (below p).</summary>
    static abstract void ReduceOnce(ref TL a);
    static abstract TL Broadcast(in TF v);
    static abstract void Add(in TL a, in TL b, out TL r);
    static abstract void Sub(in TL a, in TL b, out TL r);
    /// <summary>All ones in the 64-bit lanes whose element is 0 mod p, zero elsewhere.</summary>
    static abstract System.Runtime.Intrinsics.Vector512<ulong> ZeroMask(in TL a);
    /// <summary>All ones in the lanes where a and b are the same representative (equal elements when both are canonical).</summary>
    static abstract System.Runtime.Intrinsics.Vector512<ulong> EqualMask(in TL a, in TL b);
    /// <summary>Lane-wise a - b - c for a below 2p and b + c below 2p (e.g. both canonical), with one normalisation; result below 2p.</summary>
    static abstract void SubSum(in TL a, in TL b, in TL c, out TL r);
    /// <summary>Lane-wise mask ? a : b (mask lanes all ones or all zeros).</summary>
    static abstract void Select(System.Runtime.Intrinsics.Vector512<ulong> mask, in TL a, in TL b, out TL r);
    /// <summary>Lane l from src[l][index] (eight independent arrays; values below 2^256 per coordinate).</summary>
    static abstract void Gather(TF** src, int index, out TL r);
    /// <summary>Lane l from src[index[l]].</summary>
    static abstract void GatherAt(TF* src, int* index, out TL r);
    /// <summary>dst[index[l]] := lane l (after <see cref="ReduceOnce"/>), for eight distinct indices.</summary>
    static abstract void ScatterAt(in TL a, TF* dst, int* index);
}

/// <summary>
/// One batch of affine bucket additions B_k += P_k (distinct buckets), entirely in lanes
/// (<see cref="Fq8"/> for G1, <see cref="Fq2x8"/> for G2): slot k lives in lane k mod 8 of group
/// k / 8, its bucket is gathered by index and the sum scattered back. Same results as the scalar
/// batch in <c>MsmCore.AffineBuckets.Flush</c>: chord (add), tangent (P + P) and cancellation
/// (P + -P) slots; the last two are rare and patched in by masks. Each lane runs its own
/// prefix-product chain for the batch inversion; the eight lane totals are then inverted together
/// by a scalar Montgomery trick, so a batch still costs one field inversion.
/// </summary>
// Large lane structs as locals: without this the JIT zeroes them (kilobytes per call) before their first write.
[SkipLocalsInit]
internal sealed unsafe class BatchAffineAdd8<TF, TL>
    where TF : unmanaged, IFieldOps<TF>
    where TL : struct, IFieldLanes<TF, TL>
{
    // Group-indexed lane vectors and the cancellation lanes of each group.
    private readonly TL[] _denV, _prefixV, _numV;
    private readonly byte[] _cancel;

    public BatchAffineAdd8(int batch)
    {
        int groups = (batch + 7) / 8;
        _denV = new TL[groups]; _prefixV = new TL[groups]; _numV = new TL[groups];
        _cancel = new byte[groups];
    }

    /// <summary>Adds (px[k], py[k]) to bucket slotBucket[k] for k &lt; cnt; clears pending, and has on cancellation.</summary>
    /// <remarks>
    /// The three phases are separate methods: inlined into one, the lane helpers (Sub, Store, ...) exceeded the
    /// compiler's inlining budget for a single method and stayed calls.
    /// </remarks>
    public void Flush(int cnt, int[] slotBucket, TF[] px, TF[] py, TF[] bx, TF[] by, bool[] has, bool[] pending)
    {
        fixed (TF* pPx = px, pPy = py, pBx = bx, pBy = by)
        fixed (int* pIdx = slotBucket)
        {
            var run = Denominators(cnt, pIdx, pPx, pPy, pBx, pBy);
            var invV = InvertLaneTotals(run);
            Apply(cnt, pIdx, pPx, pBx, pBy, invV, has, pending);
        }
    }

    /// <summary>
    /// Per group: lambda's numerator and denominator, y_P - y_B over x_P - x_B for a chord, 3 x_B^2 over 2 y_B for a
    /// tangent, 0 over 1 for a cancellation or a padding slot; and the lane-wise prefix products of the denominators.
    /// Returns the eight lane totals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TL Denominators(int cnt, int* pIdx, TF* pPx, TF* pPy, TF* pBx, TF* pBy)
    {
        int groups = (cnt + 7) / 8;
        var denV = _denV; var prefixV = _prefixV; var numV = _numV; var cancelBits = _cancel;
        // Written in place in the group arrays: a lane struct copied by assignment costs a memmove call.
        prefixV[0] = TL.Broadcast(TF.One);
        for (int g = 0; g < groups; g++)
        {
            if (g > 0) TL.Mul(prefixV[g - 1], denV[g - 1], out prefixV[g]);
            ref var den = ref denV[g];
            ref var num = ref numV[g];
            TL.Load(pPx + 8 * g, out var x2);
            TL.Load(pPy + 8 * g, out var y2);
            TL.GatherAt(pBx, pIdx + 8 * g, out var x1);
            TL.GatherAt(pBy, pIdx + 8 * g, out var y1);
            TL.Sub(x2, x1, out den);
            TL.Sub(y2, y1, out num);
            // Points and buckets are canonical, so x_P = x_B exactly when their limbs are equal.
            V special = TL.EqualMask(x2, x1);
            int live = Math.Min(8, cnt - 8 * g);
            byte cancel = 0;
            // Rare cases out of line, so that the common path's lane helpers stay within the inlining budget.
            if (live < 8 || special != V.Zero) cancel = PadAndSpecial(live, special, x1, y1, ref den, ref num);
            cancelBits[g] = cancel;
        }
        TL.Mul(prefixV[groups - 1], denV[groups - 1], out var run);
        return run;
    }

    /// <summary>
    /// Padding lanes (past cnt) become 0 over 1; where x_P = x_B, a tangent (y_P = y_B) takes 3 x_B^2 over 2 y_B and a
    /// cancellation (y_P = -y_B) 0 over 1. Returns the cancellation lanes as bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte PadAndSpecial(int live, V special, in TL x1, in TL y1, ref TL den, ref TL num)
    {
        var one = TL.Broadcast(TF.One);
        var zero = default(TL);
        if (live < 8)
        {
            V pad = Vector512.GreaterThanOrEqual(Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((ulong)live));
            TL.Select(pad, one, den, out den);
            TL.Select(pad, zero, num, out num);
            special &= ~pad;
        }
        if (special == V.Zero) return 0;
        V tangent = special & TL.ZeroMask(num);
        V opposite = special & ~tangent;
        if (tangent != V.Zero)
        {
            TL.Add(y1, y1, out var d2);
            TL.Square(x1, out var xx);
            TL.Add(xx, xx, out var x3);
            TL.Add(x3, xx, out x3);
            TL.Select(tangent, d2, den, out den);
            TL.Select(tangent, x3, num, out num);
        }
        TL.Select(opposite, one, den, out den);
        TL.Select(opposite, zero, num, out num);
        return (byte)opposite.ExtractMostSignificantBits();
    }

    /// <summary>The inverses of the eight lane totals with one field inversion (Montgomery's trick over the lanes).</summary>
    private static TL InvertLaneTotals(TL run)
    {
        TF* laneTotal = stackalloc TF[8];
        TF* laneInv = stackalloc TF[8];
        TF* before = stackalloc TF[8];
        TL.ReduceOnce(ref run);
        TL.Store(run, laneTotal);
        var acc = TF.One;
        for (int l = 0; l < 8; l++) { before[l] = acc; TF.Mul(acc, laneTotal[l], out acc); }
        TF.Inv(acc, out var inv);
        for (int l = 7; l >= 0; l--)
        {
            TF.Mul(inv, before[l], out laneInv[l]);
            TF.Mul(inv, laneTotal[l], out inv);
        }
        TL.Load(laneInv, out var invV);
        return invV;
    }

    /// <summary>
    /// Backward over groups: 1/den = inv * prefix, lambda, x3 = lambda^2 - x_B - x_P (for a tangent x_P = x_B),
    /// y3 = lambda (x_B - x3) - y_B; scattered back to the buckets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Apply(int cnt, int* pIdx, TF* pPx, TF* pBx, TF* pBy, TL invV, bool[] has, bool[] pending)
    {
        int groups = (cnt + 7) / 8;
        var denV = _denV; var prefixV = _prefixV; var numV = _numV; var cancelBits = _cancel;
        TF* sx = stackalloc TF[8];
        TF* sy = stackalloc TF[8];
        for (int g = groups - 1; g >= 0; g--)
        {
            TL.Mul(invV, prefixV[g], out var dk);
            TL.Mul(invV, denV[g], out invV);
            TL.Mul(numV[g], dk, out var lam);
            TL.Square(lam, out var nx);
            TL.Load(pPx + 8 * g, out var x2);
            TL.GatherAt(pBx, pIdx + 8 * g, out var x1);
            TL.GatherAt(pBy, pIdx + 8 * g, out var y1);
            TL.SubSum(nx, x1, x2, out nx);   // x_B and x_P are canonical
            TL.Sub(x1, nx, out var t);
            TL.Mul(lam, t, out var ny);
            TL.Sub(ny, y1, out ny);
            TL.ReduceOnce(ref nx);
            TL.ReduceOnce(ref ny);
            int live = Math.Min(8, cnt - 8 * g);
            int cancel = cancelBits[g];
            int* idx = pIdx + 8 * g;
            if (live == 8)
            {
                // Straight from the lanes to the (distinct) buckets; a cancelled lane writes a value that no one reads,
                // as its bucket becomes empty.
                TL.ScatterAt(nx, pBx, idx);
                TL.ScatterAt(ny, pBy, idx);
                for (int l = 0; l < 8; l++)
                {
                    int b = idx[l];
                    pending[b] = false;
                    if ((cancel >> l & 1) != 0) has[b] = false;
                }
                continue;
            }
            // A partial group: its padding lanes hold stale bucket indices, which must not be written.
            TL.Store(nx, sx);
            TL.Store(ny, sy);
            for (int l = 0; l < live; l++)
            {
                int b = idx[l];
                pending[b] = false;
                if ((cancel >> l & 1) != 0) { has[b] = false; continue; }
                pBx[b] = sx[l];
                pBy[b] = sy[l];
            }
        }
    }
}
