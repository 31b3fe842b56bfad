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
    /// <summary>Lane-wise mask ? a : b (mask lanes all ones or all zeros).</summary>
    static abstract void Select(System.Runtime.Intrinsics.Vector512<ulong> mask, in TL a, in TL b, out TL r);
    /// <summary>Lane l from src[l][index] (eight independent arrays; values below 2^256 per coordinate).</summary>
    static abstract void Gather(TF** src, int index, out TL r);
}

/// <summary>
/// One batch of affine bucket additions B_k += P_k (distinct buckets), with the field products
/// done eight slots at a time in lanes (<see cref="Fq8"/> for G1, <see cref="Fq2x8"/> for G2). Same results as the scalar batch in
/// <c>MsmCore.AffineBuckets.Flush</c>: chord (add), tangent (P + P) and cancellation (P + -P) slots.
/// Slot k lives in lane k mod 8 of group k / 8. Each lane runs its own prefix-product chain for the
/// batch inversion; the eight lane totals are then inverted together by a scalar Montgomery trick,
/// so a batch still costs one field inversion.
/// </summary>
internal sealed unsafe class BatchAffineAdd8<TF, TL>
    where TF : unmanaged, IFieldOps<TF>
    where TL : struct, IFieldLanes<TF, TL>
{
    private const byte Chord = 0, Tangent = 1, Cancel = 2;

    private readonly int _groups;
    // Slot-indexed scratch (AoS, 4x64-bit, padded to whole lane groups).
    private readonly TF[] _den, _num, _lam2, _t, _y;
    private readonly byte[] _kind;
    // Group-indexed lane vectors.
    private readonly TL[] _denV, _prefixV, _lamV;

    public BatchAffineAdd8(int batch)
    {
        _groups = (batch + 7) / 8;
        int padded = _groups * 8;
        _den = new TF[padded]; _num = new TF[padded]; _lam2 = new TF[padded]; _t = new TF[padded]; _y = new TF[padded];
        _kind = new byte[padded];
        _denV = new TL[_groups]; _prefixV = new TL[_groups]; _lamV = new TL[_groups];
    }

    /// <summary>Adds (px[k], py[k]) to bucket slotBucket[k] for k &lt; cnt; clears pending, and has on cancellation.</summary>
    public void Flush(int cnt, int[] slotBucket, TF[] px, TF[] py, TF[] bx, TF[] by, bool[] has, bool[] pending)
    {
        int groups = (cnt + 7) / 8;
        var den = _den; var num = _num; var kind = _kind;

        // 1. Per slot: kind, denominator and numerator of lambda (scalar; subtractions are cheap).
        for (int k = 0; k < cnt; k++)
        {
            int b = slotBucket[k];
            if (TF.Eq(px[k], bx[b]))
            {
                if (TF.Eq(py[k], by[b]))
                {
                    kind[k] = Tangent;
                    TF.Double(by[b], out den[k]);
                    TF.Square(bx[b], out var x2);
                    TF.Double(x2, out var x3);
                    TF.Add(x3, x2, out num[k]);
                }
                else { kind[k] = Cancel; den[k] = TF.One; num[k] = TF.Zero; }
            }
            else
            {
                kind[k] = Chord;
                TF.Sub(px[k], bx[b], out den[k]);
                TF.Sub(py[k], by[b], out num[k]);
            }
        }
        // Padding lanes: denominator 1 leaves the prefix products unchanged.
        for (int k = cnt; k < groups * 8; k++) { den[k] = TF.One; num[k] = TF.Zero; _t[k] = TF.Zero; }

        fixed (TF* pDen = den, pNum = num, pLam2 = _lam2, pT = _t, pY = _y)
        {
            // 2. Lane-wise prefix products of the denominators.
            var denV = _denV; var prefixV = _prefixV; var lamV = _lamV;
            var run = TL.Broadcast(TF.One);
            for (int g = 0; g < groups; g++)
            {
                TL.Load(pDen + 8 * g, out denV[g]);
                prefixV[g] = run;
                TL.Mul(run, denV[g], out run);
            }

            // 3. Invert the eight lane totals with one inversion.
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

            // 4. Backward over groups: 1/den = inv * prefix, then lambda and lambda^2.
            for (int g = groups - 1; g >= 0; g--)
            {
                TL.Mul(invV, prefixV[g], out var dk);
                TL.Mul(invV, denV[g], out invV);
                TL.Load(pNum + 8 * g, out var n);
                TL.Mul(n, dk, out lamV[g]);
                TL.Square(lamV[g], out var l2);
                TL.ReduceOnce(ref l2);
                TL.Store(l2, pLam2 + 8 * g);
            }

            // 5. x3 = lambda^2 - x_B - x_P (for a tangent x_P = x_B) and t = x_B - x3 (scalar).
            for (int k = 0; k < cnt; k++)
            {
                if (kind[k] == Cancel) { _t[k] = TF.Zero; continue; }
                int b = slotBucket[k];
                TF.Sub(_lam2[k], bx[b], out var nx);
                TF.Sub(nx, px[k], out nx);
                TF.Sub(bx[b], nx, out _t[k]);
                bx[b] = nx;
            }

            // 6. lambda * t in lanes.
            for (int g = 0; g < groups; g++)
            {
                TL.Load(pT + 8 * g, out var t);
                TL.Mul(lamV[g], t, out var y);
                TL.ReduceOnce(ref y);
                TL.Store(y, pY + 8 * g);
            }
        }

        // 7. y3 = lambda * t - y_B; release the buckets.
        for (int k = 0; k < cnt; k++)
        {
            int b = slotBucket[k];
            pending[b] = false;
            if (kind[k] == Cancel) { has[b] = false; continue; }
            TF.Sub(_y[k], by[b], out by[b]);
        }
    }
}
