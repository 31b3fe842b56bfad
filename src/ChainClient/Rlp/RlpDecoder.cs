namespace ZkChain.ChainClient.Rlp;

/// <summary>
/// Strict RLP decoding: rejects non-canonical forms (single bytes below 0x80 wrapped in a prefix, long-form lengths that
/// fit the short form, lengths with leading zeros), truncated input and trailing bytes.
/// </summary>
public static class RlpDecoder
{
    /// <summary>Decodes exactly one item spanning all of <paramref name="data"/>.</summary>
    public static RlpItem Decode(ReadOnlyMemory<byte> data)
    {
        int pos = 0;
        var item = DecodeItem(data, ref pos, 0);
        if (pos != data.Length) throw new InvalidDataException($"RLP: {data.Length - pos} trailing bytes after the item");
        return item;
    }

    private const int MaxDepth = 64;

    private static RlpItem DecodeItem(ReadOnlyMemory<byte> data, ref int pos, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("RLP: nesting deeper than 64 levels");
        var s = data.Span;
        if (pos >= s.Length) throw new InvalidDataException("RLP: unexpected end of input");
        byte p = s[pos];
        if (p < 0x80)
        {
            return RlpItem.String(data.Slice(pos++, 1));
        }
        if (p <= 0xb7)
        {
            int len = p - 0x80;
            pos++;
            EnsureAvailable(s, pos, len);
            if (len == 1 && s[pos] < 0x80) throw new InvalidDataException("RLP: single byte below 0x80 must not have a prefix");
            var item = RlpItem.String(data.Slice(pos, len));
            pos += len;
            return item;
        }
        if (p <= 0xbf)
        {
            int len = ReadLongLength(s, ref pos, p - 0xb7);
            EnsureAvailable(s, pos, len);
            var item = RlpItem.String(data.Slice(pos, len));
            pos += len;
            return item;
        }
        int listLen;
        if (p <= 0xf7)
        {
            listLen = p - 0xc0;
            pos++;
        }
        else
        {
            listLen = ReadLongLength(s, ref pos, p - 0xf7);
        }
        EnsureAvailable(s, pos, listLen);
        int end = pos + listLen;
        var items = new List<RlpItem>();
        while (pos < end)
        {
            items.Add(DecodeItem(data[..end], ref pos, depth + 1));
        }
        return RlpItem.List(items);
    }

    private static int ReadLongLength(ReadOnlySpan<byte> s, ref int pos, int lenOfLen)
    {
        pos++;
        EnsureAvailable(s, pos, lenOfLen);
        if (s[pos] == 0) throw new InvalidDataException("RLP: length has a leading zero byte");
        if (lenOfLen > 4) throw new InvalidDataException("RLP: length too large");
        long len = 0;
        for (int i = 0; i < lenOfLen; i++) len = (len << 8) | s[pos + i];
        pos += lenOfLen;
        if (len <= 55) throw new InvalidDataException("RLP: long-form length used for a payload of 55 bytes or fewer");
        if (len > int.MaxValue) throw new InvalidDataException("RLP: length too large");
        return (int)len;
    }

    private static void EnsureAvailable(ReadOnlySpan<byte> s, int pos, int len)
    {
        if (len < 0 || pos + (long)len > s.Length)
        {
            throw new InvalidDataException($"RLP: item needs {len} bytes but only {Math.Max(0, s.Length - pos)} remain");
        }
    }
}
