using System.Numerics;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Signing;
using ZkChain.ChainClient.Transactions;

namespace ZkChain.ChainClient.Tests;

public class TransactionTests
{
    [Fact]
    public void Eip155_example_from_the_eip()
    {
        var tx = new LegacyTransaction(1, 9, BigInteger.Parse("20000000000"), 21000, Address.Parse("0x3535353535353535353535353535353535353535"),
            BigInteger.Parse("1000000000000000000"), ReadOnlyMemory<byte>.Empty);
        Assert.Equal("0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080", Hex.ToHex(tx.SigningPayload()));
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Hex.ToHex(tx.SigningHash()));
        using var key = PrivateKey.FromHex("0x" + string.Concat(Enumerable.Repeat("46", 32)));
        var signed = tx.Sign(key);
        Assert.Equal("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            signed.RawHex);
        Assert.Equal(key.Address, signed.RecoverSender());
        var back = SignedTransaction.Decode(signed.Raw);
        Assert.Equal(key.Address, back.RecoverSender());
        Assert.Equal(BigInteger.One, back.Transaction.ChainId);
    }

    [Fact]
    public void Type2_roundtrip_and_sender_recovery()
    {
        using var key = PrivateKey.FromHex(TestSupport.HardhatNode.DevPrivateKeys[1]);
        var tx = new Eip1559Transaction(31337, 5, 1_000_000_000, 30_000_000_000, 100_000, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
            12345, new byte[] { 1, 2, 3 }, [new AccessListEntry(Address.Zero, [new byte[32]])]);
        var signed = tx.Sign(key);
        Assert.Equal(2, signed.Raw[0]);
        var back = SignedTransaction.Decode(signed.Raw);
        Assert.Equal(key.Address, back.RecoverSender());
        var t2 = Assert.IsType<Eip1559Transaction>(back.Transaction);
        Assert.Equal(tx.MaxFeePerGas, t2.MaxFeePerGas);
        Assert.Single(t2.AccessList!);
        // tampering with the payload changes the recovered sender
        var tampered = (byte[])signed.Raw.Clone();
        tampered[5] ^= 1;
        Assert.ThrowsAny<Exception>(() =>
        {
            var t = SignedTransaction.Decode(tampered);
            if (t.RecoverSender() != key.Address) throw new InvalidDataException("sender changed");
        });
    }

    [Fact]
    public void Private_key_is_never_printed()
    {
        var hex = TestSupport.HardhatNode.DevPrivateKeys[0];
        using var key = PrivateKey.FromHex(hex);
        Assert.DoesNotContain(hex[2..12], key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", key.ToString());
        var e = Assert.Throws<FormatException>(() => PrivateKey.FromHex(hex[..^2] + "zz"));
        Assert.DoesNotContain(hex[2..12], e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<FormatException>(() => PrivateKey.FromHex("0x" + new string('0', 64)));
        Assert.Throws<FormatException>(() => PrivateKey.FromHex("0x" + new string('f', 64)));
    }

    [Fact]
    public void Low_s_and_recovery()
    {
        using var key = PrivateKey.Generate();
        var half = Secp256k1.Order / 2;
        for (int i = 0; i < 20; i++)
        {
            var h = Keccak.Hash(BitConverter.GetBytes(i));
            var sig = key.SignHash(h);
            Assert.True(new BigInteger(sig.S, true, true) <= half);
            Assert.Equal(key.Address, Secp256k1.RecoverAddress(h, sig));
        }
    }
}
