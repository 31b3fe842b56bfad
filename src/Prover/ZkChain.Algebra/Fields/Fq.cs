using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkChain.Algebra;

/// <summary>
/// Element of the BN254 base field (curve coordinates), kept in Montgomery form.
/// All arithmetic lives in <see cref="Mont{TP}"/>, shared with <see cref="Fr"/>.
/// </summary>
public struct Fq : IEquatable<Fq>, IFieldOps<Fq>
{
    internal U256 V;

    internal Fq(in U256 v) { V = v; }

    public static Fq Zero => default;
    public static Fq One => new(Mont<FqModulus>.One);
    public static BigInteger Modulus => Mont<FqModulus>.Modulus;

    public readonly bool IsZero => V.IsZero;
    public readonly bool IsOne => V.Equals(Mont<FqModulus>.One);

    public static Fq FromBigInteger(BigInteger v) { Mont<FqModulus>.FromBigInteger(v, out var r); return new(r); }
    public static Fq FromUInt64(ulong v) { Mont<FqModulus>.ToMontgomery(new U256(v, 0, 0, 0), out var r); return new(r); }
    public static Fq FromInt64(long v)
    {
        var m = FromUInt64(v < 0 ? (ulong)(-(v + 1)) + 1 : (ulong)v);
        if (v < 0) Neg(m, out m);
        return m;
    }
    public static bool TryFromCanonical(BigInteger v, out Fq r)
    {
        bool ok = Mont<FqModulus>.TryFromCanonical(v, out var u);
        r = new(u);
        return ok;
    }
    public readonly BigInteger ToBigInteger() => Mont<FqModulus>.ToBigInteger(V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fq a, in Fq b, out Fq r) { Unsafe.SkipInit(out r); Mont<FqModulus>.Add(a.V, b.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fq a, in Fq b, out Fq r) { Unsafe.SkipInit(out r); Mont<FqModulus>.Sub(a.V, b.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mul(in Fq a, in Fq b, out Fq r) { Unsafe.SkipInit(out r); Mont<FqModulus>.Mul(a.V, b.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Square(in Fq a, out Fq r) { Unsafe.SkipInit(out r); Mont<FqModulus>.Square(a.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in Fq a, out Fq r) { Unsafe.SkipInit(out r); Mont<FqModulus>.Neg(a.V, out r.V); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in Fq a, out Fq r) { Unsafe.SkipInit(out r); Mont<FqModulus>.Double(a.V, out r.V); }

    public static Fq operator +(in Fq a, in Fq b) { Add(a, b, out var r); return r; }
    public static Fq operator -(in Fq a, in Fq b) { Sub(a, b, out var r); return r; }
    public static Fq operator *(in Fq a, in Fq b) { Mul(a, b, out var r); return r; }
    public static Fq operator -(in Fq a) { Neg(a, out var r); return r; }
    public static bool operator ==(in Fq a, in Fq b) => a.V.Equals(b.V);
    public static bool operator !=(in Fq a, in Fq b) => !a.V.Equals(b.V);

    /// <summary>Multiplicative inverse; throws <see cref="DivideByZeroException"/> for zero.</summary>
    public readonly Fq Inverse() { Mont<FqModulus>.Inverse(V, out var r); return new(r); }
    /// <summary>this^e; negative exponents invert first.</summary>
    public readonly Fq Pow(BigInteger e) { Mont<FqModulus>.Pow(V, e, out var r); return new(r); }
    /// <summary>Uniformly random element from the OS CSPRNG.</summary>
    public static Fq Random() { Mont<FqModulus>.Random(out var r); return new(r); }

    public readonly void ToMontgomeryBytesLE(Span<byte> dst32) => Mont<FqModulus>.WriteMontgomeryLE(V, dst32);
    public static Fq FromMontgomeryBytesLE(ReadOnlySpan<byte> src) { Mont<FqModulus>.ReadMontgomeryLE(src, out var r); return new(r); }
    public readonly void ToCanonicalBytesLE(Span<byte> dst32) => Mont<FqModulus>.WriteCanonicalLE(V, dst32);
    public readonly void ToCanonicalBytesBE(Span<byte> dst32) => Mont<FqModulus>.WriteCanonicalBE(V, dst32);
    public static Fq FromCanonicalBytesLE(ReadOnlySpan<byte> src) { Mont<FqModulus>.ReadCanonicalLE(src, out var r); return new(r); }
    public static Fq FromCanonicalBytesBE(ReadOnlySpan<byte> src) { Mont<FqModulus>.ReadCanonicalBE(src, out var r); return new(r); }

    static bool IFieldOps<Fq>.Eq(in Fq a, in Fq b) => a.V.Equals(b.V);
    static void IFieldOps<Fq>.Inv(in Fq a, out Fq r) { Unsafe.SkipInit(out r); Mont<FqModulus>.Inverse(a.V, out r.V); }

    public readonly bool Equals(Fq other) => V.Equals(other.V);
    public override readonly bool Equals(object? obj) => obj is Fq o && V.Equals(o.V);
    public override readonly int GetHashCode() => HashCode.Combine(V.L0, V.L1, V.L2, V.L3);
    /// <summary>Decimal digits of the canonical value.</summary>
    public override readonly string ToString() => ToBigInteger().ToString();
}
