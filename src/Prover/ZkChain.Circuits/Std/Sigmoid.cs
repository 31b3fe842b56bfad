using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Circuits.Std;

/// <summary>
/// Logistic sigmoid σ(x) = 1/(1 + e^−x) on fixed-point values (twin: <see cref="Sigmoid.Native"/>, bit-identical).
/// Definition (integers at scale 2^F): the table Y[s] = round(σ(−8 + s/2)·2^F) (exact, half away from zero; see Knot) for s = 0..32 (33 knots, 32 chords of
/// width 1/2 on [−8, 8)). For v = x + 8·2^F in [0, 16·2^F): s = v >> (F−1), o = (v mod 2^(F−1)) >> (F−1−m) with
/// m = min(10, F−1), result = Y[s] + floor((Y[s+1] − Y[s])·o / 2^m). Below −8 the result is Y[0], at or above 8 it is Y[32].
/// Max absolute error against the true σ for F = 16: 0.00307 (at x ≈ 1.25; chord error plus quantisation; the tests
/// assert &lt; 0.0035 on a dense grid over [−12, 12]); the output is non-decreasing in x. Logistic regression trained
/// with it in fixed point matches float64 accuracy within 1 percentage point (SigmoidTrainingTests).
/// Requires F ≥ 2 and B ≥ F + 4.
/// Costs: <see cref="Apply"/> = (B + 1) for the input's bit decomposition + 2 (range test) + 26 (segment lookup)
/// + 1 (slope·offset) + (nP + 1) (its floor; nP = bit length of max slope·(2^m − 1), 23 for F = 16) + 1 (select):
/// for F = 16, B = 40: 95. <see cref="ApplyWide"/> takes an untruncated product sum at scale 2^(2F) and shares one
/// decomposition for the truncation and the sigmoid: (B + F + 1) + 54 = 111 for F = 16, B = 40.
/// </summary>
public static class Sigmoid
{
    private const int Segments = 32, SegmentBits = 5;

    private sealed record Table(BigInteger[] Y, int M, int NProductBits);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Table> Tables = new();

    private static Table For(int f)
    {
        if (f < 2 || f > 60) throw new ArgumentOutOfRangeException(nameof(f), "sigmoid needs 2 ≤ F ≤ 60");
        return Tables.GetOrAdd(f, static f =>
        {
            var y = new BigInteger[Segments + 1];
            for (int s = 0; s <= Segments; s++) y[s] = Knot(s, f);
            int m = Math.Min(10, f - 1);
            BigInteger maxD = 0;
            for (int s = 0; s < Segments; s++) maxD = BigInteger.Max(maxD, y[s + 1] - y[s]);
            int nP = (int)(maxD * ((BigInteger.One << m) - 1)).GetBitLength();
            return new Table(y, m, Math.Max(nP, m));
        });
    }

    /// <summary>
    /// Y[s] = round-half-away(σ(−8 + s/2)·2^F), computed exactly with integers so that every machine builds the same
    /// table (Math.Exp may differ in the last ulp between platforms, and a double cannot hold 2^F·σ for large F).
    /// Interval arithmetic: with P fractional bits, e^(1/2) is bracketed by its Taylor series (truncation and tail
    /// bounded), powers and reciprocals are rounded outwards, and σ·2^F is decreasing in t = e^−x, so rounding both
    /// ends gives the answer when they agree; otherwise P grows. For s = 16 (σ(0) = 1/2) the bracket is exact.
    /// </summary>
    public static BigInteger Knot(int s, int f)
    {
        if (f < 2 || f > 60) throw new ArgumentOutOfRangeException(nameof(f), "sigmoid needs 2 ≤ F ≤ 60");
        if (s < 0 || s > Segments) throw new ArgumentOutOfRangeException(nameof(s), $"knot index must be 0..{Segments}");
        int m = 16 - s; // t = e^(−x) = e^(m/2), x = −8 + s/2
        for (int p = f + 64; ; p += 64)
        {
            var one = BigInteger.One << p;
            var (eLo, eHi) = ExpHalf(p);
            BigInteger tLo = one, tHi = one; // e^(|m|/2), bracketed
            for (int i = 0; i < Math.Abs(m); i++)
            {
                tLo = (tLo * eLo) >> p;
                tHi = CeilShift(tHi * eHi, p);
            }
            if (m < 0) (tLo, tHi) = (one * one / tHi, CeilDiv(one * one, tLo));
            // round(2^(F+P) / (2^P + T)) = floor((2^(F+P+1) + 2^P + T) / (2·(2^P + T))), decreasing in T.
            BigInteger Rounded(BigInteger t) => ((BigInteger.One << (f + p + 1)) + one + t) / (2 * (one + t));
            var lo = Rounded(tHi);
            if (lo == Rounded(tLo)) return lo;
        }
    }

    /// <summary>[lo, hi] ∋ e^(1/2)·2^p: Σ 2^−k/k! with each term floored (error ≤ 1 per term) plus the tail bound.</summary>
    private static (BigInteger Lo, BigInteger Hi) ExpHalf(int p)
    {
        var term = BigInteger.One << p;
        BigInteger sum = 0;
        int k = 0, terms = 0;
        while (!term.IsZero)
        {
            sum += term;
            terms++;
            k++;
            term /= 2 * k; // floor(2^p·2^−k/k!) from the previous floor: still a lower bound
        }
        // Each computed term is below the true one by e_k ≤ 1 + e_(k−1)/(2k) ≤ 2; when a computed term hits zero the
        // true one is < 2, and the tail from there (ratios ≤ 1/2) is < 4. So the truth lies in [sum, sum + 2·terms + 4].
        return (sum, sum + 2 * terms + 4);
    }

