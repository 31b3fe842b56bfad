using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector512<ulong>;

namespace ZkChain.Algebra;

/// <summary>
/// y^2 = x^3 + b for arrays of affine points, eight at a time in lanes (one at a time without AVX-512):
/// key files hold millions of points and each must be checked when read, which took a sixth of reading a
/// 2^18 key one point at a time.
/// </summary>
internal static unsafe class OnCurve8<TA, TF, TL>
    where TA : unmanaged, IAffineAccess<TA, TF>
    where TF : unmanaged, IFieldOps<TF>
    where TL : struct, IFieldLanes<TF, TL>
{
    /// <summary>Index of the first point (infinity excepted) not on the curve, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FirstOffCurve(ReadOnlySpan<TA> points, in TF b)
    {
        int n = points.Length, full = Fq8.IsSupported ? n & ~7 : 0;
        var bv = TL.Broadcast(b);
        TF** xs = stackalloc TF*[8];
        TF** ys = stackalloc TF*[8];
        fixed (TA* p = points)
        {
            for (int i = 0; i < full; i += 8)
            {
                ulong inf = 0;
                for (int l = 0; l < 8; l++)
                {
                    ref readonly var q = ref p[i + l];
                    xs[l] = (TF*)Unsafe.AsPointer(ref Unsafe.AsRef(in TA.XOf(q)));
                    ys[l] = (TF*)Unsafe.AsPointer(ref Unsafe.AsRef(in TA.YOf(q)));
                    if (TA.IsInf(q)) inf |= 1UL << l;
                }
                TL.Gather(xs, 0, out var x);
                TL.Gather(ys, 0, out var y);
                TL.Square(x, out var x3);
                TL.Mul(x3, x, out x3);
                TL.Add(x3, bv, out x3);
                TL.Square(y, out var y2);
                TL.Sub(y2, x3, out var d);
                ulong ok = TL.ZeroMask(d).ExtractMostSignificantBits() | inf;
                if (ok != 0xFF) return i + System.Numerics.BitOperations.TrailingZeroCount(~ok);
            }
        }
        for (int i = full; i < n; i++)
        {
            ref readonly var q = ref points[i];
            if (!TA.IsInf(q) && !JacobianOps<TF>.IsOnCurveAffine(TA.XOf(q), TA.YOf(q), b)) return i;
        }
        return -1;
    }
}
