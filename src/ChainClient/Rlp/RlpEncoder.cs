using System.Numerics;

namespace ZkChain.ChainClient.Rlp;

/// <summary>Recursive Length Prefix encoding (Ethereum yellow paper, appendix B).</summary>
public static class RlpEncoder
{
    /// <summary>Encodes a byte string.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length == 1 && data[0] < 0x80) return [data[0]];
        var prefix = Prefix(0x80, data.Length);
        var result = new byte[prefix.Length + data.Length];
        prefix.CopyTo(result, 0);
        data.CopyTo(result.AsSpan(prefix.Length));
        return result;
    }

    /// <summary>Encodes a non-negative integer as its minimal big-endian byte string (zero is the empty string).</summary>
    public static byte[] EncodeUInt(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "RLP integers are non-negative");
        return EncodeBytes(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    public static byte[] EncodeUInt(ulong value) => EncodeUInt(new BigInteger(value));

    /// <summary>Encodes a list whose items are already RLP-encoded.</summary>
    public static byte[] EncodeList(params byte[][] encodedItems) => EncodeList((IEnumerable<byte[]>)encodedItems);

    public static byte[] EncodeList(IEnumerable<byte[]> encodedItems)
    {
        var items = encodedItems as IReadOnlyCollection<byte[]> ?? encodedItems.ToList();
        int total = items.Sum(i => i.Length);
        var prefix = Prefix(0xc0, total);
        var result = new byte[prefix.Length + total];
        prefix.CopyTo(result, 0);
        int off = prefix.Length;
        foreach (var i in items)
        {
            i.CopyTo(result, off);
            off += i.Length;
        }
        return result;
    }

    /// <summary>Encodes an <see cref="RlpItem"/> tree.</summary>
    public static byte[] Encode(RlpItem item) =>
        item.IsList ? EncodeList(item.Items.Select(Encode)) : EncodeBytes(item.Bytes.Span);

    private static byte[] Prefix(byte offset, int length)
    {
        if (length <= 55) return [(byte)(offset + length)];
        var lenBytes = new BigInteger(length).ToByteArray(isUnsigned: true, isBigEndian: true);
        var p = new byte[1 + lenBytes.Length];
        p[0] = (byte)(offset + 55 + lenBytes.Length);
        lenBytes.CopyTo(p, 1);
        return p;
    }
}
