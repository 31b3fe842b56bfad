using System.Numerics;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Tests;

public class PrimitivesTests
{
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Eip55_examples_roundtrip(string s)
    {
        var a = Address.Parse(s);
        Assert.Equal(s, a.ToString());
        Assert.Equal(s, Address.Parse(s.ToLowerInvariant()).ToChecksumString());
        Assert.Equal(s, Address.Parse("0x" + s[2..].ToUpperInvariant()).ToChecksumString());
    }

    [Fact]
    public void Eip55_bad_checksum_is_rejected()
    {
        var e = Assert.Throws<FormatException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "publisher"));
        Assert.Contains("publisher", e.Message);
        Assert.Contains("checksum", e.Message);
        Assert.Throws<FormatException>(() => Address.Parse("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        Assert.Throws<FormatException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"));
        Assert.Throws<FormatException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg"));
    }

    [Fact]
    public void Hex_is_strict()
    {
        Assert.Equal(new byte[] { 0x01, 0xab }, Hex.Parse("0x01AB"));
        Assert.Equal(new byte[] { 0x01, 0xab }, Hex.Parse("01ab"));
        Assert.Empty(Hex.Parse("0x"));
        Assert.Equal("0x01ab", Hex.ToHex(new byte[] { 1, 0xab }));
        var e = Assert.Throws<FormatException>(() => Hex.Parse("0x123", "data"));
        Assert.Contains("data", e.Message);
        Assert.Contains("odd", e.Message);
        e = Assert.Throws<FormatException>(() => Hex.Parse("0x12zz", "data"));
        Assert.Contains("position 4", e.Message);
        Assert.Throws<FormatException>(() => Hex.Parse(" 0x12"));
        Assert.Equal(new BigInteger(26), Hex.ParseQuantity("0x1a"));
        Assert.Throws<FormatException>(() => Hex.ParseQuantity("0x"));
        Assert.Throws<FormatException>(() => Hex.ParseQuantity("26"));
        Assert.Equal("0x0", Hex.ToQuantity(BigInteger.Zero));
        Assert.Equal("0x1a", Hex.ToQuantity(new BigInteger(26)));
    }

    [Fact]
    public void Keccak_known_values()
    {
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.ToHex(Keccak.Hash([])));
        Assert.Equal("0xa9059cbb", Hex.ToHex(Keccak.Hash("transfer(address,uint256)")[..4]));
    }

    [Fact]
    public void UInt256_parse_and_bounds()
    {
        Assert.Equal(new BigInteger(255), UInt256.Parse("255").Value);
        Assert.Equal(new BigInteger(255), UInt256.Parse("0xff").Value);
        Assert.Equal(UInt256.MaxValue, UInt256.Parse("0x" + new string('f', 64)));
        Assert.Throws<FormatException>(() => UInt256.Parse("0x1" + new string('0', 64)));
        Assert.Throws<FormatException>(() => UInt256.Parse((UInt256.Modulus).ToString()));
        Assert.Throws<FormatException>(() => UInt256.Parse("-1"));
        Assert.Throws<FormatException>(() => UInt256.Parse("12a"));
        Assert.Throws<OverflowException>(() => UInt256.MaxValue + UInt256.One);
        Assert.Throws<OverflowException>(() => UInt256.Zero - UInt256.One);
        var be = UInt256.Parse("0x0102").ToBigEndian();
        Assert.Equal(32, be.Length);
        Assert.Equal(1, be[30]);
        Assert.Equal(2, be[31]);
        Assert.Equal(UInt256.Parse("258"), UInt256.FromBigEndian(be));
    }

    [Fact]
    public void Contract_address_from_sender_and_nonce()
    {
        // Hardhat's first deployment from dev account 0 lands at this well-known address
        var sender = Address.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", Address.ForContract(sender, 0).ToString());
    }
}
