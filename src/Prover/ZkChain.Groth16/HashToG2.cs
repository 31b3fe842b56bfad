using System.Buffers.Binary;
using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>
/// The deterministic "hash to G2" that snarkjs uses for the proofs of knowledge in ptau and zkey
/// contributions (keypair.hashToG2): a ChaCha20 stream seeded with the first 32 bytes of a hash
/// (as eight big-endian u32) drives ffjavascript's G2.fromRng — try x in Fq2 until x³ + b is a square,
/// take the root whose sign matches a random bit, then multiply by the G2 cofactor. Reproduced
/// exactly, because `snarkjs zkey verify` / `powersoftau verify` recompute it from the transcript.
/// </summary>
public static class HashToG2
{
    private static readonly BigInteger Q = Fq.Modulus;
    private static readonly BigInteger HalfQ = (Q - 1) / 2;
    private static readonly BigInteger Cofactor = BigInteger.Parse("030644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d", System.Globalization.NumberStyles.HexNumber);
    private static readonly Fq2 B2 = new Fq2(Fq.FromUInt64(3), Fq.Zero) * new Fq2(Fq.FromUInt64(9), Fq.One).Inverse();
    private static readonly BigInteger Mask = (BigInteger.One << 254) - 1;

    public static G2Affine FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length < 32) throw new ArgumentException("hash must have at least 32 bytes", nameof(hash));
        var seed = new uint[8];
        for (var i = 0; i < 8; i++) seed[i] = BinaryPrimitives.ReadUInt32BigEndian(hash[(i * 4)..]);
        var rng = new ChaCha(seed);
        return FromRng(rng);
    }

    internal static G2Affine FromRng(ChaCha rng)
    {
        Fq2 x, rhs;
        bool greatest;
        while (true)
        {
            x = new Fq2(FqFromRng(rng), FqFromRng(rng));
            greatest = rng.NextBool();
            rhs = x * x * x + B2;
            if (IsSquare(rhs)) break;
        }
        var y = Sqrt(rhs);
        if (greatest ^ IsNegative(y)) y = -y;
        var p = new G2Affine(x, y);
        return MulBig(p, Cofactor).ToAffine();
    }

    /// <summary>A point (x, y) on the twist for this x, if x³ + b is a square; not necessarily in G2.</summary>
    internal static bool TryLift(in Fq2 x, out G2Affine p)
    {
        var rhs = x * x * x + B2;
        if (!IsSquare(rhs)) { p = default; return false; }
        p = new G2Affine(x, Sqrt(rhs));
        return true;
    }

    /// <summary>ffjavascript's Fq fromRng: 4 u64 (high u32 first) little-endian limbs, masked to 254 bits,
    /// rejected while ≥ q, then taken as a Montgomery representation (value v·R⁻¹).</summary>
    private static Fq FqFromRng(ChaCha rng)
    {
        BigInteger v;
        do
        {
            v = BigInteger.Zero;
            for (var i = 0; i < 4; i++) v += (BigInteger)rng.NextU64() << (64 * i);
            v &= Mask;
        } while (v >= Q);
        Span<byte> b = stackalloc byte[32];
        v.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false);
        return Fq.FromMontgomeryBytesLE(b);
    }

    private static bool IsNegativeFq(in Fq a) => a.ToBigInteger() > HalfQ;

    private static bool IsNegative(in Fq2 a) => a.C1.IsZero ? IsNegativeFq(a.C0) : IsNegativeFq(a.C1);

    private static bool IsSquare(in Fq2 a)
    {
        if (a.IsZero) return true;
        var norm = a.C0 * a.C0 + a.C1 * a.C1;
        var l = norm.Pow(HalfQ);
        return l.IsOne || norm.IsZero;
    }

    /// <summary>A square root in Fq2 = Fq[u]/(u²+1), q ≡ 3 (mod 4) (Adj–Rodríguez-Henríquez, algorithm 9).</summary>
    private static Fq2 Sqrt(in Fq2 a)
    {
        if (a.IsZero) return a;
        var a1 = a.Pow((Q - 3) / 4);
        var alpha = a1 * a1 * a;
        var x0 = a1 * a;
        var minusOne = -Fq2.One;
        Fq2 x;
        if (alpha == minusOne)
        {
            x = new Fq2(Fq.Zero, Fq.One) * x0;
        }
        else
        {
            var b = (Fq2.One + alpha).Pow((Q - 1) / 2);
            x = b * x0;
        }
        if (x * x != a) throw new InvalidOperationException("Fq2 square root failed for a square");
        return x;
    }

    /// <summary>Scalar multiplication by an integer that may exceed r (the cofactor).</summary>
    private static G2Jacobian MulBig(in G2Affine p, BigInteger k)
    {
        var acc = G2Jacobian.Infinity;
        for (var i = (int)k.GetBitLength() - 1; i >= 0; i--)
        {
            acc.Double();
            if (!(k >> i).IsEven) acc.AddMixed(p);
        }
        return acc;
    }
}

/// <summary>ffjavascript's ChaCha20-based deterministic RNG (20 rounds, 64-bit block counter in words 12–15).</summary>
internal sealed class ChaCha
{
    private readonly uint[] _state = new uint[16];
    private readonly uint[] _buf = new uint[16];
    private int _idx = 16;

    public ChaCha(ReadOnlySpan<uint> seed)
    {
        _state[0] = 0x61707865; _state[1] = 0x3320646E; _state[2] = 0x79622D32; _state[3] = 0x6B206574;
        for (var i = 0; i < 8; i++) _state[4 + i] = seed[i];
    }

    public uint NextU32()
    {
        if (_idx == 16) Update();
        return _buf[_idx++];
    }

    public ulong NextU64()
    {
        ulong hi = NextU32();
        ulong lo = NextU32();
        return (hi << 32) | lo;
    }

    public bool NextBool() => (NextU32() & 1) == 1;

    private static void Quarter(uint[] s, int a, int b, int c, int d)
    {
        s[a] += s[b]; s[d] ^= s[a]; s[d] = BitOperations.RotateLeft(s[d], 16);
        s[c] += s[d]; s[b] ^= s[c]; s[b] = BitOperations.RotateLeft(s[b], 12);
        s[a] += s[b]; s[d] ^= s[a]; s[d] = BitOperations.RotateLeft(s[d], 8);
        s[c] += s[d]; s[b] ^= s[c]; s[b] = BitOperations.RotateLeft(s[b], 7);
    }

    private void Update()
    {
        Array.Copy(_state, _buf, 16);
        for (var i = 0; i < 10; i++)
        {
            Quarter(_buf, 0, 4, 8, 12); Quarter(_buf, 1, 5, 9, 13); Quarter(_buf, 2, 6, 10, 14); Quarter(_buf, 3, 7, 11, 15);
            Quarter(_buf, 0, 5, 10, 15); Quarter(_buf, 1, 6, 11, 12); Quarter(_buf, 2, 7, 8, 13); Quarter(_buf, 3, 4, 9, 14);
        }
        for (var i = 0; i < 16; i++) _buf[i] += _state[i];
        _idx = 0;
        for (var w = 12; w < 16; w++)
        {
            _state[w]++;
            if (_state[w] != 0) break;
        }
    }
}
