using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector512<ulong>;

namespace ZkChain.Algebra;

/// <summary>
/// The bucket reduction of Pippenger's method, sum_j (j+1) B_j by running sums from the top bucket
/// down, for eight independent bucket arrays at once (one per lane: different windows or bucket
/// segments of one MSM). Each step is a mixed Jacobian addition r += B_j and a full one t += r, done
/// with lane-wise field products: the reduction is sequential within one array, so lanes across
/// arrays are the only way to vectorise it, and run one after another it took about half of a G1
/// MSM at 2^16. Infinity is tracked per lane by masks; the rare lanes where an addition degenerates
/// (equal or opposite points) are redone by the scalar formulas, which handle every case.
/// </summary>
// Large lane structs as locals: without this the JIT zeroes them before their first write (every stackalloc here
// is written in full before it is read).
[SkipLocalsInit]
internal static unsafe class BucketReduce8<TF, TL>
    where TF : unmanaged, IFieldOps<TF>
    where TL : struct, IFieldLanes<TF, TL>
{
    /// <summary>
    /// For lane l: buckets bx[l][j], by[l][j] (affine, present where has[l][j] != 0) for j &lt; length.
    /// Returns per lane the weighted sum T = sum_j (j+1) B_j and the plain sum R = sum_j B_j as
    /// Jacobian points (Z = 0 for infinity). Unused lanes point at an array whose has flags are all 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Reduce(TF** bx, TF** by, byte** has, int length, (TF X, TF Y, TF Z)* weighted, (TF X, TF Y, TF Z)* plain)
    {
        var one = TL.Broadcast(TF.One);
        TL rX = one, rY = one, rZ = one, tX = one, tY = one, tZ = one;
        V allOnes = V.AllBitsSet;
        V rInf = allOnes, tInf = allOnes;
        for (int j = length - 1; j >= 0; j--)
        {
            V bMask = Vector512.Create(
                0UL - has[0][j], 0UL - has[1][j], 0UL - has[2][j], 0UL - has[3][j],
                0UL - has[4][j], 0UL - has[5][j], 0UL - has[6][j], 0UL - has[7][j]);
            if (bMask != V.Zero)
            {
                TL.Gather(bx, j, out var qx);
                TL.Gather(by, j, out var qy);

                // r + B (madd-2007-bl).
                TL.Square(rZ, out var z1z1);
                TL.Mul(qx, z1z1, out var u2);
                TL.Mul(qy, rZ, out var s2);
                TL.Mul(s2, z1z1, out s2);
                TL.Sub(u2, rX, out var h);
                TL.Sub(s2, rY, out var rr);
                TL.Add(rr, rr, out rr);
                TL.Square(h, out var hh);
                TL.Add(hh, hh, out var i);
                TL.Add(i, i, out i);
                TL.Mul(h, i, out var jj);
                TL.Mul(rX, i, out var v);
                TL.Add(rZ, h, out var nz);
                TL.Square(nz, out nz);
                TL.Sub(nz, z1z1, out nz);
                TL.Sub(nz, hh, out nz);
                ChordTail(rr, jj, v, rY, out var nx, out var ny);

                V degenerate = bMask & ~rInf & TL.ZeroMask(h);
                Combine(bMask, degenerate, nx, ny, nz, qx, qy, one, ref rX, ref rY, ref rZ, ref rInf);
            }

            // t + r (add-2007-bl); skipped while r is infinity in every lane.
            if (rInf == allOnes) continue;
            {
                TL.Square(tZ, out var z1z1);
                TL.Square(rZ, out var z2z2);
                TL.Mul(tX, z2z2, out var u1);
                TL.Mul(rX, z1z1, out var u2);
                TL.Mul(tY, rZ, out var s1);
                TL.Mul(s1, z2z2, out s1);
                TL.Mul(rY, tZ, out var s2);
                TL.Mul(s2, z1z1, out s2);
                TL.Sub(u2, u1, out var h);
                TL.Sub(s2, s1, out var rr);
                TL.Add(rr, rr, out rr);
                TL.Add(h, h, out var i);
                TL.Square(i, out i);
                TL.Mul(h, i, out var jj);
                TL.Mul(u1, i, out var v);
                TL.Add(tZ, rZ, out var nz);
                TL.Square(nz, out nz);
                TL.Sub(nz, z1z1, out nz);
                TL.Sub(nz, z2z2, out nz);
                TL.Mul(nz, h, out nz);
                ChordTail(rr, jj, v, s1, out var nx, out var ny);

                V degenerate = ~rInf & ~tInf & TL.ZeroMask(h);
                Combine(~rInf, degenerate, nx, ny, nz, rX, rY, rZ, ref tX, ref tY, ref tZ, ref tInf);
            }
        }
        Export(tX, tY, tZ, tInf, weighted);
        Export(rX, rY, rZ, rInf, plain);
    }

    /// <summary>
    /// acc + operand from the generic sum (sx, sy, sz): where the operand is absent acc stays, where acc is
    /// infinity it becomes the operand; the degenerate lanes are then redone by the scalar formulas.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Combine(V present, V degenerate, in TL sx, in TL sy, in TL sz, in TL ox, in TL oy, in TL oz,
        ref TL ax, ref TL ay, ref TL az, ref V aInf)
    {
        TL.Select(aInf, ox, sx, out var nx);
        TL.Select(aInf, oy, sy, out var ny);
        TL.Select(aInf, oz, sz, out var nz);
        var px = ax; var py = ay; var pz = az;
        V pInf = aInf;
        TL.Select(present, nx, ax, out ax);
        TL.Select(present, ny, ay, out ay);
        TL.Select(present, nz, az, out az);
        aInf &= ~present;
        if (degenerate != V.Zero) Redo(degenerate, px, py, pz, pInf, ox, oy, oz, ref ax, ref ay, ref az, ref aInf);
    }

    /// <summary>The end of both additions: X3 = rr^2 - J - 2V, Y3 = rr (V - X3) - 2 y1 J.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ChordTail(in TL rr, in TL jj, in TL v, in TL y1, out TL x3, out TL y3)
    {
        TL.Square(rr, out x3);
        TL.Sub(x3, jj, out x3);
        TL.Add(v, v, out var v2);
        TL.Sub(x3, v2, out x3);
        TL.Sub(v, x3, out y3);
        TL.Mul(rr, y3, out y3);
        TL.Mul(y1, jj, out var yj);
        TL.Add(yj, yj, out yj);
        TL.Sub(y3, yj, out y3);
    }

    /// <summary>Lanes 0..7 as scalar values (canonical).</summary>
    private static void ToScalars(in TL a, TF* dst)
    {
        var c = a;
        TL.ReduceOnce(ref c);
        TL.Store(c, dst);
    }

    private static void Export(in TL x, in TL y, in TL z, V inf, (TF X, TF Y, TF Z)* dst)
    {
        TF* sx = stackalloc TF[8], sy = stackalloc TF[8], sz = stackalloc TF[8];
        ToScalars(x, sx); ToScalars(y, sy); ToScalars(z, sz);
        for (int l = 0; l < 8; l++)
        {
            dst[l] = inf.GetElement(l) != 0 ? (TF.One, TF.One, TF.Zero) : (sx[l], sy[l], sz[l]);
        }
    }

    /// <summary>
    /// Scalar p += q for the lanes in mask, from the values of p before the lane step (a bucket B enters as
    /// (x, y, 1)); the scalar formulas handle doubling and opposite points.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Redo(V mask, in TL oX, in TL oY, in TL oZ, V oInf, in TL rX, in TL rY, in TL rZ,
        ref TL tX, ref TL tY, ref TL tZ, ref V tInf)
    {
        TF* x = stackalloc TF[8], y = stackalloc TF[8], z = stackalloc TF[8];
        TF* ax = stackalloc TF[8], ay = stackalloc TF[8], az = stackalloc TF[8];
        TF* nx = stackalloc TF[8], ny = stackalloc TF[8], nz = stackalloc TF[8];
        ToScalars(oX, x); ToScalars(oY, y); ToScalars(oZ, z);
        ToScalars(rX, ax); ToScalars(rY, ay); ToScalars(rZ, az);
        ToScalars(tX, nx); ToScalars(tY, ny); ToScalars(tZ, nz);
        ulong* inf = stackalloc ulong[8];
        tInf.Store(inf);
        for (int l = 0; l < 8; l++)
        {
            if (mask.GetElement(l) == 0) continue;
            TF px = x[l], py = y[l], pz = oInf.GetElement(l) != 0 ? TF.Zero : z[l];
            JacobianOps<TF>.Add(ref px, ref py, ref pz, ax[l], ay[l], az[l]);
            nx[l] = px; ny[l] = py; nz[l] = pz;
            inf[l] = pz.IsZero ? ulong.MaxValue : 0;
        }
        TL.Load(nx, out tX); TL.Load(ny, out tY); TL.Load(nz, out tZ);
        tInf = Vector512.Load(inf);
    }
}
