using System.Numerics;

namespace ZkChain.Algebra;

public partial struct G2Affine
{
    /// <summary>
    /// Validating constructor from canonical coordinates (x = x0 + x1 u, y = y0 + y1 u); all zero is infinity.
    /// Throws <see cref="InvalidDataException"/> when a coordinate is &gt;= q, the point is not on the
    /// twist, or it is not in the order-r subgroup.
    /// </summary>
    public static G2Affine FromBigIntegers(BigInteger x0, BigInteger x1, BigInteger y0, BigInteger y1)
    {
        if (x0.IsZero && x1.IsZero && y0.IsZero && y1.IsZero) return Infinity;
        var p = new G2Affine(
            new Fq2(Coord.FromBigInteger(x0, "G2 x.c0"), Coord.FromBigInteger(x1, "G2 x.c1")),
            new Fq2(Coord.FromBigInteger(y0, "G2 y.c0"), Coord.FromBigInteger(y1, "G2 y.c1")));
        Validate(p, checkSubgroup: true);
        return p;
    }

    private static void Validate(in G2Affine p, bool checkSubgroup)
    {
        if (!p.IsOnCurve()) throw new InvalidDataException("G2 point is not on the twist curve y^2 = x^3 + 3/(9+u)");
        if (checkSubgroup && !p.IsInSubgroup()) throw new InvalidDataException("G2 point is on the twist but not in the order-r subgroup");
    }

    public readonly (BigInteger X0, BigInteger X1, BigInteger Y0, BigInteger Y1) ToBigIntegers() =>
        IsInfinity ? (0, 0, 0, 0) : (X.C0.ToBigInteger(), X.C1.ToBigInteger(), Y.C0.ToBigInteger(), Y.C1.ToBigInteger());

    /// <summary>snarkjs layout: x.c0 || x.c1 || y.c0 || y.c1, 32 bytes each, little-endian Montgomery; infinity is all zero.</summary>
    public readonly void ToMontgomeryBytesLE(Span<byte> dst128)
    {
        Coord.CheckDst(dst128, 128, nameof(dst128));
        if (IsInfinity) { dst128[..128].Clear(); return; }
        X.C0.ToMontgomeryBytesLE(dst128);
        X.C1.ToMontgomeryBytesLE(dst128[32..]);
        Y.C0.ToMontgomeryBytesLE(dst128[64..]);
        Y.C1.ToMontgomeryBytesLE(dst128[96..]);
    }

    /// <summary>Reads the snarkjs layout; always checks the curve equation, and the subgroup unless told not to
    /// (the subgroup check costs a full scalar multiplication).</summary>
    public static G2Affine FromMontgomeryBytesLE(ReadOnlySpan<byte> src128, bool checkSubgroup = true)
    {
        Coord.CheckLength(src128, 128, "G2", nameof(src128));
        if (Coord.AllZero(src128)) return Infinity;
        var p = new G2Affine(
            new Fq2(Coord.FromMontLE(src128[..32], "G2 x.c0"), Coord.FromMontLE(src128[32..64], "G2 x.c1")),
            new Fq2(Coord.FromMontLE(src128[64..96], "G2 y.c0"), Coord.FromMontLE(src128[96..], "G2 y.c1")));
        Validate(p, checkSubgroup);
        return p;
    }

    /// <summary>EIP-197 layout: x.c1 || x.c0 || y.c1 || y.c0 (imaginary first), 32 bytes big-endian each.</summary>
    public readonly void ToBytesBE(Span<byte> dst128)
    {
        Coord.CheckDst(dst128, 128, nameof(dst128));
        if (IsInfinity) { dst128[..128].Clear(); return; }
        X.C1.ToCanonicalBytesBE(dst128);
        X.C0.ToCanonicalBytesBE(dst128[32..]);
        Y.C1.ToCanonicalBytesBE(dst128[64..]);
        Y.C0.ToCanonicalBytesBE(dst128[96..]);
    }

    public static G2Affine FromBytesBE(ReadOnlySpan<byte> src128, bool checkSubgroup = true)
    {
        Coord.CheckLength(src128, 128, "G2", nameof(src128));
        if (Coord.AllZero(src128)) return Infinity;
        var p = new G2Affine(
            new Fq2(Coord.FromBE(src128[32..64], "G2 x.c0"), Coord.FromBE(src128[..32], "G2 x.c1")),
            new Fq2(Coord.FromBE(src128[96..], "G2 y.c0"), Coord.FromBE(src128[64..96], "G2 y.c1")));
        Validate(p, checkSubgroup);
        return p;
    }
}
