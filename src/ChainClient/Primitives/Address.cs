namespace ZkChain.ChainClient.Primitives;

/// <summary>A 20-byte Ethereum address. <see cref="ToString"/> gives the EIP-55 checksummed form.</summary>
public readonly struct Address : IEquatable<Address>
{
    private readonly byte[]? _bytes;

    public static readonly Address Zero = new(new byte[20]);

    public Address(ReadOnlySpan<byte> bytes20)
    {
        if (bytes20.Length != 20) throw new ArgumentException($"address must be 20 bytes, got {bytes20.Length}", nameof(bytes20));
        _bytes = bytes20.ToArray();
    }

    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[20];

    public byte[] ToArray() => Bytes.ToArray();

    public bool IsZero => Bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>
    /// Parses "0x" + 40 hex digits. All-lower-case or all-upper-case input is accepted as is; mixed-case input must carry a
    /// valid EIP-55 checksum (a wrong checksum usually means a mistyped address).
    /// </summary>
    public static Address Parse(string text, string field = "address")
    {
        ArgumentNullException.ThrowIfNull(text, field);
        if (!text.StartsWith("0x", StringComparison.Ordinal) && !text.StartsWith("0X", StringComparison.Ordinal))
        {
            throw new FormatException($"{field}: address must start with 0x");
        }
        if (text.Length != 42) throw new FormatException($"{field}: address must have 40 hex digits, got {text.Length - 2}");
        var bytes = Hex.Parse(text, field);
        var body = text.AsSpan(2);
        bool hasLower = false, hasUpper = false;
        foreach (var c in body)
        {
            if (c is >= 'a' and <= 'f') hasLower = true;
            if (c is >= 'A' and <= 'F') hasUpper = true;
        }
        var a = new Address(bytes);
        if (hasLower && hasUpper && !string.Equals(a.ToChecksumString(), "0x" + body.ToString(), StringComparison.Ordinal))
        {
            throw new FormatException($"{field}: mixed-case address has an invalid EIP-55 checksum");
        }
        return a;
    }

    public static bool TryParse(string? text, out Address address)
    {
        address = Zero;
        if (text == null) return false;
        try
        {
            address = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The EIP-55 mixed-case checksum form.</summary>
    public string ToChecksumString()
    {
        var lower = Hex.ToHexNoPrefix(Bytes);
        var hash = Keccak.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = new char[42];
        chars[0] = '0';
        chars[1] = 'x';
        for (int i = 0; i < 40; i++)
        {
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            char c = lower[i];
            chars[2 + i] = c is >= 'a' and <= 'f' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
        return new string(chars);
    }

    public string ToLowerHex() => Hex.ToHex(Bytes);

    public override string ToString() => ToChecksumString();

    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);
    public override bool Equals(object? obj) => obj is Address a && Equals(a);
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Bytes);
        return h.ToHashCode();
    }
    public static bool operator ==(Address a, Address b) => a.Equals(b);
    public static bool operator !=(Address a, Address b) => !a.Equals(b);

    /// <summary>The address as a 160-bit integer (how circuits carry the publisher as a field element).</summary>
    public System.Numerics.BigInteger ToBigInteger() => new(Bytes, isUnsigned: true, isBigEndian: true);

    public static Address FromBigInteger(System.Numerics.BigInteger value)
    {
        if (value.Sign < 0 || value.GetBitLength() > 160) throw new ArgumentOutOfRangeException(nameof(value), "an address is a 160-bit unsigned integer");
        var b = new byte[20];
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (!value.IsZero) raw.CopyTo(b, 20 - raw.Length);
        return new Address(b);
    }

    /// <summary>The address of a contract created by <paramref name="sender"/> with <paramref name="nonce"/> (CREATE).</summary>
    public static Address ForContract(Address sender, ulong nonce)
    {
        var enc = Rlp.RlpEncoder.EncodeList(Rlp.RlpEncoder.EncodeBytes(sender.Bytes), Rlp.RlpEncoder.EncodeUInt(nonce));
        return new Address(Keccak.Hash(enc).AsSpan(12));
    }
}
