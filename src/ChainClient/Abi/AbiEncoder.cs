using System.Numerics;
using System.Text;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Abi;

/// <summary>Standard (non-packed) Solidity ABI encoding.</summary>
public static class AbiEncoder
{
    /// <summary>Encodes values as the tuple of <paramref name="types"/> (function arguments, return data, event data).</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count) throw new ArgumentException($"expected {types.Count} values, got {values.Count}", nameof(values));
        using var ms = new MemoryStream();
        EncodeSequence(types, values, ms, "");
        return ms.ToArray();
    }

    public static byte[] Encode(AbiType type, object? value) => Encode([type], [value]);

    /// <summary>selector ++ encode(args).</summary>
    public static byte[] EncodeCall(ReadOnlySpan<byte> selector, IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        if (selector.Length != 4) throw new ArgumentException("a selector is 4 bytes", nameof(selector));
        var body = Encode(types, values);
        var r = new byte[4 + body.Length];
        selector.CopyTo(r);
        body.CopyTo(r, 4);
        return r;
    }

    private static void EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, Stream output, string path)
    {
        int headSize = types.Sum(t => t.HeadSize);
        var tails = new List<byte[]>();
        var head = new MemoryStream();
        int tailOffset = headSize;
        for (int i = 0; i < types.Count; i++)
        {
            var p = path.Length == 0 ? $"[{i}]" : $"{path}[{i}]";
            if (types[i].IsDynamic)
            {
                using var tail = new MemoryStream();
                EncodeValue(types[i], values[i], tail, p);
                var tb = tail.ToArray();
                WriteWord(head, new BigInteger(tailOffset));
                tails.Add(tb);
                tailOffset += tb.Length;
            }
            else
            {
                EncodeValue(types[i], values[i], head, p);
            }
        }
        head.Position = 0;
        head.CopyTo(output);
        foreach (var t in tails) output.Write(t);
    }

    private static void EncodeValue(AbiType type, object? value, Stream output, string path)
    {
        if (value == null) throw new ArgumentException($"ABI value {path} ({type}) is null");
        switch (type.Kind)
        {
            case AbiKind.UInt:
            {
                var v = ToBigInteger(value, type, path);
                if (v.Sign < 0 || v.GetBitLength() > type.Size) throw new ArgumentException($"ABI value {path}: {v} does not fit {type}");
                WriteWord(output, v);
                break;
            }
            case AbiKind.Int:
            {
                var v = ToBigInteger(value, type, path);
                var lim = BigInteger.One << (type.Size - 1);
                if (v < -lim || v >= lim) throw new ArgumentException($"ABI value {path}: {v} does not fit {type}");
                WriteWord(output, v.Sign < 0 ? (BigInteger.One << 256) + v : v);
                break;
            }
            case AbiKind.Address:
            {
                var a = value switch
                {
                    Address ad => ad,
                    string s => Address.Parse(s, $"ABI value {path}"),
                    _ => throw new ArgumentException($"ABI value {path}: expected an Address for {type}, got {value.GetType().Name}"),
                };
                var w = new byte[32];
                a.Bytes.CopyTo(w.AsSpan(12));
                output.Write(w);
                break;
            }
            case AbiKind.Bool:
            {
                if (value is not bool b) throw new ArgumentException($"ABI value {path}: expected bool, got {value.GetType().Name}");
                WriteWord(output, b ? BigInteger.One : BigInteger.Zero);
                break;
            }
            case AbiKind.FixedBytes:
            {
                var bytes = ToBytes(value, path, type);
                if (bytes.Length != type.Size) throw new ArgumentException($"ABI value {path}: {type} needs exactly {type.Size} bytes, got {bytes.Length}");
                var w = new byte[32];
                bytes.CopyTo(w, 0);
                output.Write(w);
                break;
            }
            case AbiKind.Bytes:
            case AbiKind.String:
            {
                byte[] bytes = type.Kind == AbiKind.String
                    ? value is string s ? Encoding.UTF8.GetBytes(s) : throw new ArgumentException($"ABI value {path}: expected string, got {value.GetType().Name}")
                    : ToBytes(value, path, type);
                WriteWord(output, new BigInteger(bytes.Length));
                output.Write(bytes);
                int pad = (32 - bytes.Length % 32) % 32;
                output.Write(new byte[pad]);
                break;
            }
            case AbiKind.Array:
            {
                var items = ToList(value, path, type);
                WriteWord(output, new BigInteger(items.Count));
                EncodeSequence(Enumerable.Repeat(type.Element!, items.Count).ToArray(), items, output, path);
                break;
            }
            case AbiKind.FixedArray:
            {
                var items = ToList(value, path, type);
                if (items.Count != type.Size) throw new ArgumentException($"ABI value {path}: {type} needs {type.Size} items, got {items.Count}");
                EncodeSequence(Enumerable.Repeat(type.Element!, items.Count).ToArray(), items, output, path);
                break;
            }
            case AbiKind.Tuple:
            {
                var items = ToList(value, path, type);
                if (items.Count != type.Components.Count) throw new ArgumentException($"ABI value {path}: {type} needs {type.Components.Count} fields, got {items.Count}");
                EncodeSequence(type.Components.Select(c => c.Type).ToArray(), items, output, path);
                break;
            }
        }
    }

    private static void WriteWord(Stream output, BigInteger nonNegative)
    {
        var w = new byte[32];
        if (!nonNegative.IsZero)
        {
            var b = nonNegative.ToByteArray(isUnsigned: true, isBigEndian: true);
            b.CopyTo(w, 32 - b.Length);
        }
        output.Write(w);
    }

    internal static BigInteger ToBigInteger(object value, AbiType type, string path) => value switch
    {
        BigInteger b => b,
        UInt256 u => u.Value,
        int i => i,
        long l => l,
        uint ui => ui,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        byte by => by,
        sbyte sb => sb,
        _ => throw new ArgumentException($"ABI value {path}: expected an integer for {type}, got {value.GetType().Name}"),
    };

    private static byte[] ToBytes(object value, string path, AbiType type) => value switch
    {
        byte[] b => b,
        ReadOnlyMemory<byte> m => m.ToArray(),
        Memory<byte> m => m.ToArray(),
        _ => throw new ArgumentException($"ABI value {path}: expected byte[] for {type}, got {value.GetType().Name}"),
    };

    private static IReadOnlyList<object?> ToList(object value, string path, AbiType type) => value switch
    {
        IReadOnlyList<object?> l => l,
        System.Collections.IEnumerable e when value is not string && value is not byte[] => e.Cast<object?>().ToList(),
        _ => throw new ArgumentException($"ABI value {path}: expected a list for {type}, got {value.GetType().Name}"),
    };
}
