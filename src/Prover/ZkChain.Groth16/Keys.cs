using System.Numerics;
using Org.BouncyCastle.Crypto.Digests;
using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>One non-zero entry of the A or B matrix as the prover uses it (zkey section 4).</summary>
/// <param name="Matrix">0 = A, 1 = B.</param>
/// <param name="Constraint">Row (constraint index; rows nConstraints.. hold the public-input padding).</param>
/// <param name="Signal">Witness index.</param>
public readonly record struct QapCoefficient(int Matrix, int Constraint, int Signal, Fr Value);

/// <summary>One phase-2 contribution as snarkjs records it (zkey section 10).</summary>
public sealed record ZkeyContribution(
    G1Affine DeltaAfter,
    G1Affine G1S,
    G1Affine G1SX,
    G2Affine G2SPX,
    byte[] Transcript,
    uint Type,
    string? Name,
    byte? NumIterationsExp = null,
    byte[]? BeaconHash = null);

/// <summary>The phase-2 MPC transcript: the circuit hash and each contribution.</summary>
public sealed record MpcParams(byte[] CsHash, IReadOnlyList<ZkeyContribution> Contributions)
{
    /// <summary>A key with no phase-2 contribution has delta = 1: its maker can forge proofs.</summary>
    public bool IsSingleParty => Contributions.Count == 0;
}

/// <summary>Groth16 verification key (the public part of the zkey).</summary>
public sealed record VerificationKey(G1Affine Alpha1, G2Affine Beta2, G2Affine Gamma2, G2Affine Delta2, G1Affine[] IC)
{
    public int NPublic => IC.Length - 1;

    /// <summary>
    /// keccak256(abi.encodePacked(alpha.x, alpha.y, beta, gamma, delta, IC[0].x, IC[0].y, ...)) with each
    /// G2 point as (x.imag, x.real, y.imag, y.real) (EIP-197 order); each word a 32-byte big-endian integer.
    /// Equals the Solidity verifier's verificationKeyHash() and is the registry's circuit id.
    /// </summary>
    public byte[] Hash()
    {
        var words = new List<BigInteger> { Alpha1.X.ToBigInteger(), Alpha1.Y.ToBigInteger() };
        foreach (var g in new[] { Beta2, Gamma2, Delta2 })
        {
            words.AddRange(Eip197(g));
        }
        foreach (var p in IC)
        {
            words.Add(p.X.ToBigInteger());
            words.Add(p.Y.ToBigInteger());
        }
        var buf = new byte[words.Count * 32];
        for (var i = 0; i < words.Count; i++) Word32(words[i], buf.AsSpan(i * 32, 32));
        var k = new KeccakDigest(256);
        k.BlockUpdate(buf, 0, buf.Length);
        var h = new byte[32];
        k.DoFinal(h, 0);
        return h;
    }

    /// <summary>Writes a non-negative integer &lt; 2^256 as 32 big-endian bytes.</summary>
    internal static void Word32(BigInteger v, Span<byte> dst)
    {
        dst[..32].Clear();
        var len = v.IsZero ? 0 : v.GetByteCount(isUnsigned: true);
        if (len > 32) throw new ArgumentOutOfRangeException(nameof(v), "value does not fit in 32 bytes");
        if (len > 0) v.TryWriteBytes(dst.Slice(32 - len, len), out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>(x.imag, x.real, y.imag, y.real) as integers; infinity as zeros.</summary>
    public static BigInteger[] Eip197(in G2Affine g) => g.IsInfinity
        ? [BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero]
        : [g.X.C1.ToBigInteger(), g.X.C0.ToBigInteger(), g.Y.C1.ToBigInteger(), g.Y.C0.ToBigInteger()];
}

/// <summary>A Groth16 proof (A, C in G1; B in G2).</summary>
public sealed record Proof(G1Affine A, G2Affine B, G1Affine C)
{
    /// <summary>[A.x, A.y, B.x.imag, B.x.real, B.y.imag, B.y.real, C.x, C.y] as the Solidity verifier takes it.</summary>
    public BigInteger[] ToSolidityWords()
    {
        var b = VerificationKey.Eip197(B);
        return [A.X.ToBigInteger(), A.Y.ToBigInteger(), b[0], b[1], b[2], b[3], C.X.ToBigInteger(), C.Y.ToBigInteger()];
    }
}

/// <summary>
/// Groth16 proving key with exactly the content of a snarkjs .zkey (groth16): header points, IC,
/// A/B coefficients, A, B1, B2, C (private signals only), H (odd-coset Lagrange basis times 1/delta)
/// and the MPC transcript.
/// </summary>
public sealed class ProvingKey
{
    public required int NVars { get; init; }
    public required int NPublic { get; init; }
    public required int DomainSize { get; init; }
    public required G1Affine Alpha1 { get; init; }
    public required G1Affine Beta1 { get; init; }
    public required G2Affine Beta2 { get; init; }
    public required G2Affine Gamma2 { get; init; }
    public required G1Affine Delta1 { get; init; }
    public required G2Affine Delta2 { get; init; }
    public required G1Affine[] IC { get; init; }
    public required QapCoefficient[] Coefficients { get; init; }
    public required G1Affine[] A { get; init; }
    public required G1Affine[] B1 { get; init; }
    public required G2Affine[] B2 { get; init; }
    /// <summary>Entries for signals nPublic+1 .. nVars-1 (index 0 is signal nPublic+1).</summary>
    public required G1Affine[] C { get; init; }
    public required G1Affine[] H { get; init; }
    public required MpcParams Mpc { get; init; }

    public int DomainLog2 => System.Numerics.BitOperations.Log2((uint)DomainSize);

    /// <summary>True when no phase-2 contribution was made: whoever ran setup knows delta and can forge proofs.</summary>
    public bool IsSingleParty => Mpc.IsSingleParty;

    public VerificationKey VerificationKey => new(Alpha1, Beta2, Gamma2, Delta2, IC);

    /// <summary>A copy with replaced delta/C/H/MPC (a phase-2 contribution changes only those).</summary>
    public ProvingKey WithDelta(G1Affine delta1, G2Affine delta2, G1Affine[] c, G1Affine[] h, MpcParams mpc) => new()
    {
        NVars = NVars, NPublic = NPublic, DomainSize = DomainSize,
        Alpha1 = Alpha1, Beta1 = Beta1, Beta2 = Beta2, Gamma2 = Gamma2,
        Delta1 = delta1, Delta2 = delta2,
        IC = IC, Coefficients = Coefficients, A = A, B1 = B1, B2 = B2,
        C = c, H = h, Mpc = mpc,
    };
}
