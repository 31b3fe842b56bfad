namespace ZkChain.Algebra;

/// <summary>
/// One batch of affine G1 bucket additions B_k += P_k (distinct buckets), with the field products
/// done eight slots at a time in <see cref="Fq8"/> lanes. Same results as the scalar batch in
/// <c>MsmCore.AffineBuckets.Flush</c>: chord (add), tangent (P + P) and cancellation (P + -P) slots.
/// Slot k lives in lane k mod 8 of group k / 8. Each lane runs its own prefix-product chain for the
/// batch inversion; the eight lane totals are then inverted together by a scalar Montgomery trick,
/// so a batch still costs one field inversion.
/// </summary>
internal sealed unsafe class BatchAffineAdd8
{
    private const byte Chord = 0, Tangent = 1, Cancel = 2;

    private readonly int _groups;
    // Slot-indexed scratch (AoS, 4x64-bit, padded to whole lane groups).
    private readonly Fq[] _den, _num, _lam2, _t, _y;
    private readonly byte[] _kind;
    // Group-indexed lane vectors.
    private readonly Fq8[] _denV, _prefixV, _lamV;

    public BatchAffineAdd8(int batch)
    {
        _groups = (batch + 7) / 8;
        int padded = _groups * 8;
        _den = new Fq[padded]; _num = new Fq[padded]; _lam2 = new Fq[padded]; _t = new Fq[padded]; _y = new Fq[padded];
        _kind = new byte[padded];
        _denV = new Fq8[_groups]; _prefixV = new Fq8[_groups]; _lamV = new Fq8[_groups];
    }

    /// <summary>Adds (px[k], py[k]) to bucket slotBucket[k] for k &lt; cnt; clears pending, and has on cancellation.</summary>
    public void Flush(int cnt, int[] slotBucket, Fq[] px, Fq[] py, Fq[] bx, Fq[] by, bool[] has, bool[] pending)
    {
        int groups = (cnt + 7) / 8;
        var den = _den; var num = _num; var kind = _kind;

        // 1. Per slot: kind, denominator and numerator of lambda (scalar; subtractions are cheap).
        for (int k = 0; k < cnt; k++)
        {
            int b = slotBucket[k];
            if (px[k] == bx[b])
            {
                if (py[k] == by[b])
                {
                    kind[k] = Tangent;
                    Fq.Double(by[b], out den[k]);
                    Fq.Square(bx[b], out var x2);
                    Fq.Double(x2, out var x3);
                    Fq.Add(x3, x2, out num[k]);
                }
                else { kind[k] = Cancel; den[k] = Fq.One; num[k] = Fq.Zero; }
            }
            else
            {
                kind[k] = Chord;
                Fq.Sub(px[k], bx[b], out den[k]);
                Fq.Sub(py[k], by[b], out num[k]);
            }
        }
        // Padding lanes: denominator 1 leaves the prefix products unchanged.
        for (int k = cnt; k < groups * 8; k++) { den[k] = Fq.One; num[k] = Fq.Zero; _t[k] = Fq.Zero; }

        fixed (Fq* pDen = den, pNum = num, pLam2 = _lam2, pT = _t, pY = _y)
        {
            // 2. Lane-wise prefix products of the denominators.
            var denV = _denV; var prefixV = _prefixV; var lamV = _lamV;
            var run = Fq8.Broadcast(Fq.One.V);
            for (int g = 0; g < groups; g++)
            {
                Fq8.Load((U256*)pDen + 8 * g, out denV[g]);
                prefixV[g] = run;
                Fq8.Mul(run, denV[g], out run);
            }

            // 3. Invert the eight lane totals with one inversion.
            U256* laneTotal = stackalloc U256[8];
            U256* laneInv = stackalloc U256[8];
            U256* before = stackalloc U256[8];
            Fq8.ReduceOnce(ref run);
            Fq8.Store(run, laneTotal);
            var acc = Fq.One.V;
            for (int l = 0; l < 8; l++) { before[l] = acc; Mont<FqModulus>.Mul(acc, laneTotal[l], out acc); }
            Mont<FqModulus>.Inverse(acc, out var inv);
            for (int l = 7; l >= 0; l--)
            {
                Mont<FqModulus>.Mul(inv, before[l], out laneInv[l]);
                Mont<FqModulus>.Mul(inv, laneTotal[l], out inv);
            }
            Fq8.Load(laneInv, out var invV);

            // 4. Backward over groups: 1/den = inv * prefix, then lambda and lambda^2.
            for (int g = groups - 1; g >= 0; g--)
            {
                Fq8.Mul(invV, prefixV[g], out var dk);
                Fq8.Mul(invV, denV[g], out invV);
                Fq8.Load((U256*)pNum + 8 * g, out var n);
                Fq8.Mul(n, dk, out lamV[g]);
                Fq8.Mul(lamV[g], lamV[g], out var l2);
                Fq8.ReduceOnce(ref l2);
                Fq8.Store(l2, (U256*)pLam2 + 8 * g);
            }

            // 5. x3 = lambda^2 - x_B - x_P (for a tangent x_P = x_B) and t = x_B - x3 (scalar).
            for (int k = 0; k < cnt; k++)
            {
                if (kind[k] == Cancel) { _t[k] = Fq.Zero; continue; }
                int b = slotBucket[k];
                Fq.Sub(_lam2[k], bx[b], out var nx);
                Fq.Sub(nx, px[k], out nx);
                Fq.Sub(bx[b], nx, out _t[k]);
                bx[b] = nx;
            }

            // 6. lambda * t in lanes.
            for (int g = 0; g < groups; g++)
            {
                Fq8.Load((U256*)pT + 8 * g, out var t);
                Fq8.Mul(lamV[g], t, out var y);
                Fq8.ReduceOnce(ref y);
                Fq8.Store(y, (U256*)pY + 8 * g);
            }
        }

        // 7. y3 = lambda * t - y_B; release the buckets.
        for (int k = 0; k < cnt; k++)
        {
            int b = slotBucket[k];
            pending[b] = false;
            if (kind[k] == Cancel) { has[b] = false; continue; }
            Fq.Sub(_y[k], by[b], out by[b]);
        }
    }
}
