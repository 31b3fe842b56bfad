using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace ZkChain.Algebra;

/// <summary>Constants of a 4-limb prime field below 2^255 (so sums never overflow 256 bits).</summary>
internal interface IModulus
{
    static abstract ulong P0 { get; }
    static abstract ulong P1 { get; }
    static abstract ulong P2 { get; }
    static abstract ulong P3 { get; }
    /// <summary>-p^{-1} mod 2^64.</summary>
    static abstract ulong NegInv { get; }
    static abstract ulong R2_0 { get; }
    static abstract ulong R2_1 { get; }
    static abstract ulong R2_2 { get; }
    static abstract ulong R2_3 { get; }
    static abstract ulong One0 { get; }
    static abstract ulong One1 { get; }
    static abstract ulong One2 { get; }
    static abstract ulong One3 { get; }
    /// <summary>Mask for the bits a canonical value may use (used by rejection sampling).</summary>
    static abstract ulong TopMask { get; }
    static abstract string Name { get; }
}

internal struct FrModulus : IModulus
{
    public static ulong P0 => 0x43e1f593f0000001UL;
    public static ulong P1 => 0x2833e84879b97091UL;
    public static ulong P2 => 0xb85045b68181585dUL;
    public static ulong P3 => 0x30644e72e131a029UL;
    public static ulong NegInv => 0xc2e1f593efffffffUL;
    public static ulong R2_0 => 0x1bb8e645ae216da7UL;
    public static ulong R2_1 => 0x53fe3ab1e35c59e3UL;
    public static ulong R2_2 => 0x8c49833d53bb8085UL;
    public static ulong R2_3 => 0x0216d0b17f4e44a5UL;
    public static ulong One0 => 0xac96341c4ffffffbUL;
    public static ulong One1 => 0x36fc76959f60cd29UL;
    public static ulong One2 => 0x666ea36f7879462eUL;
    public static ulong One3 => 0x0e0a77c19a07df2fUL;
    public static ulong TopMask => 0x3fffffffffffffffUL;
    public static string Name => "Fr";
}

internal struct FqModulus : IModulus
{
    public static ulong P0 => 0x3c208c16d87cfd47UL;
    public static ulong P1 => 0x97816a916871ca8dUL;
    public static ulong P2 => 0xb85045b68181585dUL;
    public static ulong P3 => 0x30644e72e131a029UL;
    public static ulong NegInv => 0x87d20782e4866389UL;
    public static ulong R2_0 => 0xf32cfc5b538afa89UL;
    public static ulong R2_1 => 0xb5e71911d44501fbUL;
    public static ulong R2_2 => 0x47ab1eff0a417ff6UL;
    public static ulong R2_3 => 0x06d89f71cab8351fUL;
    public static ulong One0 => 0xd35d438dc58f0d9dUL;
    public static ulong One1 => 0x0a78eb28f5c70b3dUL;
    public static ulong One2 => 0x666ea36f7879462cUL;
    public static ulong One3 => 0x0e0a77c19a07df2fUL;
    public static ulong TopMask => 0x3fffffffffffffffUL;
    public static string Name => "Fq";
}

/// <summary>
/// Montgomery arithmetic shared by Fr and Fq. Generic over a struct so the JIT specialises each
/// instantiation and folds the modulus constants into the code.
/// </summary>
internal static class Mont<TP> where TP : struct, IModulus
{
    public static readonly BigInteger Modulus = new U256(TP.P0, TP.P1, TP.P2, TP.P3).ToBigInteger();

