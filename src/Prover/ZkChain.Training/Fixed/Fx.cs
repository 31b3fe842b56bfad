using System.Numerics;

namespace ZkChain.Training.Fixed;

/// <summary>
/// The arithmetic the training program is written in. It has two implementations: <see cref="NativeFx"/>
/// (plain integers) and the circuit backend (field variables, constrained). The training program is written
/// once against this class, so the native trainer and the circuit execute exactly the same operations
/// and are bit-identical by construction (the tests check it).
/// Values are signed integers (fixed point with a scale the caller tracks); in the field, negative values
/// live in the upper half.
/// </summary>
public abstract class Fx<T>
{
    public abstract T Const(BigInteger c);
    public abstract T Add(T a, T b);
    public abstract T Sub(T a, T b);
    /// <summary>a * c for a constant c (linear; no constraint).</summary>
    public abstract T Scale(T a, BigInteger c);
    /// <summary>Exact product (one constraint).</summary>
    public abstract T Mul(T a, T b);

    /// <summary>
    /// Floor division by 2^shift: q = floor(x / 2^shift), with q required in [-2^(outBits-1), 2^(outBits-1)).
    /// Also returns nonNeg = (q &gt;= 0) at no extra cost (the top bit of the range check).
    /// Constraints: x = q*2^shift + r, r in [0, 2^shift), q + 2^(outBits-1) in [0, 2^outBits): shift + outBits + 1.
    /// The native twin throws <see cref="FixedPointOverflowException"/> when q is out of range
    /// (the circuit would be unsatisfiable).
    /// </summary>
    public abstract (T Q, T NonNeg) Trunc(T x, int shift, int outBits, string what);

    /// <summary>cond ? a : b, cond a 0/1 value.</summary>
    public abstract T Select(T cond, T a, T b);

    /// <summary>
    /// floor(num / den) for num in [0, 2^qBits * den) and den in [1, 2^rBits): q in [0, 2^qBits), remainder in [0, den).
    /// </summary>
    public abstract T DivFloor(T num, T den, int qBits, int rBits, string what);

    /// <summary>1 if a == c else 0.</summary>
    public abstract T IsEqualConst(T a, BigInteger c);

    public abstract void AssertEqual(T a, T b, string what);

    /// <summary>a * (a - c) == 0, i.e. a is 0 or c.</summary>
    public abstract void AssertZeroOr(T a, BigInteger c, string what);

    /// <summary>
    /// The same value as a fresh variable (the circuit backend: one new wire and one constraint; natively the value).
    /// A value updated many times (a weight after each batch) would otherwise carry a linear combination that grows with
    /// every update, and every product with it would copy that combination into the constraint system.
    /// </summary>
    public virtual T Fresh(T a) => a;

    // Derived helpers.
    public T Zero => Const(BigInteger.Zero);
    /// <summary>Sum of many values (the circuit backend adds them in one pass).</summary>
    public virtual T Sum(IEnumerable<T> xs)
    {
        var acc = Zero;
        var first = true;
        foreach (var x in xs)
        {
            acc = first ? x : Add(acc, x);
            first = false;
        }
        return acc;
    }

    /// <summary>max(x, 0) for x whose magnitude is below 2^(bits-1).</summary>
    public T Relu(T x, int bits, string what)
    {
        var (_, nonNeg) = Trunc(x, 0, bits, what);
        return Select(nonNeg, x, Zero);
    }
}

/// <summary>A fixed-point value left the range the configuration allows; the message says which quantity and how to fix it.</summary>
public sealed class FixedPointOverflowException(string message) : ArgumentException(message);

/// <summary>Plain-integer twin of the circuit arithmetic.</summary>
public sealed class NativeFx : Fx<BigInteger>
{
    public static readonly NativeFx Instance = new();

    public override BigInteger Const(BigInteger c) => c;
    public override BigInteger Add(BigInteger a, BigInteger b) => a + b;
    public override BigInteger Sub(BigInteger a, BigInteger b) => a - b;
    public override BigInteger Scale(BigInteger a, BigInteger c) => a * c;
    public override BigInteger Mul(BigInteger a, BigInteger b) => a * b;

    public override (BigInteger Q, BigInteger NonNeg) Trunc(BigInteger x, int shift, int outBits, string what)
    {
        var q = FloorShift(x, shift);
        var half = BigInteger.One << (outBits - 1);
        if (q < -half || q >= half)
        {
            throw new FixedPointOverflowException(
                $"fixed-point overflow in {what}: value {q} needs more than {outBits} signed bits; " +
                "lower the learning rate, use fewer fractional bits, or normalise the data");
        }
        return (q, q.Sign >= 0 ? BigInteger.One : BigInteger.Zero);
    }

    public override BigInteger Select(BigInteger cond, BigInteger a, BigInteger b) => cond.IsZero ? b : a;

    public override BigInteger DivFloor(BigInteger num, BigInteger den, int qBits, int rBits, string what)
    {
        if (den.Sign <= 0 || den >= (BigInteger.One << rBits) || num.Sign < 0)
        {
            throw new FixedPointOverflowException($"fixed-point overflow in {what}: division operands out of range");
        }
        var q = BigInteger.Divide(num, den);
        if (q >= (BigInteger.One << qBits))
        {
            throw new FixedPointOverflowException($"fixed-point overflow in {what}: quotient {q} needs more than {qBits} bits");
        }
        return q;
    }

    public override BigInteger IsEqualConst(BigInteger a, BigInteger c) => a == c ? BigInteger.One : BigInteger.Zero;

    public override void AssertEqual(BigInteger a, BigInteger b, string what)
    {
        if (a != b) throw new InvalidOperationException($"{what}: {a} != {b}");
    }

    public override void AssertZeroOr(BigInteger a, BigInteger c, string what)
    {
        if (!a.IsZero && a != c) throw new ArgumentException($"{what}: value must be 0 or {c}, got {a}");
    }

    /// <summary>floor(x / 2^shift) for signed x.</summary>
    public static BigInteger FloorShift(BigInteger x, int shift)
    {
        if (shift == 0) return x;
        return x >> shift; // BigInteger >> is arithmetic (floor) for negatives
    }
}
