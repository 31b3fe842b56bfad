using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector512<ulong>;

namespace ZkChain.Algebra;

/// <summary>Marks the Fq instantiation (Fq8, the curve arithmetic); the tests check its constants against FqModulus.</summary>
internal readonly struct FqLanes;

/// <summary>Marks the Fr instantiation (Fr8, the NTT's butterflies); the tests check its constants against FrModulus.</summary>
internal readonly struct FrLanes;

/// <summary>
/// Eight independent elements of the field TF (Fq or Fr, marked by TM) in AVX-512 lanes,
/// structure of arrays: nine 29-bit limbs per element (limb k holds bits 29k..29k+28), each limb in
/// a 64-bit lane so that 32x32-bit products (vpmuludq) can be summed lazily without carry handling.
/// Values use the same Montgomery form (R = 2^256) as the scalar Fq and Fr, so converting is only a
/// re-split of the bits.
/// Products accept and return values below 2p (lazily reduced); <see cref="ReduceOnce"/> brings
/// them below p before they go back to scalar code.
/// </summary>
// Large lane structs as locals: without this the JIT zeroes them (kilobytes per call) before their first write.
[SkipLocalsInit]
internal unsafe partial struct Fp8<TM, TF> : IFieldLanes<TF, Fp8<TM, TF>>
    where TM : struct
    where TF : unmanaged
{
    static void IFieldLanes<TF, Fp8<TM, TF>>.Load(TF* src, out Fp8<TM, TF> r) => Load((U256*)src, out r);
    static void IFieldLanes<TF, Fp8<TM, TF>>.Store(in Fp8<TM, TF> a, TF* dst) => Store(a, (U256*)dst);
    static void IFieldLanes<TF, Fp8<TM, TF>>.Square(in Fp8<TM, TF> a, out Fp8<TM, TF> r) => Mul(a, a, out r);
    static Fp8<TM, TF> IFieldLanes<TF, Fp8<TM, TF>>.Broadcast(in TF v) => Broadcast(Unsafe.As<TF, U256>(ref Unsafe.AsRef(in v)));
    static void IFieldLanes<TF, Fp8<TM, TF>>.Gather(TF** src, int index, out Fp8<TM, TF> r) => Gather((U256**)src, index, out r);
    static void IFieldLanes<TF, Fp8<TM, TF>>.GatherAt(TF* src, int* index, out Fp8<TM, TF> r) => GatherAt((U256*)src, index, out r);
    static void IFieldLanes<TF, Fp8<TM, TF>>.ScatterAt(in Fp8<TM, TF> a, TF* dst, int* index) => ScatterAt(a, (U256*)dst, index);

    /// <summary>Lane l from src[index[l]].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherAt(U256* src, int* index, out Fp8<TM, TF> r) =>
        FromPairs(Pair(src + index[0], src + index[1]), Pair(src + index[2], src + index[3]),
            Pair(src + index[4], src + index[5]), Pair(src + index[6], src + index[7]), out r);

    /// <summary>Lane l from src[l][index].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gather(U256** src, int index, out Fp8<TM, TF> r) =>
        FromPairs(Pair(src[0] + index, src[1] + index), Pair(src[2] + index, src[3] + index),
            Pair(src[4] + index, src[5] + index), Pair(src[6] + index, src[7] + index), out r);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Pair(U256* a, U256* b) => Vector512.Create(Vector256.Load((ulong*)a), Vector256.Load((ulong*)b));

    /// <summary>All ones in the lanes whose element is 0 mod p (inputs below 2p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ZeroMask(in Fp8<TM, TF> a)
    {
        var c = a;
        ReduceOnce(ref c);
        V or = c.L0 | c.L1 | c.L2 | c.L3 | c.L4 | c.L5 | c.L6 | c.L7 | c.L8;
        return Vector512.Equals(or, V.Zero);
    }

    /// <summary>All ones in the lanes where a and b have the same limbs (the same element when both are canonical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V EqualMask(in Fp8<TM, TF> a, in Fp8<TM, TF> b)
    {
        V diff = (a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3) | (a.L4 ^ b.L4) | (a.L5 ^ b.L5)
            | (a.L6 ^ b.L6) | (a.L7 ^ b.L7) | (a.L8 ^ b.L8);
        return Vector512.Equals(diff, V.Zero);
    }

    /// <summary>Lane-wise mask ? a : b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Select(V mask, in Fp8<TM, TF> a, in Fp8<TM, TF> b, out Fp8<TM, TF> r)
    {
        r.L0 = Vector512.ConditionalSelect(mask, a.L0, b.L0);
        r.L1 = Vector512.ConditionalSelect(mask, a.L1, b.L1);
        r.L2 = Vector512.ConditionalSelect(mask, a.L2, b.L2);
        r.L3 = Vector512.ConditionalSelect(mask, a.L3, b.L3);
        r.L4 = Vector512.ConditionalSelect(mask, a.L4, b.L4);
        r.L5 = Vector512.ConditionalSelect(mask, a.L5, b.L5);
        r.L6 = Vector512.ConditionalSelect(mask, a.L6, b.L6);
        r.L7 = Vector512.ConditionalSelect(mask, a.L7, b.L7);
        r.L8 = Vector512.ConditionalSelect(mask, a.L8, b.L8);
    }

    public V L0, L1, L2, L3, L4, L5, L6, L7, L8;

    /// <summary>True when this machine can run the 8-lane code (AVX-512 Foundation).</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    private const ulong LimbMask = (1UL << 29) - 1;

    private static V Mask => Vector512.Create(LimbMask);
    private static V Mask24 => Vector512.Create((1UL << 24) - 1);
    // Literal constants chosen by typeof(TM), which folds when an instantiation is compiled, behind getters that
    // must be inlined: the product alone uses them about 90 times, and without AggressiveInlining the inliner's budget
    // ran out (38 ns instead of 11 ns per product). (A first version with static abstract interface constants, also
    // without forced inlining, measured 4.3 s instead of 3.5 s for the native 2^18 prove.) The tests read the literals
    // back through Limb, TwoPLimb and NegInv29 and check them against the moduli.
    private static V NegInvV { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x0fffffffUL : 0x04866389UL); }
    private static V P0V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x10000001UL : 0x187cfd47UL); }
    private static V P1V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x1f0fac9fUL : 0x010460b6UL); }
    private static V P2V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x0e5c2450UL : 0x1c72a34fUL); }
    private static V P3V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x07d090f3UL : 0x02d522d0UL); }
    private static V P4V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x1585d283UL : 0x1585d978UL); }
    private static V P5V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x02db40c0UL : 0x02db40c0UL); }
    private static V P6V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x00a6e141UL : 0x00a6e141UL); }
    private static V P7V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x0e5c2634UL : 0x0e5c2634UL); }
    private static V P8V { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x0030644eUL : 0x0030644eUL); }

    /// <summary>Limb k of p (tests).</summary>
    internal static ulong Limb(int k) => k switch
    {
        0 => P0V[0], 1 => P1V[0], 2 => P2V[0], 3 => P3V[0], 4 => P4V[0], 5 => P5V[0], 6 => P6V[0], 7 => P7V[0], 8 => P8V[0],
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    /// <summary>Limb k of the unnormalised 2p used by subtraction (tests).</summary>
    internal static long TwoPLimb(int k) => k switch
    {
        0 => TwoP0[0], 1 => TwoP1[0], 2 => TwoP2[0], 3 => TwoP3[0], 4 => TwoP4[0], 5 => TwoP5[0], 6 => TwoP6[0], 7 => TwoP7[0], 8 => TwoP8[0],
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    /// <summary>-p^-1 mod 2^29 (tests).</summary>
    internal static ulong NegInv29 => NegInvV[0];

    /// <summary>Low 32 bits of each lane of x times low 32 bits of y, full 64-bit products (vpmuludq).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V M(V x, V y) => Avx512F.Multiply(x.AsUInt32(), y.AsUInt32());

    // Mul, MulSum and MulDiff are generated: Fp8.Products.cs (scripts/dev/gen-lane-products.py).


    /// <summary>Loads eight consecutive elements (4x64-bit limbs each, below 2^256) into lanes 0..7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Load(U256* src, out Fp8<TM, TF> r) =>
        FromPairs(Vector512.Load((ulong*)src), Vector512.Load((ulong*)src + 8), Vector512.Load((ulong*)src + 16), Vector512.Load((ulong*)src + 24), out r);

    /// <summary>From four vectors holding elements (0,1), (2,3), (4,5), (6,7) as 4x64-bit words each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void FromPairs(V m0, V m1, V m2, V m3, out Fp8<TM, TF> r)
    {
        // Two rounds of two-source permutes transpose the 8x4 words.
        V lo4 = Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13), hi4 = Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15);
        V ab03 = Avx512F.PermuteVar8x64x2(m0, lo4, m1), cd03 = Avx512F.PermuteVar8x64x2(m0, hi4, m1);
        V ab47 = Avx512F.PermuteVar8x64x2(m2, lo4, m3), cd47 = Avx512F.PermuteVar8x64x2(m2, hi4, m3);
        V low = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), high = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        V w0 = Avx512F.PermuteVar8x64x2(ab03, low, ab47), w1 = Avx512F.PermuteVar8x64x2(ab03, high, ab47);
        V w2 = Avx512F.PermuteVar8x64x2(cd03, low, cd47), w3 = Avx512F.PermuteVar8x64x2(cd03, high, cd47);
        FromWords(w0, w1, w2, w3, out r);
    }

    /// <summary>Splits lane-wise 4x64-bit words into 29-bit limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FromWords(V w0, V w1, V w2, V w3, out Fp8<TM, TF> r)
    {
        V mask = Mask;
        r.L0 = w0 & mask;
        r.L1 = (w0 >> 29) & mask;
        r.L2 = ((w0 >> 58) | (w1 << 6)) & mask;
        r.L3 = (w1 >> 23) & mask;
        r.L4 = ((w1 >> 52) | (w2 << 12)) & mask;
        r.L5 = (w2 >> 17) & mask;
        r.L6 = ((w2 >> 46) | (w3 << 18)) & mask;
        r.L7 = (w3 >> 11) & mask;
        r.L8 = w3 >> 40;
    }

    /// <summary>Stores lanes 0..7 as eight consecutive 4x64-bit elements; limbs must be normalised (below 2^29).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(in Fp8<TM, TF> a, U256* dst)
    {
        ToPairs(a, out var m0, out var m1, out var m2, out var m3);
        Vector512.Store(m0, (ulong*)dst);
        Vector512.Store(m1, (ulong*)dst + 8);
        Vector512.Store(m2, (ulong*)dst + 16);
        Vector512.Store(m3, (ulong*)dst + 24);
    }

    /// <summary>dst[index[l]] := lane l; limbs must be normalised (below 2^29).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void ScatterAt(in Fp8<TM, TF> a, U256* dst, int* index)
    {
        ToPairs(a, out var m0, out var m1, out var m2, out var m3);
        m0.GetLower().Store((ulong*)(dst + index[0]));
        m0.GetUpper().Store((ulong*)(dst + index[1]));
        m1.GetLower().Store((ulong*)(dst + index[2]));
        m1.GetUpper().Store((ulong*)(dst + index[3]));
        m2.GetLower().Store((ulong*)(dst + index[4]));
        m2.GetUpper().Store((ulong*)(dst + index[5]));
        m3.GetLower().Store((ulong*)(dst + index[6]));
        m3.GetUpper().Store((ulong*)(dst + index[7]));
    }

    /// <summary>Inverse of <see cref="FromPairs"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ToPairs(in Fp8<TM, TF> a, out V m0, out V m1, out V m2, out V m3)
    {
        V w0 = a.L0 | (a.L1 << 29) | (a.L2 << 58);
        V w1 = (a.L2 >> 6) | (a.L3 << 23) | (a.L4 << 52);
        V w2 = (a.L4 >> 12) | (a.L5 << 17) | (a.L6 << 46);
        V w3 = (a.L6 >> 18) | (a.L7 << 11) | (a.L8 << 40);
        V low = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), high = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        V ab03 = Avx512F.PermuteVar8x64x2(w0, low, w1), ab47 = Avx512F.PermuteVar8x64x2(w0, high, w1);
        V cd03 = Avx512F.PermuteVar8x64x2(w2, low, w3), cd47 = Avx512F.PermuteVar8x64x2(w2, high, w3);
        V e01 = Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13), e23 = Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15);
        m0 = Avx512F.PermuteVar8x64x2(ab03, e01, cd03);
        m1 = Avx512F.PermuteVar8x64x2(ab03, e23, cd03);
        m2 = Avx512F.PermuteVar8x64x2(ab47, e01, cd47);
        m3 = Avx512F.PermuteVar8x64x2(ab47, e23, cd47);
    }

    /// <summary>Lane-wise a - p when a &gt;= p (a below 2p, normalised limbs): the canonical representative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReduceOnce(ref Fp8<TM, TF> a)
    {
        V mask = Mask;
        // Signed borrow chain in 64-bit lanes: the arithmetic shift carries -1 on a borrow.
        Vector512<long> s = a.L0.AsInt64() - P0V.AsInt64();
        V d0 = s.AsUInt64() & mask;
        s = a.L1.AsInt64() - P1V.AsInt64() + (s >> 29); V d1 = s.AsUInt64() & mask;
        s = a.L2.AsInt64() - P2V.AsInt64() + (s >> 29); V d2 = s.AsUInt64() & mask;
        s = a.L3.AsInt64() - P3V.AsInt64() + (s >> 29); V d3 = s.AsUInt64() & mask;
        s = a.L4.AsInt64() - P4V.AsInt64() + (s >> 29); V d4 = s.AsUInt64() & mask;
        s = a.L5.AsInt64() - P5V.AsInt64() + (s >> 29); V d5 = s.AsUInt64() & mask;
        s = a.L6.AsInt64() - P6V.AsInt64() + (s >> 29); V d6 = s.AsUInt64() & mask;
        s = a.L7.AsInt64() - P7V.AsInt64() + (s >> 29); V d7 = s.AsUInt64() & mask;
        s = a.L8.AsInt64() - P8V.AsInt64() + (s >> 29); V d8 = s.AsUInt64() & mask;
        V keep = (s >> 63).AsUInt64(); // all ones where a - p went negative, i.e. a < p
        a.L0 = Vector512.ConditionalSelect(keep, a.L0, d0);
        a.L1 = Vector512.ConditionalSelect(keep, a.L1, d1);
        a.L2 = Vector512.ConditionalSelect(keep, a.L2, d2);
        a.L3 = Vector512.ConditionalSelect(keep, a.L3, d3);
        a.L4 = Vector512.ConditionalSelect(keep, a.L4, d4);
        a.L5 = Vector512.ConditionalSelect(keep, a.L5, d5);
        a.L6 = Vector512.ConditionalSelect(keep, a.L6, d6);
        a.L7 = Vector512.ConditionalSelect(keep, a.L7, d7);
        a.L8 = Vector512.ConditionalSelect(keep, a.L8, d8);
    }

    /// <summary>The same element in all eight lanes.</summary>
    public static Fp8<TM, TF> Broadcast(in U256 v)
    {
        FromWords(Vector512.Create(v.L0), Vector512.Create(v.L1), Vector512.Create(v.L2), Vector512.Create(v.L3), out var r);
        return r;
    }

    // 2p limb by limb (not normalised: 2 * the 29-bit limbs of p), for subtraction without underflow.
    private static Vector512<long> TwoP0 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x20000002L : 0x30f9fa8eL); }
    private static Vector512<long> TwoP1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x3e1f593eL : 0x208c16cL); }
    private static Vector512<long> TwoP2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x1cb848a0L : 0x38e5469eL); }
    private static Vector512<long> TwoP3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0xfa121e6L : 0x5aa45a0L); }
    private static Vector512<long> TwoP4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x2b0ba506L : 0x2b0bb2f0L); }
    private static Vector512<long> TwoP5 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x5b68180L : 0x5b68180L); }
    private static Vector512<long> TwoP6 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x14dc282L : 0x14dc282L); }
    private static Vector512<long> TwoP7 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x1cb84c68L : 0x1cb84c68L); }
    private static Vector512<long> TwoP8 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(typeof(TM) == typeof(FrLanes) ? 0x60c89cL : 0x60c89cL); }

    /// <summary>Lane-wise a + b mod p for inputs below 2p; result below 2p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fp8<TM, TF> a, in Fp8<TM, TF> b, out Fp8<TM, TF> r)
    {
        Vector512<long> s0 = a.L0.AsInt64() + b.L0.AsInt64();
        Vector512<long> s1 = a.L1.AsInt64() + b.L1.AsInt64();
        Vector512<long> s2 = a.L2.AsInt64() + b.L2.AsInt64();
        Vector512<long> s3 = a.L3.AsInt64() + b.L3.AsInt64();
        Vector512<long> s4 = a.L4.AsInt64() + b.L4.AsInt64();
        Vector512<long> s5 = a.L5.AsInt64() + b.L5.AsInt64();
        Vector512<long> s6 = a.L6.AsInt64() + b.L6.AsInt64();
        Vector512<long> s7 = a.L7.AsInt64() + b.L7.AsInt64();
        Vector512<long> s8 = a.L8.AsInt64() + b.L8.AsInt64();
        NormaliseBelow2P(s0, s1, s2, s3, s4, s5, s6, s7, s8, out r);
    }

    /// <summary>Lane-wise a - b mod p for inputs below 2p (computed as a + 2p - b); result below 2p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fp8<TM, TF> a, in Fp8<TM, TF> b, out Fp8<TM, TF> r)
    {
        Vector512<long> s0 = a.L0.AsInt64() - b.L0.AsInt64() + TwoP0;
        Vector512<long> s1 = a.L1.AsInt64() - b.L1.AsInt64() + TwoP1;
        Vector512<long> s2 = a.L2.AsInt64() - b.L2.AsInt64() + TwoP2;
        Vector512<long> s3 = a.L3.AsInt64() - b.L3.AsInt64() + TwoP3;
        Vector512<long> s4 = a.L4.AsInt64() - b.L4.AsInt64() + TwoP4;
        Vector512<long> s5 = a.L5.AsInt64() - b.L5.AsInt64() + TwoP5;
        Vector512<long> s6 = a.L6.AsInt64() - b.L6.AsInt64() + TwoP6;
        Vector512<long> s7 = a.L7.AsInt64() - b.L7.AsInt64() + TwoP7;
        Vector512<long> s8 = a.L8.AsInt64() - b.L8.AsInt64() + TwoP8;
        NormaliseBelow2P(s0, s1, s2, s3, s4, s5, s6, s7, s8, out r);
    }

    /// <summary>
    /// Lane-wise a - b - c mod p for a below 2p and b + c below 2p, computed as a + 2p - b - c, which lies in (0, 4p);
    /// result below 2p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubSum(in Fp8<TM, TF> a, in Fp8<TM, TF> b, in Fp8<TM, TF> c, out Fp8<TM, TF> r)
    {
        Vector512<long> s0 = a.L0.AsInt64() - b.L0.AsInt64() - c.L0.AsInt64() + TwoP0;
        Vector512<long> s1 = a.L1.AsInt64() - b.L1.AsInt64() - c.L1.AsInt64() + TwoP1;
        Vector512<long> s2 = a.L2.AsInt64() - b.L2.AsInt64() - c.L2.AsInt64() + TwoP2;
        Vector512<long> s3 = a.L3.AsInt64() - b.L3.AsInt64() - c.L3.AsInt64() + TwoP3;
        Vector512<long> s4 = a.L4.AsInt64() - b.L4.AsInt64() - c.L4.AsInt64() + TwoP4;
        Vector512<long> s5 = a.L5.AsInt64() - b.L5.AsInt64() - c.L5.AsInt64() + TwoP5;
        Vector512<long> s6 = a.L6.AsInt64() - b.L6.AsInt64() - c.L6.AsInt64() + TwoP6;
        Vector512<long> s7 = a.L7.AsInt64() - b.L7.AsInt64() - c.L7.AsInt64() + TwoP7;
        Vector512<long> s8 = a.L8.AsInt64() - b.L8.AsInt64() - c.L8.AsInt64() + TwoP8;
        NormaliseBelow2P(s0, s1, s2, s3, s4, s5, s6, s7, s8, out r);
    }

    /// <summary>
    /// Carries signed limb sums representing a value in [0, 4p) into 29-bit limbs, then subtracts 2p
    /// where the value is at least 2p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NormaliseBelow2P(Vector512<long> s0, Vector512<long> s1, Vector512<long> s2, Vector512<long> s3,
        Vector512<long> s4, Vector512<long> s5, Vector512<long> s6, Vector512<long> s7, Vector512<long> s8, out Fp8<TM, TF> r)
    {
        Vector512<long> mask = Vector512.Create((long)LimbMask);
        s1 += s0 >> 29; s0 &= mask;
        s2 += s1 >> 29; s1 &= mask;
        s3 += s2 >> 29; s2 &= mask;
        s4 += s3 >> 29; s3 &= mask;
        s5 += s4 >> 29; s4 &= mask;
        s6 += s5 >> 29; s5 &= mask;
        s7 += s6 >> 29; s6 &= mask;
        s8 += s7 >> 29; s7 &= mask;
        // Now s0..s7 are 29-bit limbs and s8 the (non-negative) top; try subtracting 2p.
        Vector512<long> d = s0 - TwoP0;
        Vector512<long> d0 = d & mask;
        d = s1 - TwoP1 + (d >> 29);
        Vector512<long> d1 = d & mask;
        d = s2 - TwoP2 + (d >> 29);
        Vector512<long> d2 = d & mask;
        d = s3 - TwoP3 + (d >> 29);
        Vector512<long> d3 = d & mask;
        d = s4 - TwoP4 + (d >> 29);
        Vector512<long> d4 = d & mask;
        d = s5 - TwoP5 + (d >> 29);
        Vector512<long> d5 = d & mask;
        d = s6 - TwoP6 + (d >> 29);
        Vector512<long> d6 = d & mask;
        d = s7 - TwoP7 + (d >> 29);
        Vector512<long> d7 = d & mask;
        d = s8 - TwoP8 + (d >> 29);
        Vector512<long> d8 = d & mask;
        Vector512<long> keep = d >> 63; // value below 2p
        r.L0 = Vector512.ConditionalSelect(keep, s0, d0).AsUInt64();
        r.L1 = Vector512.ConditionalSelect(keep, s1, d1).AsUInt64();
        r.L2 = Vector512.ConditionalSelect(keep, s2, d2).AsUInt64();
        r.L3 = Vector512.ConditionalSelect(keep, s3, d3).AsUInt64();
        r.L4 = Vector512.ConditionalSelect(keep, s4, d4).AsUInt64();
        r.L5 = Vector512.ConditionalSelect(keep, s5, d5).AsUInt64();
        r.L6 = Vector512.ConditionalSelect(keep, s6, d6).AsUInt64();
        r.L7 = Vector512.ConditionalSelect(keep, s7, d7).AsUInt64();
        r.L8 = Vector512.ConditionalSelect(keep, s8, d8).AsUInt64();
    }
}
