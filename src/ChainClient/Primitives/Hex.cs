namespace ZkChain.ChainClient.Primitives;

/// <summary>Strict hexadecimal conversion. Output is always lower-case and 0x-prefixed.</summary>
public static class Hex
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    /// <summary>Encodes bytes as "0x..." (lower case). Empty input gives "0x".</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes)
    {
        return string.Create(2 + bytes.Length * 2, bytes.ToArray(), static (dst, src) =>
        {
            dst[0] = '0';
            dst[1] = 'x';
            for (int i = 0; i < src.Length; i++)
            {
                dst[2 + 2 * i] = (char)Digits[src[i] >> 4];
                dst[3 + 2 * i] = (char)Digits[src[i] & 0xF];
            }
        });
    }

    /// <summary>Encodes bytes without the 0x prefix (lower case).</summary>
    public static string ToHexNoPrefix(ReadOnlySpan<byte> bytes) => ToHex(bytes)[2..];

    /// <summary>
    /// Parses hex text into bytes. Accepts an optional "0x"/"0X" prefix and either case; requires an even number of digits.
    /// </summary>
    /// <exception cref="FormatException">when the text is not strict hex; the message names <paramref name="field"/>.</exception>
    public static byte[] Parse(string text, string field = "hex")
    {
        ArgumentNullException.ThrowIfNull(text, field);
        var s = StripPrefix(text);
        if (s.Length % 2 != 0)
        {
            throw new FormatException($"{field}: hex has an odd number of digits ({s.Length})");
        }
        var result = new byte[s.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            int hi = Nibble(s[2 * i]), lo = Nibble(s[2 * i + 1]);
            if (hi < 0 || lo < 0)
            {
                int bad = hi < 0 ? 2 * i : 2 * i + 1;
                throw new FormatException($"{field}: invalid hex character at position {bad + (text.Length - s.Length)}");
            }
            result[i] = (byte)(hi << 4 | lo);
        }
        return result;
    }

    /// <summary>Parses hex of exactly <paramref name="length"/> bytes.</summary>
    public static byte[] ParseFixed(string text, int length, string field = "hex")
    {
        var b = Parse(text, field);
        if (b.Length != length)
        {
            throw new FormatException($"{field}: expected {length} bytes of hex, got {b.Length}");
        }
        return b;
    }

    public static bool TryParse(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text == null) return false;
        try
        {
            bytes = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Parses a JSON-RPC quantity ("0x0", "0x1a"): prefix required, no leading zeros except "0x0".</summary>
    public static System.Numerics.BigInteger ParseQuantity(string text, string field = "quantity")
    {
        ArgumentNullException.ThrowIfNull(text, field);
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length < 3)
        {
            throw new FormatException($"{field}: quantity must be 0x-prefixed hex with at least one digit, got '{Shorten(text)}'");
        }
        System.Numerics.BigInteger v = System.Numerics.BigInteger.Zero;
        for (int i = 2; i < text.Length; i++)
        {
            int n = Nibble(text[i]);
            if (n < 0) throw new FormatException($"{field}: invalid hex character at position {i} in quantity");
            v = (v << 4) | n;
        }
        return v;
    }

    /// <summary>Formats a non-negative integer as a JSON-RPC quantity ("0x0", "0x1a").</summary>
    public static string ToQuantity(System.Numerics.BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "quantity cannot be negative");
        if (value.IsZero) return "0x0";
        var s = value.ToString("x");
        return "0x" + s.TrimStart('0');
    }

    public static string ToQuantity(ulong value) => "0x" + value.ToString("x");

    internal static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";

    private static ReadOnlySpan<char> StripPrefix(string text) =>
        text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? text.AsSpan(2) : text.AsSpan();

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
