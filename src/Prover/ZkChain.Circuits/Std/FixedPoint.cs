using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Circuits.Std;

/// <summary>
/// Signed fixed-point format: a real x is the integer v = round(x·2^F) (half away from zero), stored as a field
/// element (negatives in the upper half, see <see cref="Signed"/>), with −2^(B−1) ≤ v &lt; 2^(B−1) where B = TotalBits.
/// Requires 1 ≤ F, F + 2 ≤ B, and 2·B + F ≤ 250 so that products of two values and the truncation's bit
/// decomposition stay far below the field size (no wrap-around anywhere).
/// </summary>
public sealed record FixedPointFormat
{
    public FixedPointFormat(int fractionalBits, int totalBits)
    {
        if (fractionalBits < 1) throw new ArgumentOutOfRangeException(nameof(fractionalBits), "at least one fractional bit");
        if (totalBits < fractionalBits + 2) throw new ArgumentOutOfRangeException(nameof(totalBits), "total bits must exceed fractional bits + 1");
        if (2 * totalBits + fractionalBits > 250) throw new ArgumentOutOfRangeException(nameof(totalBits), "2·B + F must be ≤ 250");
        FractionalBits = fractionalBits;
        TotalBits = totalBits;
    }

    public int FractionalBits { get; }
    public int TotalBits { get; }
    public BigInteger Scale => BigInteger.One << FractionalBits;
    public BigInteger MinRaw => -(BigInteger.One << (TotalBits - 1));
    public BigInteger MaxRaw => (BigInteger.One << (TotalBits - 1)) - 1;

    public BigInteger Encode(double x)
    {
        if (!double.IsFinite(x)) throw new ArgumentException("not a finite number", nameof(x));
        var v = new BigInteger(Math.Round(Math.ScaleB(x, FractionalBits), MidpointRounding.AwayFromZero));
        if (v < MinRaw || v > MaxRaw) throw new OverflowException($"{x} is outside the fixed-point range of {TotalBits} bits");
        return v;
    }

    public double Decode(BigInteger raw) => Math.ScaleB((double)raw, -FractionalBits);
}

/// <summary>
/// In-circuit signed fixed-point arithmetic (twin: <see cref="FixedPoint.Native"/>, bit-identical).
/// Every result of a truncating operation is proven to lie in the signed B-bit range, so overflow makes the
/// circuit unsatisfiable instead of wrapping. Operands must themselves be in range: values coming out of these
/// operations are; secret inputs must be checked once with <see cref="AssertInBound"/> (or come from a checked
/// source), otherwise a product of two huge field elements could land in range by wrap-around. Costs (F fractional bits, B total bits):
/// Add/Sub: free (unchecked; the sum of two B-bit values has B+1 bits, call <see cref="AssertInBound"/> or use
/// <see cref="AddChecked"/> when it must stay in B bits). AssertInBound / AddChecked: B + 1.
/// Truncate(wide, k) = floor(wide / 2^k): B + k + 1 (remainder and quotient come from one bit decomposition).
/// Mul: B + F + 2. MulConstant: B + F + 1. DotProduct of d secret pairs: d + B + F + 1.
/// ProductSum (no truncation): d. Rescale (one truncation of a product sum): B + F + 1. DivPow2(k): B + k + 1.
/// </summary>
public sealed class FixedPoint(IApi api, FixedPointFormat format)
{
    public FixedPointFormat Format { get; } = format;
    private int F => Format.FractionalBits;
    private int B => Format.TotalBits;

    public Variable Constant(double x) => api.Constant(Fr.FromBigInteger(Format.Encode(x)));
    public Variable ConstantRaw(BigInteger raw) => api.Constant(Fr.FromBigInteger(raw));

    public Variable Add(Variable a, Variable b) => api.Add(a, b);
    public Variable Sub(Variable a, Variable b) => api.Sub(a, b);

    /// <summary>Asserts −2^(B−1) ≤ a &lt; 2^(B−1): B + 1 constraints.</summary>
    public void AssertInBound(Variable a) =>
        api.AssertInRange(api.Add(a, api.Constant(Fr.FromBigInteger(BigInteger.One << (B - 1)))), B);

    public Variable AddChecked(Variable a, Variable b)
    {
        var s = api.Add(a, b);
        AssertInBound(s);
        return s;
    }

    /// <summary>
    /// floor(wide / 2^shift), proven to fit in B signed bits: B + shift + 1 constraints. The input must lie in
    /// [−2^(B+shift−1), 2^(B+shift−1)); otherwise the circuit is unsatisfiable.
    /// </summary>
    public Variable Truncate(Variable wide, int shift) => Decompose(wide, shift).Quotient;

