using System.Globalization;

namespace ZkChain.ChainClient.Abi;

public enum AbiKind { UInt, Int, Address, Bool, FixedBytes, Bytes, String, Array, FixedArray, Tuple }

/// <summary>A named tuple component.</summary>
public sealed record AbiComponent(string Name, AbiType Type);

/// <summary>
/// A Solidity ABI type. Parse from the canonical text ("uint256", "bytes32[]", "(address,uint64)[2]") or from the JSON ABI
/// (type + components). Values: uintN/intN ↔ <see cref="System.Numerics.BigInteger"/>; address ↔ <see cref="Primitives.Address"/>;
/// bool; bytes/bytesN ↔ byte[]; string; arrays and tuples ↔ object?[].
/// </summary>
public sealed class AbiType
{
    private AbiType(AbiKind kind, int size, AbiType? element, IReadOnlyList<AbiComponent> components)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Components = components;
        CanonicalName = kind switch
        {
            AbiKind.UInt => "uint" + size,
            AbiKind.Int => "int" + size,
            AbiKind.Address => "address",
            AbiKind.Bool => "bool",
            AbiKind.FixedBytes => "bytes" + size,
            AbiKind.Bytes => "bytes",
            AbiKind.String => "string",
            AbiKind.Array => element!.CanonicalName + "[]",
            AbiKind.FixedArray => element!.CanonicalName + "[" + size.ToString(CultureInfo.InvariantCulture) + "]",
            AbiKind.Tuple => "(" + string.Join(",", components.Select(c => c.Type.CanonicalName)) + ")",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        IsDynamic = kind switch
        {
            AbiKind.Bytes or AbiKind.String or AbiKind.Array => true,
            AbiKind.FixedArray => element!.IsDynamic,
            AbiKind.Tuple => components.Any(c => c.Type.IsDynamic),
            _ => false,
        };
        HeadSize = IsDynamic ? 32 : kind switch
        {
            AbiKind.FixedArray => size * element!.HeadSize,
            AbiKind.Tuple => components.Sum(c => c.Type.HeadSize),
            _ => 32,
        };
    }

    public AbiKind Kind { get; }
    /// <summary>Bits for uintN/intN, bytes for bytesN, length for T[k]; 0 otherwise.</summary>
    public int Size { get; }
    public AbiType? Element { get; }
    public IReadOnlyList<AbiComponent> Components { get; }
    /// <summary>The canonical name used in signatures (tuples as "(t1,t2)").</summary>
    public string CanonicalName { get; }
    public bool IsDynamic { get; }
    /// <summary>Bytes this type occupies in the head of an enclosing tuple.</summary>
    public int HeadSize { get; }

    public override string ToString() => CanonicalName;

    public static readonly AbiType UInt256 = UInt(256);
    public static readonly AbiType Address = new(AbiKind.Address, 0, null, []);
    public static readonly AbiType Bool = new(AbiKind.Bool, 0, null, []);
    public static readonly AbiType Bytes = new(AbiKind.Bytes, 0, null, []);
    public static readonly AbiType String = new(AbiKind.String, 0, null, []);
    public static readonly AbiType Bytes32 = FixedBytes(32);

    public static AbiType UInt(int bits) => new(AbiKind.UInt, CheckBits(bits), null, []);
    public static AbiType Int(int bits) => new(AbiKind.Int, CheckBits(bits), null, []);
    public static AbiType FixedBytes(int n) =>
        n is >= 1 and <= 32 ? new(AbiKind.FixedBytes, n, null, []) : throw new ArgumentOutOfRangeException(nameof(n), "bytesN needs 1 <= N <= 32");
    public static AbiType ArrayOf(AbiType element) => new(AbiKind.Array, 0, element, []);
    public static AbiType FixedArrayOf(AbiType element, int length) =>
        length >= 1 ? new(AbiKind.FixedArray, length, element, []) : throw new ArgumentOutOfRangeException(nameof(length), "T[k] needs k >= 1");
    public static AbiType Tuple(params AbiType[] types) => new(AbiKind.Tuple, 0, null, types.Select((t, i) => new AbiComponent("", t)).ToArray());
    public static AbiType Tuple(IReadOnlyList<AbiComponent> components) => new(AbiKind.Tuple, 0, null, components);

