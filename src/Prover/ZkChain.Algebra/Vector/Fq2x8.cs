using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector512<ulong>;

namespace ZkChain.Algebra;

/// <summary>Eight independent Fq2 = Fq[u]/(u^2 + 1) elements in <see cref="Fq8"/> lanes; values below 2p per coordinate.</summary>
// Large lane structs as locals: without this the JIT zeroes them (kilobytes per call) before their first write.
[SkipLocalsInit]
internal unsafe struct Fq2x8 : IFieldLanes<Fq2, Fq2x8>
{
    public Fq8 C0, C1;

    /// <summary>
    /// (a0 b0 - a1 b1) + (a0 b1 + a1 b0) u, each coordinate as one Montgomery reduction of two products
    /// (<see cref="Fq8.MulDiff"/>, <see cref="Fq8.MulSum"/>): fewer vector operations than Karatsuba's three full
    /// products with their reductions and five additions (A/B in docs/benchmarks.md, round 6).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mul(in Fq2x8 a, in Fq2x8 b, out Fq2x8 r)
    {
        Unsafe.SkipInit(out r);
        // Each reduction reads all its inputs before it writes, so only the first result needs a temporary, and
        // only when r is a or b (a 576-byte copy is a memmove call).
        if (Unsafe.AreSame(ref r, ref Unsafe.AsRef(in a)) || Unsafe.AreSame(ref r, ref Unsafe.AsRef(in b)))
        {
            Fq8.MulDiff(a.C0, b.C0, a.C1, b.C1, out var c0);
            Fq8.MulSum(a.C0, b.C1, a.C1, b.C0, out r.C1);
            r.C0 = c0;
            return;
        }
        Fq8.MulDiff(a.C0, b.C0, a.C1, b.C1, out r.C0);
        Fq8.MulSum(a.C0, b.C1, a.C1, b.C0, out r.C1);
    }

