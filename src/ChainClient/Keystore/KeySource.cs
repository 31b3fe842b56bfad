using ZkChain.ChainClient.Signing;

namespace ZkChain.ChainClient.Keystore;

/// <summary>Where the CLI gets a signing key: a keystore file + password, or (devnets) a hex key in an environment variable.</summary>
public static class KeySource
{
    /// <summary>Reads a 32-byte hex private key from an environment variable. Errors name the variable, never its value.</summary>
    public static PrivateKey FromEnvironment(string variableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        var value = Environment.GetEnvironmentVariable(variableName);
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"environment variable {variableName} is not set", nameof(variableName));
        try
        {
            return PrivateKey.FromHex(value, $"environment variable {variableName}");
        }
        catch (FormatException e)
        {
            // PrivateKey.FromHex never includes the text in its message
            throw new ArgumentException(e.Message, nameof(variableName), e);
        }
    }

    /// <summary>Decrypts a keystore file.</summary>
    public static PrivateKey FromKeystoreFile(string path, string password) => KeyStore.DecryptFile(path, password);
}