    public static U256 One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(TP.One0, TP.One1, TP.One2, TP.One3);
    }

    /// <summary>True when a &lt; p (a is a valid reduced representative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsReduced(in U256 a)
    {
        ulong b = 0;
        _ = SubB(a.L0, TP.P0, ref b);
        _ = SubB(a.L1, TP.P1, ref b);
        _ = SubB(a.L2, TP.P2, ref b);
        _ = SubB(a.L3, TP.P3, ref b);
        return b != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddC(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b;
        ulong c1 = s < a ? 1UL : 0UL;
        ulong r = s + carry;
        carry = c1 | (r < s ? 1UL : 0UL);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubB(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b;
        ulong b1 = a < b ? 1UL : 0UL;
        ulong r = d - borrow;
        borrow = b1 | (d < borrow ? 1UL : 0UL);
        return r;
    }

    /// <summary>r = t - p if t >= p else t (t &lt; 2p), branch free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce(ulong t0, ulong t1, ulong t2, ulong t3, out U256 r)
    {
        ulong b = 0;
        ulong s0 = SubB(t0, TP.P0, ref b);
        ulong s1 = SubB(t1, TP.P1, ref b);
        ulong s2 = SubB(t2, TP.P2, ref b);
        ulong s3 = SubB(t3, TP.P3, ref b);
        ulong keep = 0UL - b; // all ones when t < p
        r.L0 = (t0 & keep) | (s0 & ~keep);
        r.L1 = (t1 & keep) | (s1 & ~keep);
        r.L2 = (t2 & keep) | (s2 & ~keep);
        r.L3 = (t3 & keep) | (s3 & ~keep);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in U256 a, in U256 b, out U256 r)
    {
        // p < 2^254, so a + b < 2^255 never carries out of the top limb.
        ulong c = 0;
        ulong t0 = AddC(a.L0, b.L0, ref c);
        ulong t1 = AddC(a.L1, b.L1, ref c);
        ulong t2 = AddC(a.L2, b.L2, ref c);
        ulong t3 = a.L3 + b.L3 + c;
        Reduce(t0, t1, t2, t3, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in U256 a, out U256 r)
    {
        ulong t0 = a.L0 << 1;
        ulong t1 = (a.L1 << 1) | (a.L0 >> 63);
        ulong t2 = (a.L2 << 1) | (a.L1 >> 63);
        ulong t3 = (a.L3 << 1) | (a.L2 >> 63);
        Reduce(t0, t1, t2, t3, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in U256 a, in U256 b, out U256 r)
    {
        ulong br = 0;
        ulong t0 = SubB(a.L0, b.L0, ref br);
        ulong t1 = SubB(a.L1, b.L1, ref br);
        ulong t2 = SubB(a.L2, b.L2, ref br);
        ulong t3 = SubB(a.L3, b.L3, ref br);
        ulong m = 0UL - br; // add p back when it borrowed
        ulong c = 0;
        r.L0 = AddC(t0, TP.P0 & m, ref c);
        r.L1 = AddC(t1, TP.P1 & m, ref c);
        r.L2 = AddC(t2, TP.P2 & m, ref c);
        r.L3 = t3 + (TP.P3 & m) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in U256 a, out U256 r)
    {
        ulong br = 0;
        ulong t0 = SubB(TP.P0, a.L0, ref br);
        ulong t1 = SubB(TP.P1, a.L1, ref br);
        ulong t2 = SubB(TP.P2, a.L2, ref br);
        ulong t3 = SubB(TP.P3, a.L3, ref br);
        // -0 must stay 0, not p.
        ulong nz = a.IsZero ? 0UL : ~0UL;
        r.L0 = t0 & nz; r.L1 = t1 & nz; r.L2 = t2 & nz; r.L3 = t3 & nz;
    }

    /// <summary>
    /// hi:lo = a*b. With BMI2 the low word comes from a plain imul and the high word from mulx
    /// (<see cref="Bmi2.X64.MultiplyNoFlags(ulong, ulong)"/>): <c>Math.BigMul(a, b, out lo)</c> makes the
    /// JIT pass every low word through a stack slot (measured equal speed, more memory traffic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulWide(ulong a, ulong b, out ulong lo)
    {
        if (Bmi2.X64.IsSupported)
        {
            lo = a * b;
            return Bmi2.X64.MultiplyNoFlags(a, b);
        }
        return Math.BigMul(a, b, out lo);
    }

    // Carries below are written "if (sum < addend) hi++": the JIT turns that into lea + cmp + cmov, a
    // two-cycle dependency instead of cmp/setb/movzx/add (measured 32 -> 27 ns per product in one run).

    // hi:lo = a*b + c
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Madd1(ulong a, ulong b, ulong c, out ulong lo)
    {
        ulong hi = MulWide(a, b, out ulong l);
        l += c;
        if (l < c) hi++;
        lo = l;
        return hi;
    }

    // hi:lo = a*b + c + d (cannot overflow 128 bits)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Madd2(ulong a, ulong b, ulong c, ulong d, out ulong lo)
    {
        ulong hi = MulWide(a, b, out ulong l);
        l += c;
        if (l < c) hi++;
        l += d;
        if (l < d) hi++;
        lo = l;
        return hi;
    }

    /// <summary>
    /// Carry word of m*p0 + t0 where m = t0 * (-p^-1) mod 2^64: the low word is zero by construction,
    /// so it carries exactly when t0 is non-zero and only the high word of m*p0 is needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReduceLow(ulong m, ulong t0)
    {
        ulong hi = Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(m, TP.P0) : Math.BigMul(m, TP.P0, out _);
        if (t0 != 0) hi++;
        return hi;
    }

    /// <summary>
    /// Montgomery product a*b*R^{-1} mod p: CIOS with the "no-carry" shortcut (gnark), valid because
    /// the top limb of p is below (2^64 - 1)/2 - 1 (both BN254 primes have top limb 0x30644e72...), so
    /// the per-row carry words never overflow. The modulus limbs are compile-time constants of each
    /// instantiation (static abstract members fold to immediates), fully unrolled 4x4.
    /// Deliberately not force-inlined: callers such as point formulas contain a dozen products and
    /// inlining them all exhausts the JIT's inline budget, after which the small carry helpers
    /// below stop being inlined (measured ~3x slower curve arithmetic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // optimised from the first call: no slow Tier-0 phase at startup
    public static void Mul(in U256 x, in U256 y, out U256 z)
    {
        ulong t0, t1, t2, t3, a, c, m, yi;
        ulong x0 = x.L0, x1 = x.L1, x2 = x.L2, x3 = x.L3;

        yi = y.L0;
        a = MulWide(x0, yi, out t0);
        m = t0 * TP.NegInv;
        c = ReduceLow(m, t0);
        a = Madd1(x1, yi, a, out t1);
        c = Madd2(m, TP.P1, t1, c, out t0);
        a = Madd1(x2, yi, a, out t2);
        c = Madd2(m, TP.P2, t2, c, out t1);
        a = Madd1(x3, yi, a, out t3);
        c = Madd2(m, TP.P3, t3, c, out t2);
        t3 = c + a;

        yi = y.L1;
        a = Madd1(x0, yi, t0, out t0);
        m = t0 * TP.NegInv;
        c = ReduceLow(m, t0);
        a = Madd2(x1, yi, a, t1, out t1);
        c = Madd2(m, TP.P1, t1, c, out t0);
        a = Madd2(x2, yi, a, t2, out t2);
        c = Madd2(m, TP.P2, t2, c, out t1);
        a = Madd2(x3, yi, a, t3, out t3);
        c = Madd2(m, TP.P3, t3, c, out t2);
        t3 = c + a;

        yi = y.L2;
        a = Madd1(x0, yi, t0, out t0);
        m = t0 * TP.NegInv;
        c = ReduceLow(m, t0);
        a = Madd2(x1, yi, a, t1, out t1);
        c = Madd2(m, TP.P1, t1, c, out t0);
        a = Madd2(x2, yi, a, t2, out t2);
        c = Madd2(m, TP.P2, t2, c, out t1);
        a = Madd2(x3, yi, a, t3, out t3);
        c = Madd2(m, TP.P3, t3, c, out t2);
        t3 = c + a;

        yi = y.L3;
        a = Madd1(x0, yi, t0, out t0);
        m = t0 * TP.NegInv;
        c = ReduceLow(m, t0);
        a = Madd2(x1, yi, a, t1, out t1);
        c = Madd2(m, TP.P1, t1, c, out t0);
        a = Madd2(x2, yi, a, t2, out t2);
        c = Madd2(m, TP.P2, t2, c, out t1);
        a = Madd2(x3, yi, a, t3, out t3);
        c = Madd2(m, TP.P3, t3, c, out t2);
        t3 = c + a;

        Reduce(t0, t1, t2, t3, out z);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Square(in U256 x, out U256 z) => Mul(x, x, out z);

    public static void ToMontgomery(in U256 canonical, out U256 r) =>
        Mul(canonical, new U256(TP.R2_0, TP.R2_1, TP.R2_2, TP.R2_3), out r);

    public static void FromMontgomery(in U256 mont, out U256 r) => Mul(mont, new U256(1, 0, 0, 0), out r);

    public static void Pow(in U256 a, BigInteger e, out U256 r)
    {
        if (e.Sign < 0)
        {
            Inverse(a, out var inv);
            Pow(inv, -e, out r);
            return;
        }
        if (e.IsZero) { r = One; return; }
        U256 acc = One;
        long bits = (long)e.GetBitLength();
        byte[] eb = e.ToByteArray(isUnsigned: true, isBigEndian: false);
        for (long i = bits - 1; i >= 0; i--)
        {
            Square(acc, out acc);
            if (((eb[i >> 3] >> (int)(i & 7)) & 1) != 0) Mul(acc, a, out acc);
        }
        r = acc;
    }

    // R^3 mod p in plain form, i.e. the Montgomery form of R^2: turns a plain inverse of a Montgomery value into a Montgomery inverse.
    private static readonly U256 R3 = ComputeR3();

    private static U256 ComputeR3()
    {
        var r2 = new U256(TP.R2_0, TP.R2_1, TP.R2_2, TP.R2_3);
        Mul(r2, r2, out var r3);
        return r3;
    }

    /// <summary>
    /// Inverse by Pornin's optimised binary GCD (eprint 2020/972, Algorithm 2 with k = 32; variable time, like the
    /// bucket additions that call it): 31 binary-GCD steps at a time run on 64-bit approximations of (a, b) built
    /// from their top 33 and low 31 bits, without branches, and the resulting 2x2 matrix is applied to the full
    /// values once per 31 steps. About 18 rounds instead of ~500 full-width steps of the plain binary Euclid.
    /// For a stored value x = aR the plain inverse is a^-1 R^-1; one Montgomery product with R^3 gives a^-1 R.
    /// Throws on zero.
    /// </summary>
    public static void Inverse(in U256 x, out U256 r)
    {
        if (x.IsZero) throw new DivideByZeroException($"{TP.Name}: zero has no inverse");
        // Invariants (mod p): a = u x, b = v x; b stays odd; gcd(a, b) = 1.
        U256 a = x, b = new(TP.P0, TP.P1, TP.P2, TP.P3);
        U256 u = new(1, 0, 0, 0), v = default;
        // Each round shortens len(a) + len(b) by about 31 bits (about 17 rounds); the cap only guards against a hang.
        for (int round = 0; !a.IsZero; round++)
        {
            if (round == 64) throw new InvalidOperationException($"{TP.Name}: inverse did not converge (not reduced below p?)");
            int n = Math.Max(Math.Max(BitLength(a), BitLength(b)), 64);
            ulong aa = (a.L0 & 0x7FFFFFFF) | (Bits33(a, n - 33) << 31);
            ulong bb = (b.L0 & 0x7FFFFFFF) | (Bits33(b, n - 33) << 31);
            long f0 = 1, g0 = 0, f1 = 0, g1 = 1;
            for (int i = 0; i < 31; i++)
            {
                // If aa is odd: swap when aa < bb, then aa -= bb; always halve aa and double (f1, g1).
                ulong odd = 0UL - (aa & 1);
                ulong swap = odd & (0UL - (aa < bb ? 1UL : 0UL));
                ulong t = (aa ^ bb) & swap; aa ^= t; bb ^= t;
                long ls = (long)swap;
                long tf = (f0 ^ f1) & ls; f0 ^= tf; f1 ^= tf;
                long tg = (g0 ^ g1) & ls; g0 ^= tg; g1 ^= tg;
                aa -= bb & odd;
                f0 -= f1 & (long)odd;
                g0 -= g1 & (long)odd;
                aa >>= 1;
                f1 <<= 1;
                g1 <<= 1;
            }
            // (a, b) <- ((f0 a + g0 b) / 2^31, (f1 a + g1 b) / 2^31), exact; a negative result flips its row's sign.
            var na = LinComb(a, f0, b, g0);
            var nb = LinComb(a, f1, b, g1);
            if (na.Negative) { na = na.Negate(); f0 = -f0; g0 = -g0; }
            if (nb.Negative) { nb = nb.Negate(); f1 = -f1; g1 = -g1; }
            a = na.ShiftRight31().Low;
            b = nb.ShiftRight31().Low;
            var nu = ModLinCombDiv31(u, f0, v, g0);
            v = ModLinCombDiv31(u, f1, v, g1);
            u = nu;
        }
        Mul(v, R3, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BitLength(in U256 a) =>
        a.L3 != 0 ? 256 - BitOperations.LeadingZeroCount(a.L3)
        : a.L2 != 0 ? 192 - BitOperations.LeadingZeroCount(a.L2)
        : a.L1 != 0 ? 128 - BitOperations.LeadingZeroCount(a.L1)
        : 64 - BitOperations.LeadingZeroCount(a.L0);

    /// <summary>Bits pos .. pos + 32 of a (pos &lt;= 223).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits33(in U256 a, int pos)
    {
        int limb = pos >> 6, sh = pos & 63;
        ulong lo = Limb(a, limb), hi = limb < 3 ? Limb(a, limb + 1) : 0;
        ulong w = sh == 0 ? lo : (lo >> sh) | (hi << (64 - sh));
        return w & 0x1FFFFFFFFUL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Limb(in U256 a, int i) => i switch { 0 => a.L0, 1 => a.L1, 2 => a.L2, _ => a.L3 };

    /// <summary>x f + y g for |f|, |g| &lt;= 2^31, as a signed 320-bit value.</summary>
    private static S320 LinComb(in U256 x, long f, in U256 y, long g) => S320.Mul(x, f).Add(S320.Mul(y, g));

    /// <summary>(u f + v g) / 2^31 mod p for u, v in [0, p): Montgomery-style, adding t p that clears the low 31 bits.</summary>
    private static U256 ModLinCombDiv31(in U256 u, long f, in U256 v, long g)
    {
        var w = LinComb(u, f, v, g);
        ulong t = (w.W0 * TP.NegInv) & 0x7FFFFFFF;
        var p = new U256(TP.P0, TP.P1, TP.P2, TP.P3);
        // |w| < 2^32 p and t p < 2^31 p, so the quotient lies in (-2p, 3p).
        var q = w.Add(S320.Mul(p, (long)t)).ShiftRight31();
        while (q.Negative) q = q.Add(S320.FromU256(p));
        var pNeg = S320.FromU256(p).Negate();
        while (q.W4 != 0 || GreaterOrEqual(q.Low, p)) q = q.Add(pNeg);
        return q.Low;
    }

    /// <summary>A signed 320-bit integer in two's complement (the inverse's intermediate values).</summary>
    private readonly struct S320(ulong w0, ulong w1, ulong w2, ulong w3, ulong w4)
    {
        public readonly ulong W0 = w0, W1 = w1, W2 = w2, W3 = w3, W4 = w4;

        public bool Negative => (long)W4 < 0;
        public U256 Low => new(W0, W1, W2, W3);

        public static S320 FromU256(in U256 x) => new(x.L0, x.L1, x.L2, x.L3, 0);

        /// <summary>x f for x &lt; 2^256 and |f| &lt; 2^63.</summary>
        public static S320 Mul(in U256 x, long f)
        {
            ulong m = (ulong)Math.Abs(f);
            ulong h0 = Math.BigMul(x.L0, m, out ulong w0);
            ulong h1 = Math.BigMul(x.L1, m, out ulong l1);
            ulong h2 = Math.BigMul(x.L2, m, out ulong l2);
            ulong h3 = Math.BigMul(x.L3, m, out ulong l3);
            ulong c = 0;
            ulong w1 = AddC(l1, h0, ref c);
            ulong w2 = AddC(l2, h1, ref c);
            ulong w3 = AddC(l3, h2, ref c);
            ulong w4 = h3 + c;
            var r = new S320(w0, w1, w2, w3, w4);
            return f < 0 ? r.Negate() : r;
        }

        public S320 Add(in S320 o)
        {
            ulong c = 0;
            ulong w0 = AddC(W0, o.W0, ref c);
            ulong w1 = AddC(W1, o.W1, ref c);
            ulong w2 = AddC(W2, o.W2, ref c);
            ulong w3 = AddC(W3, o.W3, ref c);
            return new S320(w0, w1, w2, w3, W4 + o.W4 + c);
        }

        public S320 Negate()
        {
            ulong c = 1;
            ulong w0 = AddC(~W0, 0, ref c);
            ulong w1 = AddC(~W1, 0, ref c);
            ulong w2 = AddC(~W2, 0, ref c);
            ulong w3 = AddC(~W3, 0, ref c);
            return new S320(w0, w1, w2, w3, ~W4 + c);
        }

        /// <summary>Arithmetic shift right by 31.</summary>
        public S320 ShiftRight31() => new(
            (W0 >> 31) | (W1 << 33), (W1 >> 31) | (W2 << 33), (W2 >> 31) | (W3 << 33), (W3 >> 31) | (W4 << 33), (ulong)((long)W4 >> 31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool GreaterOrEqual(in U256 a, in U256 b)
    {
        ulong br = 0;
        _ = SubB(a.L0, b.L0, ref br);
        _ = SubB(a.L1, b.L1, ref br);
        _ = SubB(a.L2, b.L2, ref br);
        _ = SubB(a.L3, b.L3, ref br);
        return br == 0;
    }

    public static void FromBigInteger(BigInteger v, out U256 r)
    {
        var red = BigInteger.Remainder(v, Modulus);
        if (red.Sign < 0) red += Modulus;
        ToMontgomery(U256.FromBigInteger(red), out r);
    }

    public static bool TryFromCanonical(BigInteger v, out U256 r)
    {
        if (v.Sign < 0 || v >= Modulus) { r = default; return false; }
        ToMontgomery(U256.FromBigInteger(v), out r);
        return true;
    }

    public static BigInteger ToBigInteger(in U256 a)
    {
        FromMontgomery(a, out var c);
        return c.ToBigInteger();
    }

    public static void Random(out U256 r)
    {
        // Uniform canonical value by rejection; Montgomery form is a bijection so storing it
        // directly as the Montgomery representation keeps the distribution uniform.
        Span<byte> buf = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(buf);
            var c = U256.ReadLE(buf);
            c.L3 &= TP.TopMask;
            if (IsReduced(c)) { r = c; return; }
        }
    }

    private static void CheckLength(ReadOnlySpan<byte> src, string name)
    {
        if (src.Length != 32) throw new ArgumentException($"{TP.Name} encoding must be exactly 32 bytes, got {src.Length}", name);
    }

    private static void CheckDst(Span<byte> dst, string name)
    {
        if (dst.Length < 32) throw new ArgumentException($"destination must hold 32 bytes, has {dst.Length}", name);
    }

    public static void WriteMontgomeryLE(in U256 a, Span<byte> dst)
    {
        CheckDst(dst, nameof(dst));
        a.WriteLE(dst);
    }

    public static void ReadMontgomeryLE(ReadOnlySpan<byte> src, out U256 r)
    {
        CheckLength(src, nameof(src));
        r = U256.ReadLE(src);
        if (!IsReduced(r)) throw new InvalidDataException($"{TP.Name} element (Montgomery form) is not below the modulus");
    }

    public static void WriteCanonicalLE(in U256 a, Span<byte> dst)
    {
        CheckDst(dst, nameof(dst));
        FromMontgomery(a, out var c);
        c.WriteLE(dst);
    }

    public static void WriteCanonicalBE(in U256 a, Span<byte> dst)
    {
        CheckDst(dst, nameof(dst));
        FromMontgomery(a, out var c);
        c.WriteBE(dst);
    }

    public static void ReadCanonicalLE(ReadOnlySpan<byte> src, out U256 r)
    {
        CheckLength(src, nameof(src));
        var c = U256.ReadLE(src);
        if (!IsReduced(c)) throw new InvalidDataException($"{TP.Name} element is not below the modulus");
        ToMontgomery(c, out r);
    }

    public static void ReadCanonicalBE(ReadOnlySpan<byte> src, out U256 r)
    {
        CheckLength(src, nameof(src));
        var c = U256.ReadBE(src);
        if (!IsReduced(c)) throw new InvalidDataException($"{TP.Name} element is not below the modulus");
        ToMontgomery(c, out r);
    }
}