    /// <summary>Truncate, also returning the bits of quotient + 2^(B−1) (little-endian, B bits) for further use.</summary>
    internal (Variable Quotient, Variable[] OffsetQuotientBits) Decompose(Variable wide, int shift)
    {
        if (shift < 0 || B + shift > 253) throw new ArgumentOutOfRangeException(nameof(shift));
        var offset = BigInteger.One << (B + shift - 1);
        var bits = api.ToBinary(api.Add(wide, api.Constant(Fr.FromBigInteger(offset))), B + shift);
        var qBits = bits[shift..];
        var q = api.Sub(api.FromBinary(qBits), api.Constant(Fr.FromBigInteger(BigInteger.One << (B - 1))));
        return (q, qBits);
    }

    /// <summary>Product truncated to F fractional bits (floor): B + F + 2 constraints.</summary>
    public Variable Mul(Variable a, Variable b) => Truncate(api.Mul(a, b), F);

    /// <summary>a·c for a constant fixed-point c (raw integer at scale 2^F), floor-truncated: B + F + 1 constraints.</summary>
    public Variable MulConstantRaw(Variable a, BigInteger cRaw) => Truncate(api.Mul(a, api.Constant(Fr.FromBigInteger(cRaw))), F);

    public Variable MulConstant(Variable a, double c) => MulConstantRaw(a, Format.Encode(c));

    /// <summary>acc + Σ aᵢ·bᵢ at scale 2^(2F), untruncated: one constraint per non-constant pair.</summary>
    public Variable ProductSum(ReadOnlySpan<Variable> a, ReadOnlySpan<Variable> b, Variable acc = default)
    {
        if (a.Length != b.Length) throw new ArgumentException("vectors differ in length", nameof(b));
        for (int i = 0; i < a.Length; i++) acc = api.MulAcc(acc, a[i], b[i]);
        return acc;
    }

    /// <summary>A product sum (scale 2^(2F)) back to scale 2^F with one floor truncation: B + F + 1 constraints.</summary>
    public Variable Rescale(Variable wide) => Truncate(wide, F);

    /// <summary>Σ aᵢ·bᵢ with a single truncation: d + B + F + 1 constraints.</summary>
    public Variable DotProduct(ReadOnlySpan<Variable> a, ReadOnlySpan<Variable> b) => Rescale(ProductSum(a, b));

    /// <summary>floor(a / 2^k): B + k + 1 constraints.</summary>
    public Variable DivPow2(Variable a, int k) => Truncate(a, k);

    /// <summary>Plain C# twin on raw integers; throws <see cref="OverflowException"/> exactly where the circuit is unsatisfiable.</summary>
    public static class Native
    {
        public static BigInteger Truncate(FixedPointFormat f, BigInteger wide, int shift)
        {
            var bound = BigInteger.One << (f.TotalBits + shift - 1);
            if (wide < -bound || wide >= bound) throw new OverflowException($"{wide} / 2^{shift} does not fit in {f.TotalBits} signed bits");
            return wide >> shift;
        }

        public static BigInteger CheckBound(FixedPointFormat f, BigInteger a)
        {
            if (a < f.MinRaw || a > f.MaxRaw) throw new OverflowException($"{a} does not fit in {f.TotalBits} signed bits");
            return a;
        }

        public static BigInteger AddChecked(FixedPointFormat f, BigInteger a, BigInteger b) => CheckBound(f, a + b);
        public static BigInteger Mul(FixedPointFormat f, BigInteger a, BigInteger b) => Truncate(f, a * b, f.FractionalBits);
        public static BigInteger MulConstantRaw(FixedPointFormat f, BigInteger a, BigInteger cRaw) => Truncate(f, a * cRaw, f.FractionalBits);

        public static BigInteger ProductSum(ReadOnlySpan<BigInteger> a, ReadOnlySpan<BigInteger> b, BigInteger acc = default)
        {
            if (a.Length != b.Length) throw new ArgumentException("vectors differ in length", nameof(b));
            for (int i = 0; i < a.Length; i++) acc += a[i] * b[i];
            return acc;
        }

        public static BigInteger Rescale(FixedPointFormat f, BigInteger wide) => Truncate(f, wide, f.FractionalBits);
        public static BigInteger DotProduct(FixedPointFormat f, ReadOnlySpan<BigInteger> a, ReadOnlySpan<BigInteger> b) => Rescale(f, ProductSum(a, b));
        public static BigInteger DivPow2(FixedPointFormat f, BigInteger a, int k) => Truncate(f, a, k);
    }
}
