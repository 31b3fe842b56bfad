using System.Numerics;

namespace ZkChain.ChainClient.Rlp;

/// <summary>A decoded RLP value: either a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private RlpItem(bool isList, ReadOnlyMemory<byte> bytes, IReadOnlyList<RlpItem> items)
    {
        IsList = isList;
        Bytes = bytes;
        Items = items;
    }

    public bool IsList { get; }
    /// <summary>The string's bytes (empty for a list).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }
    /// <summary>The list's items (empty for a string).</summary>
    public IReadOnlyList<RlpItem> Items { get; }

    public static RlpItem String(ReadOnlyMemory<byte> bytes) => new(false, bytes, []);
    public static RlpItem List(IReadOnlyList<RlpItem> items) => new(true, ReadOnlyMemory<byte>.Empty, items);
    public static RlpItem List(params RlpItem[] items) => new(true, ReadOnlyMemory<byte>.Empty, items);

    /// <summary>Reads this string as a canonical unsigned integer (no leading zero bytes).</summary>
    public BigInteger AsUInt(string field = "integer", int maxBytes = 32)
    {
        if (IsList) throw new InvalidDataException($"RLP {field}: expected a string, found a list");
        var b = Bytes.Span;
        if (b.Length > maxBytes) throw new InvalidDataException($"RLP {field}: integer longer than {maxBytes} bytes");
        if (b.Length > 0 && b[0] == 0) throw new InvalidDataException($"RLP {field}: integer has a leading zero byte");
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    public byte[] AsBytes(string field = "bytes")
    {
        if (IsList) throw new InvalidDataException($"RLP {field}: expected a string, found a list");
        return Bytes.ToArray();
    }
}
