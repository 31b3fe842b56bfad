using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>Element of the pairing target group (order-r subgroup of Fq12*). Opaque on purpose.</summary>
public readonly struct Gt : IEquatable<Gt>
{
    internal readonly Fq12 Value;

    internal Gt(in Fq12 v) { Value = v; }

    public static Gt One => new(Fq12.One);
    public bool IsOne => Value.IsOne;

    public static Gt operator *(in Gt a, in Gt b)
    {
        Fq12.Mul(a.Value, b.Value, out var r);
        return new Gt(r);
    }

    /// <summary>Inverse; in the cyclotomic subgroup this is just conjugation.</summary>
    public Gt Inverse()
    {
        Fq12.Conjugate(Value, out var r);
        return new Gt(r);
    }

    public Gt Pow(in Fr k) => new(Value.Pow(k.ToBigInteger()));

    /// <summary>The 12 canonical Fq coefficients in the order (C0.C0.C0, C0.C0.C1, C0.C1.C0, ..., C1.C2.C1), i.e. tower order.</summary>
    public BigInteger[] ToBigIntegers()
    {
        var v = Value;
        return
        [
            v.C0.C0.C0.ToBigInteger(), v.C0.C0.C1.ToBigInteger(), v.C0.C1.C0.ToBigInteger(), v.C0.C1.C1.ToBigInteger(),
            v.C0.C2.C0.ToBigInteger(), v.C0.C2.C1.ToBigInteger(), v.C1.C0.C0.ToBigInteger(), v.C1.C0.C1.ToBigInteger(),
            v.C1.C1.C0.ToBigInteger(), v.C1.C1.C1.ToBigInteger(), v.C1.C2.C0.ToBigInteger(), v.C1.C2.C1.ToBigInteger(),
        ];
    }

    public static bool operator ==(in Gt a, in Gt b) => a.Value == b.Value;
    public static bool operator !=(in Gt a, in Gt b) => !(a.Value == b.Value);
    public bool Equals(Gt other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is Gt o && Value == o.Value;
    public override int GetHashCode() => Value.GetHashCode();
}