    private static int CheckBits(int bits) =>
        bits is >= 8 and <= 256 && bits % 8 == 0 ? bits : throw new ArgumentOutOfRangeException(nameof(bits), "integer size must be a multiple of 8 in 8..256");

    /// <summary>
    /// Parses a type from text. Tuples as "(t1,t2)" or, with <paramref name="components"/> given (from a JSON ABI),
    /// "tuple", "tuple[]", "tuple[3][]".
    /// </summary>
    public static AbiType Parse(string text, IReadOnlyList<AbiComponent>? components = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        try
        {
            int pos = 0;
            var result = ParseAt(t, ref pos, components);
            if (pos != t.Length) throw new FormatException($"unexpected '{t[pos]}' at position {pos}");
            return result;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"ABI type '{text}': {e.Message}", e);
        }
        catch (FormatException e) when (!e.Message.StartsWith("ABI type", StringComparison.Ordinal))
        {
            throw new FormatException($"ABI type '{text}': {e.Message}", e);
        }
    }

    private static AbiType ParseAt(string s, ref int pos, IReadOnlyList<AbiComponent>? components)
    {
        AbiType baseType;
        if (pos < s.Length && s[pos] == '(')
        {
            pos++;
            var parts = new List<AbiComponent>();
            if (pos < s.Length && s[pos] == ')')
            {
                pos++;
            }
            else
            {
                while (true)
                {
                    var inner = ParseAt(s, ref pos, null);
                    // allow an optional parameter name after the type ("(uint256 a,bool b)")
                    string name = "";
                    if (pos < s.Length && s[pos] == ' ')
                    {
                        int start = ++pos;
                        while (pos < s.Length && s[pos] != ',' && s[pos] != ')') pos++;
                        name = s[start..pos].Trim();
                    }
                    parts.Add(new AbiComponent(name, inner));
                    if (pos >= s.Length) throw new FormatException("unterminated tuple");
                    if (s[pos] == ',') { pos++; continue; }
                    if (s[pos] == ')') { pos++; break; }
                    throw new FormatException($"unexpected '{s[pos]}' at position {pos}");
                }
            }
            baseType = Tuple(parts);
        }
        else
        {
            int start = pos;
            while (pos < s.Length && char.IsAsciiLetterOrDigit(s[pos])) pos++;
            var word = s[start..pos];
            baseType = word switch
            {
                "address" => Address,
                "bool" => Bool,
                "string" => String,
                "bytes" => Bytes,
                "uint" => UInt(256),
                "int" => Int(256),
                "function" => FixedBytes(24),
                "tuple" => components != null ? Tuple(components) : throw new FormatException("'tuple' needs components"),
                _ when word.StartsWith("uint", StringComparison.Ordinal) => UInt(ParseSize(word[4..])),
                _ when word.StartsWith("int", StringComparison.Ordinal) => Int(ParseSize(word[3..])),
                _ when word.StartsWith("bytes", StringComparison.Ordinal) => FixedBytes(ParseSize(word[5..])),
                _ => throw new FormatException(word.Length == 0 ? $"expected a type at position {start}" : $"unknown type '{word}'"),
            };
        }
        while (pos < s.Length && s[pos] == '[')
        {
            int close = s.IndexOf(']', pos);
            if (close < 0) throw new FormatException("unterminated '['");
            var inside = s[(pos + 1)..close];
            baseType = inside.Length == 0 ? ArrayOf(baseType) : FixedArrayOf(baseType, ParseSize(inside));
            pos = close + 1;
        }
        return baseType;
    }

    private static int ParseSize(string digits)
    {
        if (digits.Length == 0 || digits.Length > 6 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0'))
        {
            throw new FormatException($"invalid size '{digits}'");
        }
        return int.Parse(digits, CultureInfo.InvariantCulture);
    }
}
