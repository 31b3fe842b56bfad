using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using ZkChain.Algebra;

namespace ZkChain.Groth16.Ceremony;

/// <summary>
/// The public randomness of a random beacon contribution, derived exactly as snarkjs does for
/// `zkey beacon` (and `powersoftau beacon`): the beacon value (e.g. a future block hash, published
/// before anyone could predict it) is hashed with SHA-256 2^numIterationsExp times — a deliberately slow
/// step so that nobody can try many beacon values in the time between the beacon's publication and the
/// ceremony's close — and the final 32 bytes, read as eight big-endian u32, seed ffjavascript's ChaCha20
/// generator, from which the secret scalar and the proof-of-knowledge base point are drawn.
/// A beacon's "secret" is therefore public: a beacon adds unpredictability, not secrecy.
/// </summary>
public static class BeaconRandomness
{
    /// <summary>snarkjs's bounds on numIterationsExp.</summary>
    public const int MinIterationsExp = 10;
    public const int MaxIterationsExp = 63;

    /// <summary>Parses the beacon hash as hex (an optional 0x prefix is allowed): 1..255 bytes, even length.</summary>
    public static byte[] ParseBeaconHash(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (s.Length == 0 || s.Length % 2 != 0 || !s.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"beacon hash '{hex}' is not a hexadecimal byte string (even number of hex digits, at least one byte)", "beacon");
        }
        if (s.Length / 2 > 255) throw new ArgumentException($"beacon hash has {s.Length / 2} bytes; the maximum is 255", "beacon");
        return Convert.FromHexString(s);
    }

    /// <summary>Throws unless 10 ≤ numIterationsExp ≤ 63 (snarkjs's range).</summary>
    public static void ValidateIterationsExp(int numIterationsExp)
    {
        if (numIterationsExp is < MinIterationsExp or > MaxIterationsExp)
        {
            throw new ArgumentException($"numIterationsExp {numIterationsExp.ToString(CultureInfo.InvariantCulture)} out of range {MinIterationsExp}..{MaxIterationsExp} (the beacon is hashed 2^n times)", "iterations");
        }
    }

    /// <summary>SHA-256 applied 2^numIterationsExp times to the beacon hash.</summary>
    public static byte[] IteratedHash(ReadOnlySpan<byte> beaconHash, int numIterationsExp, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancel = default)
    {
        ValidateIterationsExp(numIterationsExp);
        if (beaconHash.Length is 0 or > 255) throw new ArgumentException("beacon hash must have 1..255 bytes", nameof(beaconHash));
        var total = (UInt128)1 << numIterationsExp;
        // The first round hashes the beacon itself (any length); every later round hashes 32 bytes.
        Span<byte> cur = stackalloc byte[32];
        SHA256.HashData(beaconHash, cur);
        const int reportEvery = 1 << 16;
        for (UInt128 i = 1; i < total; i++)
        {
            SHA256.HashData(cur, cur);
            if ((ulong)(i & (reportEvery - 1)) == 0)
            {
                cancel.ThrowIfCancellationRequested();
                progress?.Report(("beacon: iterated SHA-256", (double)i / (double)total));
            }
        }
        progress?.Report(("beacon: iterated SHA-256", 1));
        return cur.ToArray();
    }

    /// <summary>The ChaCha20 generator snarkjs seeds from the iterated hash.</summary>
    internal static ChaCha Rng(ReadOnlySpan<byte> iteratedHash)
    {
        var seed = new uint[8];
        for (var i = 0; i < 8; i++) seed[i] = BinaryPrimitives.ReadUInt32BigEndian(iteratedHash[(i * 4)..]);
        return new ChaCha(seed);
    }

    private static readonly BigInteger Mask254 = (BigInteger.One << 254) - 1;

    /// <summary>ffjavascript's (wasm) Fr.fromRng: four u64 little-endian limbs, masked to 254 bits, rejected while ≥ r, taken as a Montgomery representation.</summary>
    internal static Fr FrFromRng(ChaCha rng)
    {
        BigInteger v;
        do
        {
            v = BigInteger.Zero;
            for (var i = 0; i < 4; i++) v += (BigInteger)rng.NextU64() << (64 * i);
            v &= Mask254;
        } while (v >= Fr.Modulus);
        Span<byte> b = stackalloc byte[32];
        v.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false);
        return Fr.FromMontgomeryBytesLE(b);
    }

    private static readonly BigInteger HalfQ = (Fq.Modulus - 1) / 2;
    private static readonly BigInteger SqrtExp = (Fq.Modulus + 1) / 4;

    /// <summary>ffjavascript's (wasm) Fq.fromRng, as for Fr but modulo q.</summary>
    private static Fq FqFromRng(ChaCha rng)
    {
        BigInteger v;
        do
        {
            v = BigInteger.Zero;
            for (var i = 0; i < 4; i++) v += (BigInteger)rng.NextU64() << (64 * i);
            v &= Mask254;
        } while (v >= Fq.Modulus);
        Span<byte> b = stackalloc byte[32];
        v.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false);
        return Fq.FromMontgomeryBytesLE(b);
    }

    /// <summary>
    /// ffjavascript's G1.fromRng: draw x until x³ + 3 is a square, draw a sign bit with it, take the square
    /// root whose "negative" flag (y &gt; (q−1)/2) equals the bit. G1 has cofactor 1.
    /// </summary>
    internal static G1Affine G1FromRng(ChaCha rng)
    {
        var three = Fq.FromUInt64(3);
        while (true)
        {
            var x = FqFromRng(rng);
            var greatest = rng.NextBool();
            var rhs = x * x * x + three;
            var y = rhs.Pow(SqrtExp);
            if (y * y != rhs) continue;
            var negative = y.ToBigInteger() > HalfQ;
            if (greatest ^ negative) y = -y;
            var p = new G1Affine(x, y);
            if (!p.IsOnCurve()) throw new InvalidOperationException("beacon point derivation produced a point off the curve");
            return p;
        }
    }

    /// <summary>The beacon's secret scalar and proof-of-knowledge base g1_s, in snarkjs's draw order.</summary>
    public static (Fr Secret, G1Affine G1S) Derive(ReadOnlySpan<byte> beaconHash, int numIterationsExp, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancel = default)
    {
        var h = IteratedHash(beaconHash, numIterationsExp, progress, cancel);
        var rng = Rng(h);
        var secret = FrFromRng(rng);
        var g1s = G1FromRng(rng);
        return (secret, g1s);
    }
}
