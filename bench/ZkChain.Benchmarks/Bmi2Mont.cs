using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using ZkChain.Algebra;

namespace ZkChain.Benchmarks;

/// <summary>The library's CIOS Montgomery product for Fq with mulx (Bmi2.X64.MultiplyNoFlags) instead of Math.BigMul; for comparison only.</summary>
internal static unsafe class Bmi2Mont
{
    private const ulong P0 = 0x3c208c16d87cfd47UL, P1 = 0x97816a916871ca8dUL, P2 = 0xb85045b68181585dUL, P3 = 0x30644e72e131a029UL;
    private const ulong NegInv = 0x87d20782e4866389UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong M(ulong a, ulong b, out ulong lo)
    {
        if (Bmi2.X64.IsSupported)
        {
            ulong l;
            ulong h = Bmi2.X64.MultiplyNoFlags(a, b, &l);
            lo = l;
            return h;
        }
        return Math.BigMul(a, b, out lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Madd1(ulong a, ulong b, ulong c, out ulong lo)
    {
        ulong hi = M(a, b, out ulong l);
        l += c; hi += l < c ? 1UL : 0UL; lo = l; return hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Madd2(ulong a, ulong b, ulong c, ulong d, out ulong lo)
    {
        ulong hi = M(a, b, out ulong l);
        c += d; hi += c < d ? 1UL : 0UL;
        l += c; hi += l < c ? 1UL : 0UL; lo = l; return hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ulong x0, ulong x1, ulong x2, ulong x3, ulong yi, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, bool first)
    {
        ulong a, c, m;
        if (first) a = M(x0, yi, out t0); else a = Madd1(x0, yi, t0, out t0);
        m = t0 * NegInv;
        c = Madd1(m, P0, t0, out _);
        a = first ? Madd1(x1, yi, a, out t1) : Madd2(x1, yi, a, t1, out t1);
        c = Madd2(m, P1, t1, c, out t0);
        a = first ? Madd1(x2, yi, a, out t2) : Madd2(x2, yi, a, t2, out t2);
        c = Madd2(m, P2, t2, c, out t1);
        a = first ? Madd1(x3, yi, a, out t3) : Madd2(x3, yi, a, t3, out t3);
        c = Madd2(m, P3, t3, c, out t2);
        t3 = c + a;
    }

    public static void Mul(in U256 x, in U256 y, out U256 z)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        Round(x.L0, x.L1, x.L2, x.L3, y.L0, ref t0, ref t1, ref t2, ref t3, true);
        Round(x.L0, x.L1, x.L2, x.L3, y.L1, ref t0, ref t1, ref t2, ref t3, false);
        Round(x.L0, x.L1, x.L2, x.L3, y.L2, ref t0, ref t1, ref t2, ref t3, false);
        Round(x.L0, x.L1, x.L2, x.L3, y.L3, ref t0, ref t1, ref t2, ref t3, false);
        // conditional subtraction
        ulong b = 0, s0, s1, s2, s3;
        s0 = t0 - P0; b = t0 < P0 ? 1UL : 0UL;
        s1 = t1 - P1 - b; b = (t1 < P1 || (t1 == P1 && b == 1)) ? 1UL : 0UL;
        s2 = t2 - P2 - b; b = (t2 < P2 || (t2 == P2 && b == 1)) ? 1UL : 0UL;
        s3 = t3 - P3 - b; b = (t3 < P3 || (t3 == P3 && b == 1)) ? 1UL : 0UL;
        ulong keep = 0UL - b;
        z = new U256((t0 & keep) | (s0 & ~keep), (t1 & keep) | (s1 & ~keep), (t2 & keep) | (s2 & ~keep), (t3 & keep) | (s3 & ~keep));
    }
}
