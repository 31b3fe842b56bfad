using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Signing;

namespace ZkChain.ChainClient.Keystore;

/// <summary>Thrown when a keystore's MAC does not match: the password is wrong (or the file was altered).</summary>
public sealed class WrongPasswordException : CryptographicException
{
    public WrongPasswordException() : base("keystore: wrong password (or the keystore was altered)") { }
}

/// <summary>Key-derivation settings for a new keystore.</summary>
public abstract record KdfSettings
{
    /// <summary>scrypt with n = 2^18, r = 8, p = 1 (geth's "standard" setting; ~256 MB and about a second).</summary>
    public static ScryptSettings StandardScrypt => new(1 << 18, 8, 1);
}

public sealed record ScryptSettings(int N, int R, int P) : KdfSettings;
public sealed record Pbkdf2Settings(int Iterations) : KdfSettings;

/// <summary>
/// Web3 Secret Storage (version 3) keystore files: scrypt or pbkdf2-hmac-sha256 key derivation, aes-128-ctr,
/// MAC = keccak256(derivedKey[16..32] ++ ciphertext) compared in constant time.
/// </summary>
public static class KeyStore
{
    // refuse work factors that would take minutes or gigabytes (a hostile file could otherwise stall the process)
    private const int MaxScryptN = 1 << 22;
    private const int MaxPbkdf2Iterations = 10_000_000;

    /// <summary>Encrypts the key into a keystore JSON document.</summary>
    public static string Encrypt(PrivateKey key, string password, KdfSettings? kdf = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(password);
        kdf ??= KdfSettings.StandardScrypt;
        var salt = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var pw = PasswordBytes(password);
        byte[] derived;
        JsonObject kdfParams;
        string kdfName;
        switch (kdf)
        {
            case ScryptSettings s:
                CheckScrypt(s.N, s.R, s.P, 32, isArgument: true);
                derived = Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(pw, salt, s.N, s.R, s.P, 32);
                kdfName = "scrypt";
                kdfParams = new JsonObject { ["dklen"] = 32, ["n"] = s.N, ["p"] = s.P, ["r"] = s.R, ["salt"] = Hex.ToHexNoPrefix(salt) };
                break;
            case Pbkdf2Settings p:
                if (p.Iterations < 1 || p.Iterations > MaxPbkdf2Iterations) throw new ArgumentOutOfRangeException(nameof(kdf), $"pbkdf2 iterations must be 1..{MaxPbkdf2Iterations}");
                derived = Rfc2898DeriveBytes.Pbkdf2(pw, salt, p.Iterations, HashAlgorithmName.SHA256, 32);
                kdfName = "pbkdf2";
                kdfParams = new JsonObject { ["c"] = p.Iterations, ["dklen"] = 32, ["prf"] = "hmac-sha256", ["salt"] = Hex.ToHexNoPrefix(salt) };
                break;
            default:
                throw new ArgumentException("unknown KDF settings", nameof(kdf));
        }
        var secret = key.ExportSecret();
        try
        {
            var ciphertext = AesCtr(derived.AsSpan(0, 16), iv, secret);
            var mac = Keccak.HashConcat(derived[16..32], ciphertext);
            var doc = new JsonObject
            {
                ["address"] = Hex.ToHexNoPrefix(key.Address.Bytes),
                ["crypto"] = new JsonObject
                {
                    ["cipher"] = "aes-128-ctr",
                    ["cipherparams"] = new JsonObject { ["iv"] = Hex.ToHexNoPrefix(iv) },
                    ["ciphertext"] = Hex.ToHexNoPrefix(ciphertext),
                    ["kdf"] = kdfName,
                    ["kdfparams"] = kdfParams,
                    ["mac"] = Hex.ToHexNoPrefix(mac),
                },
                ["id"] = Guid.NewGuid().ToString(),
                ["version"] = 3,
            };
            return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(derived);
            CryptographicOperations.ZeroMemory(pw);
        }
    }

