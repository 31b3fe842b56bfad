using System.Runtime.CompilerServices;

namespace ZkChain.Algebra;

/// <summary>Four little-endian 64-bit limbs; the storage of every prime-field element.</summary>
internal struct U256
{
    public ulong L0, L1, L2, L3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public U256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3;
    }

    public readonly bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (L0 | L1 | L2 | L3) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Equals(in U256 o) => ((L0 ^ o.L0) | (L1 ^ o.L1) | (L2 ^ o.L2) | (L3 ^ o.L3)) == 0;

    public readonly bool Bit(int i) => i switch
    {
        < 64 => ((L0 >> i) & 1) != 0,
        < 128 => ((L1 >> (i - 64)) & 1) != 0,
        < 192 => ((L2 >> (i - 128)) & 1) != 0,
        _ => ((L3 >> (i - 192)) & 1) != 0,
    };

    public readonly int BitLength =>
        L3 != 0 ? 256 - System.Numerics.BitOperations.LeadingZeroCount(L3)
        : L2 != 0 ? 192 - System.Numerics.BitOperations.LeadingZeroCount(L2)
        : L1 != 0 ? 128 - System.Numerics.BitOperations.LeadingZeroCount(L1)
        : 64 - System.Numerics.BitOperations.LeadingZeroCount(L0);

    public static U256 FromBigInteger(System.Numerics.BigInteger v)
    {
        // Caller guarantees 0 <= v < 2^256.
        Span<byte> b = stackalloc byte[32];
        b.Clear();
        if (!v.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false))
        {
            throw new ArgumentOutOfRangeException(nameof(v), "value does not fit in 256 bits");
        }
        return ReadLE(b);
    }

    public readonly System.Numerics.BigInteger ToBigInteger()
    {
        Span<byte> b = stackalloc byte[32];
        WriteLE(b);
        return new System.Numerics.BigInteger(b, isUnsigned: true, isBigEndian: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 ReadLE(ReadOnlySpan<byte> b) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[24..]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteLE(Span<byte> b)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, L0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b[8..], L1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b[16..], L2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b[24..], L3);
    }

    public static U256 ReadBE(ReadOnlySpan<byte> b) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[24..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[16..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[8..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b));

    public readonly void WriteBE(Span<byte> b)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[24..], L0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[16..], L1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[8..], L2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b, L3);
    }
}
