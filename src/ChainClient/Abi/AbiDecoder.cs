using System.Numerics;
using System.Text;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Abi;

/// <summary>
/// Strict ABI decoding: offsets and lengths must stay inside the data, padding bits must be zero, bools must be 0 or 1.
/// Malformed data throws <see cref="InvalidDataException"/> naming the value's position.
/// </summary>
public static class AbiDecoder
{
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        var buf = data.ToArray();
        return DecodeSequence(types, buf, 0, "", 0);
    }

    public static object? Decode(AbiType type, ReadOnlySpan<byte> data) => Decode([type], data)[0];

    private const int MaxDepth = 32;

    private static object?[] DecodeSequence(IReadOnlyList<AbiType> types, byte[] data, int start, string path, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("ABI data nested too deeply");
        var result = new object?[types.Count];
        int headPos = start;
        for (int i = 0; i < types.Count; i++)
        {
            var p = path.Length == 0 ? $"[{i}]" : $"{path}[{i}]";
            var t = types[i];
            if (t.IsDynamic)
            {
                var off = ReadLength(data, headPos, p, "offset");
                long target = start + off;
                if (target > data.Length) throw new InvalidDataException($"ABI data {p}: offset {off} points outside the data");
                result[i] = DecodeValue(t, data, (int)target, p, depth);
            }
            else
            {
                result[i] = DecodeValue(t, data, headPos, p, depth);
            }
            headPos += t.HeadSize;
        }
        return result;
    }

    private static object? DecodeValue(AbiType type, byte[] data, int pos, string path, int depth)
    {
        switch (type.Kind)
        {
            case AbiKind.UInt:
            {
                var w = Word(data, pos, path);
                int zeroBytes = 32 - type.Size / 8;
                if (w[..zeroBytes].IndexOfAnyExcept((byte)0) >= 0) throw new InvalidDataException($"ABI data {path}: value does not fit {type}");
                return new BigInteger(w, isUnsigned: true, isBigEndian: true);
            }
            case AbiKind.Int:
            {
                var w = Word(data, pos, path);
                var v = new BigInteger(w, isUnsigned: false, isBigEndian: true);
                var lim = BigInteger.One << (type.Size - 1);
                if (v < -lim || v >= lim) throw new InvalidDataException($"ABI data {path}: value does not fit {type}");
                return v;
            }
            case AbiKind.Address:
            {
                var w = Word(data, pos, path);
                if (w[..12].IndexOfAnyExcept((byte)0) >= 0) throw new InvalidDataException($"ABI data {path}: address has non-zero high bytes");
                return new Address(w[12..]);
            }
            case AbiKind.Bool:
            {
                var w = Word(data, pos, path);
                if (w[..31].IndexOfAnyExcept((byte)0) >= 0 || w[31] > 1) throw new InvalidDataException($"ABI data {path}: bool is not 0 or 1");
                return w[31] == 1;
            }
            case AbiKind.FixedBytes:
            {
                var w = Word(data, pos, path);
                if (w[type.Size..].IndexOfAnyExcept((byte)0) >= 0) throw new InvalidDataException($"ABI data {path}: {type} has non-zero padding");
                return w[..type.Size].ToArray();
            }
            case AbiKind.Bytes:
            case AbiKind.String:
            {
                var len = ReadLength(data, pos, path, "length");
                long bodyStart = pos + 32L;
                if (bodyStart + len > data.Length) throw new InvalidDataException($"ABI data {path}: length {len} runs past the end of the data");
                var body = data.AsSpan((int)bodyStart, (int)len);
                long padded = (len + 31) / 32 * 32;
                if (bodyStart + padded > data.Length) throw new InvalidDataException($"ABI data {path}: missing padding after {type}");
                if (data.AsSpan((int)(bodyStart + len), (int)(padded - len)).IndexOfAnyExcept((byte)0) >= 0)
                {
                    throw new InvalidDataException($"ABI data {path}: non-zero padding after {type}");
                }
                if (type.Kind == AbiKind.Bytes) return body.ToArray();
                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
                }
                catch (DecoderFallbackException e)
                {
                    throw new InvalidDataException($"ABI data {path}: string is not valid UTF-8", e);
                }
            }
            case AbiKind.Array:
            {
                var count = ReadLength(data, pos, path, "array length");
                // every element needs at least one 32-byte word in the head; refuse counts the data cannot hold
                if (count * (long)type.Element!.HeadSize > data.Length - (pos + 32L)) throw new InvalidDataException($"ABI data {path}: array length {count} exceeds the data");
                return DecodeSequence(Enumerable.Repeat(type.Element!, (int)count).ToArray(), data, pos + 32, path, depth + 1);
            }
            case AbiKind.FixedArray:
                return DecodeSequence(Enumerable.Repeat(type.Element!, type.Size).ToArray(), data, pos, path, depth + 1);
            case AbiKind.Tuple:
                return DecodeSequence(type.Components.Select(c => c.Type).ToArray(), data, pos, path, depth + 1);
            default:
                throw new InvalidOperationException("unknown ABI kind");
        }
    }

    private static ReadOnlySpan<byte> Word(byte[] data, int pos, string path)
    {
        if (pos < 0 || pos + 32L > data.Length) throw new InvalidDataException($"ABI data {path}: data too short (need 32 bytes at {pos}, have {data.Length})");
        return data.AsSpan(pos, 32);
    }

    private static long ReadLength(byte[] data, int pos, string path, string what)
    {
        var w = Word(data, pos, path);
        if (w[..24].IndexOfAnyExcept((byte)0) >= 0) throw new InvalidDataException($"ABI data {path}: {what} is too large");
        ulong v = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(w[24..]);
        if (v > int.MaxValue) throw new InvalidDataException($"ABI data {path}: {what} is too large");
        return (long)v;
    }
}
