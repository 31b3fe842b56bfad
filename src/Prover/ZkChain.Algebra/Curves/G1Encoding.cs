using System.Numerics;

namespace ZkChain.Algebra;

public partial struct G1Affine
{
    /// <summary>
    /// Validating constructor from canonical coordinates; (0, 0) is infinity (EVM/snarkjs convention).
    /// Throws <see cref="InvalidDataException"/> when a coordinate is &gt;= q or the point is not on the curve.
    /// </summary>
    public static G1Affine FromBigIntegers(BigInteger x, BigInteger y)
    {
        if (x.IsZero && y.IsZero) return Infinity;
        var p = new G1Affine(Coord.FromBigInteger(x, "G1 x"), Coord.FromBigInteger(y, "G1 y"));
        if (!p.IsOnCurve()) throw new InvalidDataException("G1 point is not on the curve y^2 = x^3 + 3");
        return p;
    }

    public readonly (BigInteger X, BigInteger Y) ToBigIntegers() =>
        IsInfinity ? (BigInteger.Zero, BigInteger.Zero) : (X.ToBigInteger(), Y.ToBigInteger());

    /// <summary>snarkjs layout: x || y, each 32 bytes little-endian Montgomery form; infinity is all zero.</summary>
    public readonly void ToMontgomeryBytesLE(Span<byte> dst64)
    {
        Coord.CheckDst(dst64, 64, nameof(dst64));
        if (IsInfinity) { dst64[..64].Clear(); return; }
        X.ToMontgomeryBytesLE(dst64);
        Y.ToMontgomeryBytesLE(dst64[32..]);
    }

    public static G1Affine FromMontgomeryBytesLE(ReadOnlySpan<byte> src64)
    {
        Coord.CheckLength(src64, 64, "G1", nameof(src64));
        if (Coord.AllZero(src64)) return Infinity;
        var p = new G1Affine(Coord.FromMontLE(src64[..32], "G1 x"), Coord.FromMontLE(src64[32..], "G1 y"));
        if (!p.IsOnCurve()) throw new InvalidDataException("G1 point is not on the curve y^2 = x^3 + 3");
        return p;
    }

    /// <summary>EVM layout: x || y, each 32 bytes big-endian canonical; infinity is all zero.</summary>
    public readonly void ToBytesBE(Span<byte> dst64)
    {
        Coord.CheckDst(dst64, 64, nameof(dst64));
        if (IsInfinity) { dst64[..64].Clear(); return; }
        X.ToCanonicalBytesBE(dst64);
        Y.ToCanonicalBytesBE(dst64[32..]);
    }

    public static G1Affine FromBytesBE(ReadOnlySpan<byte> src64)
    {
        Coord.CheckLength(src64, 64, "G1", nameof(src64));
        if (Coord.AllZero(src64)) return Infinity;
        var p = new G1Affine(Coord.FromBE(src64[..32], "G1 x"), Coord.FromBE(src64[32..], "G1 y"));
        if (!p.IsOnCurve()) throw new InvalidDataException("G1 point is not on the curve y^2 = x^3 + 3");
        return p;
    }
}
