using ZkChain.ChainClient.Keystore;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Signing;
using ZkChain.TestSupport;

namespace ZkChain.ChainClient.Tests;

public class KeyStoreTests
{
    [Fact]
    public void Web3_secret_storage_pbkdf2_test_vector()
    {
        // test vector from the Web3 Secret Storage definition (password "testpassword")
        const string json = """
        {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
         "ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
         "kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
         "mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
         "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
        """;
        using var key = KeyStore.Decrypt(json, "testpassword");
        Assert.Equal("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d", Hex.ToHex(key.ExportSecret()));
        Assert.Throws<WrongPasswordException>(() => KeyStore.Decrypt(json, "testpassworD"));
        // a flipped ciphertext bit is caught by the MAC
        Assert.Throws<WrongPasswordException>(() => KeyStore.Decrypt(json.Replace("5318b4d5", "5318b4d4"), "testpassword"));
    }

    [Fact]
    public void Roundtrip_file_and_malformed_inputs()
    {
        using var tmp = new TempDirectory();
        using var key = PrivateKey.Generate();
        var path = tmp.File("key.json");
        KeyStore.EncryptToFile(path, key, "pw", new ScryptSettings(1 << 10, 8, 1));
        Assert.Throws<IOException>(() => KeyStore.EncryptToFile(path, key, "pw", new ScryptSettings(1 << 10, 8, 1)));
        var text = File.ReadAllText(path);
        Assert.DoesNotContain(Hex.ToHexNoPrefix(key.ExportSecret()), text);
        using var back = KeySource.FromKeystoreFile(path, "pw");
        Assert.Equal(key.Address, back.Address);

        Assert.Throws<InvalidDataException>(() => KeyStore.Decrypt("not json", "pw"));
        Assert.Throws<InvalidDataException>(() => KeyStore.Decrypt(text.Replace("\"version\": 3", "\"version\": 2"), "pw"));
        Assert.Throws<InvalidDataException>(() => KeyStore.Decrypt(text.Replace("aes-128-ctr", "aes-128-cbc"), "pw"));
        var e = Assert.Throws<InvalidDataException>(() => KeyStore.Decrypt(text.Replace("\"n\": 1024", "\"n\": 1000"), "pw"));
        Assert.Contains("power of two", e.Message);
        Assert.Throws<InvalidDataException>(() => KeyStore.Decrypt(text.Replace("\"n\": 1024", "\"n\": 1073741824"), "pw"));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyStore.Encrypt(key, "pw", new ScryptSettings(1000, 8, 1)));
    }

    [Fact]
    public void Env_var_key_source_never_echoes_the_value()
    {
        var name = "ZKCHAIN_TEST_KEY_" + Guid.NewGuid().ToString("N");
        try
        {
            Environment.SetEnvironmentVariable(name, HardhatNode.DevPrivateKeys[2]);
            using var k = KeySource.FromEnvironment(name);
            Assert.Equal("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", k.Address.ToString());
            Environment.SetEnvironmentVariable(name, HardhatNode.DevPrivateKeys[2][..^1]);
            var e = Assert.Throws<ArgumentException>(() => KeySource.FromEnvironment(name));
            Assert.Contains(name, e.Message);
            Assert.DoesNotContain(HardhatNode.DevPrivateKeys[2][2..20], e.Message);
            Environment.SetEnvironmentVariable(name, null);
            Assert.Contains("not set", Assert.Throws<ArgumentException>(() => KeySource.FromEnvironment(name)).Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
