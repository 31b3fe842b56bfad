using System.Globalization;
using System.Numerics;

namespace ZkChain.ChainClient.Primitives;

/// <summary>
/// An unsigned 256-bit integer: a checked wrapper over <see cref="BigInteger"/> that always holds a value in [0, 2^256).
/// Arithmetic that leaves the range throws <see cref="OverflowException"/>.
/// </summary>
public readonly struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>
{
    public static readonly BigInteger Modulus = BigInteger.One << 256;
    public static readonly UInt256 Zero = default;
    public static readonly UInt256 One = new(BigInteger.One);
    public static readonly UInt256 MaxValue = new(Modulus - 1);

    private readonly BigInteger _value;

    public UInt256(BigInteger value)
    {
        if (value.Sign < 0 || value >= Modulus) throw new OverflowException("value is outside the uint256 range");
        _value = value;
    }

    public UInt256(ulong value) => _value = value;

    public BigInteger Value => _value;
    public bool IsZero => _value.IsZero;

    /// <summary>Parses decimal ("123") or 0x-prefixed hex ("0x7b").</summary>
    public static UInt256 Parse(string text, string field = "value")
    {
        ArgumentNullException.ThrowIfNull(text, field);
        var t = text.Trim();
        BigInteger v;
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (t.Length == 2) throw new FormatException($"{field}: hex number has no digits");
            if (t.Length > 66) throw new FormatException($"{field}: hex number longer than 64 digits");
            v = BigInteger.Zero;
            for (int i = 2; i < t.Length; i++)
            {
                int n = t[i] switch
                {
                    >= '0' and <= '9' => t[i] - '0',
                    >= 'a' and <= 'f' => t[i] - 'a' + 10,
                    >= 'A' and <= 'F' => t[i] - 'A' + 10,
                    _ => throw new FormatException($"{field}: invalid hex digit at position {i}"),
                };
                v = (v << 4) | n;
            }
        }
        else
        {
            if (t.Length == 0 || !t.All(char.IsAsciiDigit)) throw new FormatException($"{field}: expected a decimal or 0x-prefixed hex number");
            v = BigInteger.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        if (v >= Modulus) throw new FormatException($"{field}: number does not fit in 256 bits");
        return new UInt256(v);
    }

    /// <summary>Big-endian 32-byte encoding.</summary>
    public byte[] ToBigEndian()
    {
        var result = new byte[32];
        WriteBigEndian(result);
        return result;
    }

    public void WriteBigEndian(Span<byte> destination32)
    {
        if (destination32.Length < 32) throw new ArgumentException("destination must hold 32 bytes", nameof(destination32));
        destination32[..32].Clear();
        if (_value.IsZero) return;
        int n = _value.GetByteCount(isUnsigned: true);
        _value.TryWriteBytes(destination32.Slice(32 - n, n), out _, isUnsigned: true, isBigEndian: true);
    }

    public static UInt256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 32) throw new ArgumentException($"at most 32 bytes, got {bytes.Length}", nameof(bytes));
        return new UInt256(new BigInteger(bytes, isUnsigned: true, isBigEndian: true));
    }

    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);
    public string ToHexString() => Hex.ToQuantity(_value);

    public static UInt256 operator +(UInt256 a, UInt256 b) => new(a._value + b._value);
    public static UInt256 operator -(UInt256 a, UInt256 b) => new(a._value - b._value);
    public static UInt256 operator *(UInt256 a, UInt256 b) => new(a._value * b._value);
    public static UInt256 operator /(UInt256 a, UInt256 b) => new(BigInteger.Divide(a._value, b._value));
    public static bool operator <(UInt256 a, UInt256 b) => a._value < b._value;
    public static bool operator >(UInt256 a, UInt256 b) => a._value > b._value;
    public static bool operator <=(UInt256 a, UInt256 b) => a._value <= b._value;
    public static bool operator >=(UInt256 a, UInt256 b) => a._value >= b._value;
    public static bool operator ==(UInt256 a, UInt256 b) => a._value == b._value;
    public static bool operator !=(UInt256 a, UInt256 b) => a._value != b._value;
    public static implicit operator UInt256(ulong v) => new(v);
    public static implicit operator BigInteger(UInt256 v) => v._value;
    public static explicit operator UInt256(BigInteger v) => new(v);
    public static explicit operator ulong(UInt256 v) => (ulong)v._value;

    public bool Equals(UInt256 other) => _value == other._value;
    public override bool Equals(object? obj) => obj is UInt256 o && Equals(o);
    public override int GetHashCode() => _value.GetHashCode();
    public int CompareTo(UInt256 other) => _value.CompareTo(other._value);
}
