using System.Numerics;
using System.Text;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rlp;

namespace ZkChain.ChainClient.Tests;

public class RlpTests
{
    private static byte[] S(string s) => RlpEncoder.EncodeBytes(Encoding.ASCII.GetBytes(s));

    [Fact]
    public void Yellow_paper_and_wiki_vectors()
    {
        Assert.Equal("0x83646f67", Hex.ToHex(S("dog")));
        Assert.Equal("0xc88363617483646f67", Hex.ToHex(RlpEncoder.EncodeList(S("cat"), S("dog"))));
        Assert.Equal("0x80", Hex.ToHex(S("")));
        Assert.Equal("0xc0", Hex.ToHex(RlpEncoder.EncodeList()));
        Assert.Equal("0x80", Hex.ToHex(RlpEncoder.EncodeUInt(0)));
        Assert.Equal("0x00", Hex.ToHex(RlpEncoder.EncodeBytes([0])));
        Assert.Equal("0x0f", Hex.ToHex(RlpEncoder.EncodeUInt(15)));
        Assert.Equal("0x820400", Hex.ToHex(RlpEncoder.EncodeUInt(1024)));
        var empty = RlpEncoder.EncodeList();
        Assert.Equal("0xc7c0c1c0c3c0c1c0", Hex.ToHex(RlpEncoder.EncodeList(empty, RlpEncoder.EncodeList(empty),
            RlpEncoder.EncodeList(empty, RlpEncoder.EncodeList(empty)))));
        var lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
        Assert.Equal("0xb838" + Hex.ToHexNoPrefix(Encoding.ASCII.GetBytes(lorem)), Hex.ToHex(S(lorem)));
        Assert.Equal("0x8f102030405060708090a0b0c0d0e0f2", Hex.ToHex(RlpEncoder.EncodeUInt(BigInteger.Parse("83729609699884896815286331701780722"))));
    }

    [Fact]
    public void Decode_roundtrips_nested()
    {
        var big = new byte[1000];
        new Random(1).NextBytes(big);
        var enc = RlpEncoder.EncodeList(S("cat"), RlpEncoder.EncodeList(RlpEncoder.EncodeBytes(big), RlpEncoder.EncodeUInt(1024)), RlpEncoder.EncodeBytes([0x7f]));
        var item = RlpDecoder.Decode(enc);
        Assert.True(item.IsList);
        Assert.Equal("cat", Encoding.ASCII.GetString(item.Items[0].Bytes.Span));
        Assert.Equal(big, item.Items[1].Items[0].AsBytes());
        Assert.Equal(new BigInteger(1024), item.Items[1].Items[1].AsUInt());
        Assert.Equal(new byte[] { 0x7f }, item.Items[2].AsBytes());
        Assert.Equal(enc, RlpEncoder.Encode(item));
    }

    [Theory]
    [InlineData("0x8100", "single byte")]          // 0x00 must be encoded as itself
    [InlineData("0x817f", "single byte")]
    [InlineData("0xb80100", "long-form")]          // long form for a 1-byte payload
    [InlineData("0xb90001" + "00", "leading zero")] // length with a leading zero
    [InlineData("0xf801c0", "long-form")]
    [InlineData("0x83646f", "remain")]             // truncated
    [InlineData("0x83646f6700", "trailing")]       // trailing byte
    [InlineData("0xc3836461", "remain")]           // list payload shorter than the item inside
    [InlineData("0x", "end of input")]
    public void Strict_decoding_rejects_non_canonical(string hex, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => RlpDecoder.Decode(Hex.Parse(hex)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Integer_with_leading_zero_is_rejected()
    {
        var item = RlpDecoder.Decode(Hex.Parse("0x820001"));
        Assert.Throws<InvalidDataException>(() => item.AsUInt("nonce"));
    }
}
