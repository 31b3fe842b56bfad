using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkChain.Algebra;

/// <summary>
/// Element of the BN254 scalar field (order of G1/G2), kept in Montgomery form.
/// All arithmetic lives in <see cref="Mont{TP}"/>, shared with <see cref="Fq"/>.
/// </summary>
public struct Fr : IEquatable<Fr>, IFieldOps<Fr>
{
    internal U256 V;

    internal Fr(in U256 v) { V = v; }

    public static Fr Zero => default;
    public static Fr One => new(Mont<FrModulus>.One);
    public static BigInteger Modulus => Mont<FrModulus>.Modulus;

    public readonly bool IsZero => V.IsZero;
    public readonly bool IsOne => V.Equals(Mont<FrModulus>.One);

    public static Fr FromBigInteger(BigInteger v) { Mont<FrModulus>.FromBigInteger(v, out var r); return new(r); }
    public static Fr FromUInt64(ulong v) { Mont<FrModulus>.ToMontgomery(new U256(v, 0, 0, 0), out var r); return new(r); }
    public static Fr FromInt64(long v)
    {
        var m = FromUInt64(v < 0 ? (ulong)(-(v + 1)) + 1 : (ulong)v);
        if (v < 0) Neg(m, out m);
        return m;
    }
    public static bool TryFromCanonical(BigInteger v, out Fr r)
    {
        bool ok = Mont<FrModulus>.TryFromCanonical(v, out var u);
        r = new(u);
        return ok;
    }
    public readonly BigInteger ToBigInteger() => Mont<FrModulus>.ToBigInteger(V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fr a, in Fr b, out Fr r) { Unsafe.SkipInit(out r); Mont<FrModulus>.Add(a.V, b.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fr a, in Fr b, out Fr r) { Unsafe.SkipInit(out r); Mont<FrModulus>.Sub(a.V, b.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mul(in Fr a, in Fr b, out Fr r) { Unsafe.SkipInit(out r); Mont<FrModulus>.Mul(a.V, b.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Square(in Fr a, out Fr r) { Unsafe.SkipInit(out r); Mont<FrModulus>.Square(a.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in Fr a, out Fr r) { Unsafe.SkipInit(out r); Mont<FrModulus>.Neg(a.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in Fr a, out Fr r) { Unsafe.SkipInit(out r); Mont<FrModulus>.Double(a.V, out r.V); }

    public static Fr operator +(in Fr a, in Fr b) { Add(a, b, out var r); return r; }
    public static Fr operator -(in Fr a, in Fr b) { Sub(a, b, out var r); return r; }
    public static Fr operator *(in Fr a, in Fr b) { Mul(a, b, out var r); return r; }
    public static Fr operator -(in Fr a) { Neg(a, out var r); return r; }
    public static bool operator ==(in Fr a, in Fr b) => a.V.Equals(b.V);
    public static bool operator !=(in Fr a, in Fr b) => !a.V.Equals(b.V);

    /// <summary>Multiplicative inverse; throws <see cref="DivideByZeroException"/> for zero.</summary>
    public readonly Fr Inverse() { Mont<FrModulus>.Inverse(V, out var r); return new(r); }
    /// <summary>this^e; negative exponents invert first.</summary>
    public readonly Fr Pow(BigInteger e) { Mont<FrModulus>.Pow(V, e, out var r); return new(r); }
    /// <summary>Uniformly random element from the OS CSPRNG.</summary>
    public static Fr Random() { Mont<FrModulus>.Random(out var r); return new(r); }

    public readonly void ToMontgomeryBytesLE(Span<byte> dst32) => Mont<FrModulus>.WriteMontgomeryLE(V, dst32);
    public static Fr FromMontgomeryBytesLE(ReadOnlySpan<byte> src) { Mont<FrModulus>.ReadMontgomeryLE(src, out var r); return new(r); }
    public readonly void ToCanonicalBytesLE(Span<byte> dst32) => Mont<FrModulus>.WriteCanonicalLE(V, dst32);
    public readonly void ToCanonicalBytesBE(Span<byte> dst32) => Mont<FrModulus>.WriteCanonicalBE(V, dst32);
    public static Fr FromCanonicalBytesLE(ReadOnlySpan<byte> src) { Mont<FrModulus>.ReadCanonicalLE(src, out var r); return new(r); }
    public static Fr FromCanonicalBytesBE(ReadOnlySpan<byte> src) { Mont<FrModulus>.ReadCanonicalBE(src, out var r); return new(r); }

    static bool IFieldOps<Fr>.Eq(in Fr a, in Fr b) => a.V.Equals(b.V);
    static void IFieldOps<Fr>.Inv(in Fr a, out Fr r) { Unsafe.SkipInit(out r); Mont<FrModulus>.Inverse(a.V, out r.V); }

    public readonly bool Equals(Fr other) => V.Equals(other.V);
    public override readonly bool Equals(object? obj) => obj is Fr o && V.Equals(o.V);
    public override readonly int GetHashCode() => HashCode.Combine(V.L0, V.L1, V.L2, V.L3);
    /// <summary>Decimal digits of the canonical value.</summary>
    public override readonly string ToString() => ToBigInteger().ToString();

    // ---- Fr-only: roots of unity compatible with snarkjs / ffjavascript ----

    /// <summary>Largest k such that 2^k divides r - 1.</summary>
    public const int TwoAdicity = 28;

    private static readonly Fr[] Roots = BuildRoots();

    private static Fr[] BuildRoots()
    {
        // ffjavascript: nqr = 5 (smallest non-residue), w_28 = 5^((r-1)/2^28), w_{i-1} = w_i^2.
        var roots = new Fr[TwoAdicity + 1];
        roots[TwoAdicity] = FromUInt64(5).Pow((Modulus - 1) >> TwoAdicity);
        for (int i = TwoAdicity - 1; i >= 0; i--) Square(roots[i + 1], out roots[i]);
        return roots;
    }

    /// <summary>The primitive 2^log2-th root of unity snarkjs uses (derived from generator 5).</summary>
    public static Fr RootOfUnity(int log2)
    {
        if ((uint)log2 > TwoAdicity)
        {
            throw new ArgumentOutOfRangeException(nameof(log2), log2, $"Fr has roots of unity only up to order 2^{TwoAdicity}");
        }
        return Roots[log2];
    }
}