    /// <summary>Decrypts a keystore JSON document.</summary>
    /// <exception cref="WrongPasswordException">the MAC does not match.</exception>
    /// <exception cref="InvalidDataException">the document is malformed or uses unsupported parameters.</exception>
    public static PrivateKey Decrypt(string json, string password)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(password);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("keystore: not valid JSON", e);
        }
        if (root is not JsonObject obj) throw new InvalidDataException("keystore: expected a JSON object");
        var version = obj["version"];
        if (version == null || version.GetValueKind() != JsonValueKind.Number || version.GetValue<double>() != 3)
        {
            throw new InvalidDataException("keystore: only version 3 is supported");
        }
        var crypto = (obj["crypto"] ?? obj["Crypto"]) as JsonObject ?? throw new InvalidDataException("keystore: missing 'crypto' object");
        var cipher = Str(crypto, "cipher", "crypto");
        if (cipher != "aes-128-ctr") throw new InvalidDataException($"keystore: unsupported cipher '{cipher}' (only aes-128-ctr)");
        var iv = HexField((crypto["cipherparams"] as JsonObject ?? throw new InvalidDataException("keystore: missing crypto.cipherparams")), "iv", "crypto.cipherparams");
        if (iv.Length != 16) throw new InvalidDataException("keystore: crypto.cipherparams.iv must be 16 bytes");
        var ciphertext = HexField(crypto, "ciphertext", "crypto");
        if (ciphertext.Length != 32) throw new InvalidDataException($"keystore: crypto.ciphertext must be 32 bytes, got {ciphertext.Length}");
        var mac = HexField(crypto, "mac", "crypto");
        if (mac.Length != 32) throw new InvalidDataException("keystore: crypto.mac must be 32 bytes");
        var kdf = Str(crypto, "kdf", "crypto");
        var kp = crypto["kdfparams"] as JsonObject ?? throw new InvalidDataException("keystore: missing crypto.kdfparams");
        var salt = HexField(kp, "salt", "crypto.kdfparams");
        int dklen = Int(kp, "dklen", "crypto.kdfparams");
        if (dklen != 32) throw new InvalidDataException("keystore: crypto.kdfparams.dklen must be 32");
        var pw = PasswordBytes(password);
        byte[] derived;
        try
        {
            switch (kdf)
            {
                case "scrypt":
                {
                    int n = Int(kp, "n", "crypto.kdfparams"), r = Int(kp, "r", "crypto.kdfparams"), p = Int(kp, "p", "crypto.kdfparams");
                    CheckScrypt(n, r, p, dklen, isArgument: false);
                    derived = Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(pw, salt, n, r, p, dklen);
                    break;
                }
                case "pbkdf2":
                {
                    var prf = Str(kp, "prf", "crypto.kdfparams");
                    if (prf != "hmac-sha256") throw new InvalidDataException($"keystore: unsupported pbkdf2 prf '{prf}' (only hmac-sha256)");
                    int c = Int(kp, "c", "crypto.kdfparams");
                    if (c < 1 || c > MaxPbkdf2Iterations) throw new InvalidDataException($"keystore: pbkdf2 iteration count must be 1..{MaxPbkdf2Iterations}");
                    derived = Rfc2898DeriveBytes.Pbkdf2(pw, salt, c, HashAlgorithmName.SHA256, dklen);
                    break;
                }
                default:
                    throw new InvalidDataException($"keystore: unsupported kdf '{kdf}' (scrypt or pbkdf2)");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pw);
        }
        byte[]? secret = null;
        try
        {
            var expected = Keccak.HashConcat(derived[16..32], ciphertext);
            if (!CryptographicOperations.FixedTimeEquals(expected, mac)) throw new WrongPasswordException();
            secret = AesCtr(derived.AsSpan(0, 16), iv, ciphertext);
            PrivateKey key;
            try
            {
                key = new PrivateKey(secret);
            }
            catch (ArgumentException)
            {
                throw new InvalidDataException("keystore: the decrypted key is not a valid secp256k1 private key");
            }
            if (obj["address"] is JsonValue addrNode && addrNode.GetValueKind() == JsonValueKind.String)
            {
                var addrText = addrNode.GetValue<string>();
                if (!Hex.TryParse(addrText, out var addrBytes) || addrBytes.Length != 20 || !key.Address.Bytes.SequenceEqual(addrBytes))
                {
                    key.Dispose();
                    throw new InvalidDataException("keystore: the 'address' field does not match the decrypted key");
                }
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
            if (secret != null) CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Reads and decrypts a keystore file. Errors name the file, never the password or key.</summary>
    public static PrivateKey DecryptFile(string path, string password)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read keystore file '{path}': {e.Message}", e);
        }
        try
        {
            return Decrypt(json, password);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Writes a keystore file (refuses to overwrite an existing file).</summary>
    public static void EncryptToFile(string path, PrivateKey key, string password, KdfSettings? kdf = null)
    {
        var json = Encrypt(key, password, kdf);
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        fs.Write(Encoding.UTF8.GetBytes(json));
    }

    private static byte[] PasswordBytes(string password)
    {
        // ethers and geth use the password's UTF-8 bytes (ethers NFKC-normalizes first; identical for ASCII)
        string normalized;
        try
        {
            normalized = password.Normalize(NormalizationForm.FormKC);
        }
        catch (PlatformNotSupportedException)
        {
            normalized = password;
        }
        return Encoding.UTF8.GetBytes(normalized);
    }

    private static void CheckScrypt(int n, int r, int p, int dklen, bool isArgument)
    {
        string? problem = null;
        if (n < 2 || (n & (n - 1)) != 0) problem = "scrypt n must be a power of two >= 2";
        else if (n > MaxScryptN) problem = $"scrypt n must be at most 2^22 (got {n})";
        else if (r < 1 || p < 1 || (long)r * p >= 1 << 20) problem = "scrypt r and p must be positive with r·p < 2^20";
        else if ((long)128 * r * n > 1L << 32) problem = "scrypt memory (128·r·n) exceeds 4 GB";
        else if (dklen < 32) problem = "dklen must be at least 32";
        if (problem == null) return;
        if (isArgument) throw new ArgumentOutOfRangeException("kdf", problem);
        throw new InvalidDataException("keystore: " + problem);
    }

    /// <summary>AES-128 in CTR mode with a 128-bit big-endian counter starting at <paramref name="iv"/> (encrypt = decrypt).</summary>
    internal static byte[] AesCtr(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input)
    {
        using var aes = Aes.Create();
        aes.Key = key16.ToArray();
        var counter = iv.ToArray();
        var output = new byte[input.Length];
        var block = new byte[16];
        for (int off = 0; off < input.Length; off += 16)
        {
            aes.EncryptEcb(counter, block, PaddingMode.None);
            int n = Math.Min(16, input.Length - off);
            for (int i = 0; i < n; i++) output[off + i] = (byte)(input[off + i] ^ block[i]);
            // increment the 128-bit big-endian counter
            ulong lo = BinaryPrimitives.ReadUInt64BigEndian(counter.AsSpan(8));
            ulong hi = BinaryPrimitives.ReadUInt64BigEndian(counter);
            lo++;
            if (lo == 0) hi++;
            BinaryPrimitives.WriteUInt64BigEndian(counter.AsSpan(8), lo);
            BinaryPrimitives.WriteUInt64BigEndian(counter, hi);
        }
        CryptographicOperations.ZeroMemory(block);
        return output;
    }

    private static string Str(JsonObject o, string name, string where)
    {
        var n = o[name];
        return n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new InvalidDataException($"keystore: {where}.{name} must be a string");
    }

    private static int Int(JsonObject o, string name, string where)
    {
        var n = o[name];
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i)) return i;
        if (n is JsonValue v2 && v2.GetValueKind() == JsonValueKind.Number && double.TryParse(v2.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }
        throw new InvalidDataException($"keystore: {where}.{name} must be an integer");
    }

    private static byte[] HexField(JsonObject o, string name, string where)
    {
        var s = Str(o, name, where);
        try
        {
            return Hex.Parse(s, $"keystore {where}.{name}");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }
}