    /// <summary>(a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u: 2 lane products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Square(in Fq2x8 a, out Fq2x8 r)
    {
        Fq8.Add(a.C0, a.C1, out var s);
        Fq8.Sub(a.C0, a.C1, out var d);
        Fq8.Mul(a.C0, a.C1, out var m);
        Unsafe.SkipInit(out r);
        Fq8.Mul(s, d, out r.C0);
        Fq8.Add(m, m, out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReduceOnce(ref Fq2x8 a)
    {
        Fq8.ReduceOnce(ref a.C0);
        Fq8.ReduceOnce(ref a.C1);
    }

    /// <summary>Loads eight consecutive Fq2 elements (C0 then C1, 4x64-bit words each).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Load(Fq2* src, out Fq2x8 r)
    {
        ulong* p = (ulong*)src;
        FromElements(Vector512.Load(p), Vector512.Load(p + 8), Vector512.Load(p + 16), Vector512.Load(p + 24),
            Vector512.Load(p + 32), Vector512.Load(p + 40), Vector512.Load(p + 48), Vector512.Load(p + 56), out r);
    }

    /// <summary>Lane l from src[l][index].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Gather(Fq2** src, int index, out Fq2x8 r) =>
        FromElements(Vector512.Load((ulong*)(src[0] + index)), Vector512.Load((ulong*)(src[1] + index)),
            Vector512.Load((ulong*)(src[2] + index)), Vector512.Load((ulong*)(src[3] + index)),
            Vector512.Load((ulong*)(src[4] + index)), Vector512.Load((ulong*)(src[5] + index)),
            Vector512.Load((ulong*)(src[6] + index)), Vector512.Load((ulong*)(src[7] + index)), out r);

    /// <summary>Lane l from src[index[l]].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void GatherAt(Fq2* src, int* index, out Fq2x8 r) =>
        FromElements(Vector512.Load((ulong*)(src + index[0])), Vector512.Load((ulong*)(src + index[1])),
            Vector512.Load((ulong*)(src + index[2])), Vector512.Load((ulong*)(src + index[3])),
            Vector512.Load((ulong*)(src + index[4])), Vector512.Load((ulong*)(src + index[5])),
            Vector512.Load((ulong*)(src + index[6])), Vector512.Load((ulong*)(src + index[7])), out r);

    /// <summary>From eight elements, one 512-bit vector each: pairs the C0 halves (and the C1 halves) of neighbouring elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FromElements(V e0, V e1, V e2, V e3, V e4, V e5, V e6, V e7, out Fq2x8 r)
    {
        V lo = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), hi = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        Unsafe.SkipInit(out r);
        Fq8.FromPairs(Avx512F.PermuteVar8x64x2(e0, lo, e1), Avx512F.PermuteVar8x64x2(e2, lo, e3),
            Avx512F.PermuteVar8x64x2(e4, lo, e5), Avx512F.PermuteVar8x64x2(e6, lo, e7), out r.C0);
        Fq8.FromPairs(Avx512F.PermuteVar8x64x2(e0, hi, e1), Avx512F.PermuteVar8x64x2(e2, hi, e3),
            Avx512F.PermuteVar8x64x2(e4, hi, e5), Avx512F.PermuteVar8x64x2(e6, hi, e7), out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fq2x8 a, in Fq2x8 b, out Fq2x8 r)
    {
        Unsafe.SkipInit(out r);
        Fq8.Add(a.C0, b.C0, out r.C0);
        Fq8.Add(a.C1, b.C1, out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fq2x8 a, in Fq2x8 b, out Fq2x8 r)
    {
        Unsafe.SkipInit(out r);
        Fq8.Sub(a.C0, b.C0, out r.C0);
        Fq8.Sub(a.C1, b.C1, out r.C1);
    }

    /// <summary>Lane-wise a - b - c, coordinate by coordinate (a below 2p, b + c below 2p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubSum(in Fq2x8 a, in Fq2x8 b, in Fq2x8 c, out Fq2x8 r)
    {
        Unsafe.SkipInit(out r);
        Fq8.SubSum(a.C0, b.C0, c.C0, out r.C0);
        Fq8.SubSum(a.C1, b.C1, c.C1, out r.C1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V EqualMask(in Fq2x8 a, in Fq2x8 b) => Fq8.EqualMask(a.C0, b.C0) & Fq8.EqualMask(a.C1, b.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ZeroMask(in Fq2x8 a) => Fq8.ZeroMask(a.C0) & Fq8.ZeroMask(a.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Select(V mask, in Fq2x8 a, in Fq2x8 b, out Fq2x8 r)
    {
        Unsafe.SkipInit(out r);
        Fq8.Select(mask, a.C0, b.C0, out r.C0);
        Fq8.Select(mask, a.C1, b.C1, out r.C1);
    }

    /// <summary>Stores lanes 0..7 as eight consecutive Fq2 elements; coordinates must be normalised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(in Fq2x8 a, Fq2* dst)
    {
        ToElements(a, out var e0, out var e1, out var e2, out var e3, out var e4, out var e5, out var e6, out var e7);
        ulong* p = (ulong*)dst;
        Vector512.Store(e0, p);
        Vector512.Store(e1, p + 8);
        Vector512.Store(e2, p + 16);
        Vector512.Store(e3, p + 24);
        Vector512.Store(e4, p + 32);
        Vector512.Store(e5, p + 40);
        Vector512.Store(e6, p + 48);
        Vector512.Store(e7, p + 56);
    }

    /// <summary>dst[index[l]] := lane l; coordinates must be normalised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void ScatterAt(in Fq2x8 a, Fq2* dst, int* index)
    {
        ToElements(a, out var e0, out var e1, out var e2, out var e3, out var e4, out var e5, out var e6, out var e7);
        Vector512.Store(e0, (ulong*)(dst + index[0]));
        Vector512.Store(e1, (ulong*)(dst + index[1]));
        Vector512.Store(e2, (ulong*)(dst + index[2]));
        Vector512.Store(e3, (ulong*)(dst + index[3]));
        Vector512.Store(e4, (ulong*)(dst + index[4]));
        Vector512.Store(e5, (ulong*)(dst + index[5]));
        Vector512.Store(e6, (ulong*)(dst + index[6]));
        Vector512.Store(e7, (ulong*)(dst + index[7]));
    }

    /// <summary>Inverse of <see cref="FromElements"/>: element l (C0 then C1, 4x64-bit words each) as one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToElements(in Fq2x8 a, out V e0, out V e1, out V e2, out V e3, out V e4, out V e5, out V e6, out V e7)
    {
        Fq8.ToPairs(a.C0, out var x0, out var x1, out var x2, out var x3);
        Fq8.ToPairs(a.C1, out var y0, out var y1, out var y2, out var y3);
        V first = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), second = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        e0 = Avx512F.PermuteVar8x64x2(x0, first, y0);
        e1 = Avx512F.PermuteVar8x64x2(x0, second, y0);
        e2 = Avx512F.PermuteVar8x64x2(x1, first, y1);
        e3 = Avx512F.PermuteVar8x64x2(x1, second, y1);
        e4 = Avx512F.PermuteVar8x64x2(x2, first, y2);
        e5 = Avx512F.PermuteVar8x64x2(x2, second, y2);
        e6 = Avx512F.PermuteVar8x64x2(x3, first, y3);
        e7 = Avx512F.PermuteVar8x64x2(x3, second, y3);
    }

    public static Fq2x8 Broadcast(in Fq2 v) => new() { C0 = Fq8.Broadcast(v.C0.V), C1 = Fq8.Broadcast(v.C1.V) };
}
