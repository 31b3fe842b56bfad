using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Circuits.Std;

/// <summary>Signed integers as field elements: x ≥ (r+1)/2 stands for x − r (the field's upper half is negative).</summary>
public static class Signed
{
    private static readonly BigInteger Half = (Fr.Modulus + 1) / 2;

    public static Fr ToField(BigInteger v) => Fr.FromBigInteger(v);

    public static BigInteger FromField(Fr x)
    {
        var v = x.ToBigInteger();
        return v >= Half ? v - Fr.Modulus : v;
    }

    /// <summary>Floor division by 2^k (rounds toward −∞, like the circuits' truncations).</summary>
    public static BigInteger FloorShift(BigInteger v, int k) => v >> k; // BigInteger's >> is arithmetic (floor)

    /// <summary>True when −2^(bits−1) ≤ v &lt; 2^(bits−1).</summary>
    public static bool Fits(BigInteger v, int bits) => v >= -(BigInteger.One << (bits - 1)) && v < BigInteger.One << (bits - 1);
}

/// <summary>
/// Comparisons on bounded values. <c>LessThan(a, b, n)</c> needs a − b ∈ [−2^n, 2^n): this holds for unsigned
/// n-bit inputs and for signed n-bit inputs (two's-complement range [−2^(n−1), 2^(n−1))). Inputs whose difference is
/// outside that range make the circuit unsatisfiable (never a wrong answer). Native twins throw
/// <see cref="OverflowException"/> in that case. Cost of LessThan / LessOrEqual: n + 2 constraints (n ≤ 252).
/// </summary>
public static class Comparison
{
    /// <summary>1 when a &lt; b, else 0 (n + 2 constraints).</summary>
    public static Variable LessThan(IApi api, Variable a, Variable b, int nBits)
    {
        if (nBits < 1 || nBits > 252) throw new ArgumentOutOfRangeException(nameof(nBits));
        // a − b + 2^n ∈ [0, 2^(n+1)); its top bit is 1 exactly when a ≥ b.
        var shifted = api.Add(api.Sub(a, b), api.Constant(Fr.FromBigInteger(BigInteger.One << nBits)));
        var bits = api.ToBinary(shifted, nBits + 1);
        return api.Sub(api.Constant(1), bits[nBits]);
    }

    /// <summary>1 when a ≤ b, else 0 (n + 2 constraints).</summary>
    public static Variable LessOrEqual(IApi api, Variable a, Variable b, int nBits) =>
        api.Sub(api.Constant(1), LessThan(api, b, a, nBits));

    /// <summary>max(a, b) for signed/unsigned values with a − b ∈ [−2^n, 2^n): n + 3 constraints.</summary>
    public static Variable Max(IApi api, Variable a, Variable b, int nBits) => api.Select(LessThan(api, a, b, nBits), b, a);

    /// <summary>
    /// min(max(x, lo), hi) for constants lo ≤ hi, with x − lo and hi − x in [−2^n, 2^n): 2·(n + 2) + 2 constraints.
    /// </summary>
    public static Variable Clamp(IApi api, Variable x, BigInteger lo, BigInteger hi, int nBits)
    {
        if (lo > hi) throw new ArgumentException("lo must not exceed hi", nameof(lo));
        var loV = api.Constant(Fr.FromBigInteger(lo));
        var hiV = api.Constant(Fr.FromBigInteger(hi));
        var below = LessThan(api, x, loV, nBits);
        var above = LessThan(api, hiV, x, nBits);
        var y = api.Select(below, loV, x);
        return api.Select(above, hiV, y);
    }

    /// <summary>Native twins on signed integers.</summary>
    public static class Native
    {
        public static bool LessThan(BigInteger a, BigInteger b, int nBits)
        {
            var d = a - b;
            if (d < -(BigInteger.One << nBits) || d >= BigInteger.One << nBits)
                throw new OverflowException($"{a} − {b} is outside [−2^{nBits}, 2^{nBits})");
            return d < 0;
        }

        public static bool LessOrEqual(BigInteger a, BigInteger b, int nBits) => !LessThan(b, a, nBits);

        public static BigInteger Max(BigInteger a, BigInteger b, int nBits) => LessThan(a, b, nBits) ? b : a;

        public static BigInteger Clamp(BigInteger x, BigInteger lo, BigInteger hi, int nBits)
        {
            if (lo > hi) throw new ArgumentException("lo must not exceed hi", nameof(lo));
            bool below = LessThan(x, lo, nBits);
            bool above = LessThan(hi, x, nBits);
            var y = below ? lo : x;
            return above ? hi : y;
        }
    }
}

/// <summary>
/// Argmax over K signed values of at most <c>nBits</c> bits (pairwise differences within [−2^n, 2^n)).
/// Ties go to the lowest index. Cost: (K − 1)·(n + 4) − 1 constraints for index and maximum (n + 2 per comparison,
/// 1 per select; the first index select is free); <see cref="OneHot"/> adds 2·K.
/// </summary>
public static class Argmax
{
    public static (Variable Index, Variable Max) Compute(IApi api, ReadOnlySpan<Variable> values, int nBits)
    {
        if (values.Length == 0) throw new ArgumentException("argmax of no values", nameof(values));
        var best = values[0];
        var idx = api.Constant(0);
        for (int i = 1; i < values.Length; i++)
        {
            var gt = Comparison.LessThan(api, best, values[i], nBits); // strictly greater replaces
            best = api.Select(gt, values[i], best);
            idx = api.Select(gt, api.Constant(i), idx);
        }
        return (idx, best);
    }

    /// <summary>e_j = (index == j) for j in 0..K−1 (2·K constraints).</summary>
    public static Variable[] OneHot(IApi api, Variable index, int k)
    {
        var r = new Variable[k];
        for (int j = 0; j < k; j++) r[j] = api.IsEqual(index, api.Constant(j));
        return r;
    }

    public static class Native
    {
        public static (int Index, BigInteger Max) Compute(ReadOnlySpan<BigInteger> values, int nBits)
        {
            if (values.Length == 0) throw new ArgumentException("argmax of no values", nameof(values));
            var best = values[0];
            int idx = 0;
            for (int i = 1; i < values.Length; i++)
            {
                if (Comparison.Native.LessThan(best, values[i], nBits)) { best = values[i]; idx = i; }
            }
            return (idx, best);
        }
    }
}