    private static BigInteger CeilShift(BigInteger v, int p) => -((-v) >> p);

    private static BigInteger CeilDiv(BigInteger a, BigInteger b) => (a + b - 1) / b;

    /// <summary>σ(x) for x at scale 2^F within the format's B bits (range-checked here).</summary>
    public static Variable Apply(IApi api, FixedPointFormat fmt, Variable x)
    {
        Check(fmt);
        var fp = new FixedPoint(api, fmt);
        var (_, bits) = fp.Decompose(x, 0);
        return FromOffsetBits(api, fmt, bits);
    }

    /// <summary>
    /// z = floor(wide / 2^F) (checked to B bits) and σ(z), for wide = a product sum at scale 2^(2F).
    /// </summary>
    public static (Variable Sigmoid, Variable Z) ApplyWide(IApi api, FixedPointFormat fmt, Variable wide)
    {
        Check(fmt);
        var fp = new FixedPoint(api, fmt);
        var (z, bits) = fp.Decompose(wide, fmt.FractionalBits);
        return (FromOffsetBits(api, fmt, bits), z);
    }

    private static void Check(FixedPointFormat fmt)
    {
        if (fmt.TotalBits < fmt.FractionalBits + 4) throw new ArgumentException("sigmoid needs B ≥ F + 4", nameof(fmt));
    }

    /// <summary>u = x + 2^(B−1) as B little-endian bits (already constrained boolean).</summary>
    private static Variable FromOffsetBits(IApi api, FixedPointFormat fmt, Variable[] u)
    {
        int f = fmt.FractionalBits, b = fmt.TotalBits;
        var tab = For(f);
        var sign = u[b - 1]; // 1 for x ≥ 0
        // In range [−8, 8) iff bits F+3..B−2 are all 0 (x ≥ 0) or all 1 (x < 0).
        int k = b - f - 4;
        var highBits = u[(f + 3)..(b - 1)];
        var high = Variable.LinearSum(highBits, Enumerable.Repeat(Fr.One, highBits.Length).ToArray());
        var t = api.Sub(high, api.Mul(api.Constant(k), api.Sub(api.Constant(1), sign)));
        var inRange = api.IsZero(t);
        // v = x + 8·2^F has bits u[0..F+2] and sign on top.
        var v = new Variable[f + 4];
        Array.Copy(u, v, f + 3);
        v[f + 3] = sign;
        var seg = v[(f - 1)..];            // 5 bits: segment index
        int m = tab.M;
        var o = v[(f - 1 - m)..(f - 1)];   // m bits: offset inside the segment
        // Multilinear lookup of Y[s] and D[s] = Y[s+1] − Y[s] over the 5 segment bits.
        var mono = new Variable[Segments];
        mono[0] = api.Constant(1);
        for (int mask = 1; mask < Segments; mask++)
        {
            int top = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)mask);
            int rest = mask & ~(1 << top);
            mono[mask] = rest == 0 ? seg[top] : api.Mul(mono[rest], seg[top]);
        }
        var yCoef = Mobius(s => tab.Y[s]);
        var dCoef = Mobius(s => tab.Y[s + 1] - tab.Y[s]);
        var yv = Variable.LinearSum(mono, yCoef.Select(Fr.FromBigInteger).ToArray());
        var dv = Variable.LinearSum(mono, dCoef.Select(Fr.FromBigInteger).ToArray());
        var oVal = api.FromBinary(o);
        var p = api.Mul(dv, oVal);
        var pBits = api.ToBinary(p, tab.NProductBits);
        var corr = api.FromBinary(pBits[m..]);
        var y = api.Add(yv, corr);
        var sat = api.Add(api.Constant(Fr.FromBigInteger(tab.Y[0])), api.Mul(api.Constant(Fr.FromBigInteger(tab.Y[Segments] - tab.Y[0])), sign));
        return api.Select(inRange, y, sat);
    }

    private static BigInteger[] Mobius(Func<int, BigInteger> f)
    {
        var c = new BigInteger[Segments];
        for (int s = 0; s < Segments; s++) c[s] = f(s);
        for (int bit = 0; bit < SegmentBits; bit++)
            for (int mask = 0; mask < Segments; mask++)
                if ((mask & (1 << bit)) != 0) c[mask] -= c[mask ^ (1 << bit)];
        return c;
    }

    /// <summary>The plain C# twin.</summary>
    public static class Native
    {
        /// <summary>σ(x) for raw x at scale 2^F (x must fit the format's B bits, as the circuit requires).</summary>
        public static BigInteger Apply(FixedPointFormat fmt, BigInteger x)
        {
            Check(fmt);
            FixedPoint.Native.CheckBound(fmt, x);
            int f = fmt.FractionalBits;
            var tab = For(f);
            var eight = BigInteger.One << (f + 3);
            if (x < -eight) return tab.Y[0];
            if (x >= eight) return tab.Y[Segments];
            var v = x + eight;
            int s = (int)(v >> (f - 1));
            var o = (v & ((BigInteger.One << (f - 1)) - 1)) >> (f - 1 - tab.M);
            return tab.Y[s] + (((tab.Y[s + 1] - tab.Y[s]) * o) >> tab.M);
        }

        /// <summary>(σ(z), z) with z = floor(wide / 2^F) checked to B bits.</summary>
        public static (BigInteger Sigmoid, BigInteger Z) ApplyWide(FixedPointFormat fmt, BigInteger wide)
        {
            var z = FixedPoint.Native.Rescale(fmt, wide);
            return (Apply(fmt, z), z);
        }
    }
}
