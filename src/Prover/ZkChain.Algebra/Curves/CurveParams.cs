using System.Numerics;

namespace ZkChain.Algebra;

internal static class G1Curve
{
    public static readonly Fq B = Fq.FromUInt64(3);
    public static readonly G1Affine GeneratorAffine = new(Fq.One, Fq.FromUInt64(2));
}

internal static class G2Curve
{
    /// <summary>The BN seed x: q and r are polynomials in it (x = 4965661367192848881, 63 bits).</summary>
    public const ulong SeedX = 4965661367192848881UL;

    /// <summary>ψ's coefficients ξ^((q−1)/3) and ξ^((q−1)/2), ξ = 9 + u (the same as the pairing's twist Frobenius).</summary>
    public static readonly Fq2 PsiX = new Fq2(Fq.FromUInt64(9), Fq.One).Pow((Fq.Modulus - 1) / 3);
    public static readonly Fq2 PsiY = new Fq2(Fq.FromUInt64(9), Fq.One).Pow((Fq.Modulus - 1) / 2);

    /// <summary>b' = 3 / (9 + u), the D-type twist coefficient.</summary>
    public static readonly Fq2 B = new Fq2(Fq.FromUInt64(3), Fq.Zero) * new Fq2(Fq.FromUInt64(9), Fq.One).Inverse();

    /// <summary>The generator used by EIP-197, snarkjs and gnark.</summary>
    public static readonly G2Affine GeneratorAffine = new(
        Fq2.FromBigIntegers(
            BigInteger.Parse("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
            BigInteger.Parse("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
        Fq2.FromBigIntegers(
            BigInteger.Parse("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
            BigInteger.Parse("4082367875863433681332203403145435568316851327593401208105741076214120093531")));
}

/// <summary>Validated reading of coordinates (messages name the coordinate).</summary>
internal static class Coord
{
    public static Fq FromBigInteger(BigInteger v, string name)
    {
        if (!Fq.TryFromCanonical(v, out var r))
        {
            throw new InvalidDataException(v.Sign < 0 ? $"{name} coordinate is negative" : $"{name} coordinate is not below the field modulus q");
        }
        return r;
    }

    public static Fq FromMontLE(ReadOnlySpan<byte> src, string name)
    {
        var u = U256.ReadLE(src);
        if (!Mont<FqModulus>.IsReduced(u)) throw new InvalidDataException($"{name} coordinate (Montgomery form) is not below the field modulus q");
        return new Fq(u);
    }

    public static Fq FromBE(ReadOnlySpan<byte> src, string name)
    {
        var u = U256.ReadBE(src);
        if (!Mont<FqModulus>.IsReduced(u)) throw new InvalidDataException($"{name} coordinate is not below the field modulus q");
        Mont<FqModulus>.ToMontgomery(u, out var m);
        return new Fq(m);
    }

    public static void CheckLength(ReadOnlySpan<byte> src, int n, string what, string param)
    {
        if (src.Length != n) throw new ArgumentException($"{what} encoding must be exactly {n} bytes, got {src.Length}", param);
    }

    public static void CheckDst(Span<byte> dst, int n, string param)
    {
        if (dst.Length < n) throw new ArgumentException($"destination must hold {n} bytes, has {dst.Length}", param);
    }

    public static bool AllZero(ReadOnlySpan<byte> b) => b.IndexOfAnyExcept((byte)0) < 0;
}
