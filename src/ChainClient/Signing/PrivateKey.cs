using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using ZkChain.ChainClient.Primitives;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ZkChain.ChainClient.Signing;

/// <summary>
/// A secp256k1 private key (like Nethereum's EthECKey). The secret never appears in <see cref="ToString"/>, exceptions or
/// logs; <see cref="Dispose"/> clears it from memory.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    private readonly byte[] _d;
    private readonly byte[] _publicKey;
    private bool _disposed;

    public PrivateKey(ReadOnlySpan<byte> secret32)
    {
        if (secret32.Length != 32) throw new ArgumentException($"a private key is 32 bytes (got {secret32.Length})", nameof(secret32));
        var d = new BcBigInteger(1, secret32.ToArray());
        if (d.SignValue == 0 || d.CompareTo(Secp256k1.N) >= 0)
        {
            throw new ArgumentException("the private key is not in the range 1..n-1 of secp256k1", nameof(secret32));
        }
        _d = secret32.ToArray();
        var q = Secp256k1.Domain.G.Multiply(d).Normalize();
        _publicKey = q.GetEncoded(false)[1..];
        Address = Secp256k1.AddressFromPublicKey(_publicKey);
    }

    /// <summary>Parses a 64-digit hex key (0x optional). Errors never echo the text.</summary>
    public static PrivateKey FromHex(string hex, string field = "private key")
    {
        ArgumentNullException.ThrowIfNull(hex, field);
        byte[] b;
        try
        {
            b = Hex.Parse(hex.Trim(), field);
        }
        catch (FormatException)
        {
            throw new FormatException($"{field}: not valid hex");
        }
        try
        {
            if (b.Length != 32) throw new FormatException($"{field}: expected 32 bytes (64 hex digits), got {b.Length}");
            return new PrivateKey(b);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{field}: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b);
        }
    }

    /// <summary>A new random key from the OS CSPRNG.</summary>
    public static PrivateKey Generate()
    {
        var b = new byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(b);
                var d = new BcBigInteger(1, b);
                if (d.SignValue != 0 && d.CompareTo(Secp256k1.N) < 0) return new PrivateKey(b);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b);
        }
    }

    /// <summary>The account address: keccak256(pubkey)[12..].</summary>
    public Address Address { get; }

    /// <summary>Uncompressed public key without the 0x04 prefix (x ++ y, 64 bytes).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Signs a 32-byte hash (RFC 6979 nonce, low-s, recovery id).</summary>
    public EcdsaSignature SignHash(ReadOnlySpan<byte> hash32)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Secp256k1.Sign(hash32, new BcBigInteger(1, _d), _publicKey);
    }

    /// <summary>Signs a message with the EIP-191 personal-message prefix ("\x19Ethereum Signed Message:\n" + length).</summary>
    public EcdsaSignature SignPersonalMessage(ReadOnlySpan<byte> message) => SignHash(PersonalMessageHash(message));

    public static byte[] PersonalMessageHash(ReadOnlySpan<byte> message)
    {
        var prefix = System.Text.Encoding.UTF8.GetBytes($"\x19Ethereum Signed Message:\n{message.Length}");
        return Keccak.HashConcat(prefix, message.ToArray());
    }

    /// <summary>The raw secret (for keystore encryption). The caller must clear the returned array.</summary>
    public byte[] ExportSecret()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_d.Clone();
    }

    public override string ToString() => $"PrivateKey(address={Address}, secret=<redacted>)";

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_d);
        _disposed = true;
    }
}
