using System.Numerics;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Tests;

public class AbiTests
{
    private static string W(string hex) => hex.PadLeft(64, '0');

    [Fact]
    public void Solidity_docs_baz_example()
    {
        // from the Solidity ABI spec: baz(uint32 x, bool y) with (69, true)
        var f = new AbiFunction("baz", [new("x", AbiType.UInt(32)), new("y", AbiType.Bool)], [], "pure");
        Assert.Equal("0xcdcd77c0" + W("45") + W("1"), Hex.ToHex(f.EncodeCall(69, true)));
    }

    [Fact]
    public void Solidity_docs_dynamic_example()
    {
        // f(uint256,uint32[],bytes10,bytes) with (0x123, [0x456, 0x789], "1234567890", "Hello, world!")
        var types = new[] { AbiType.Parse("uint256"), AbiType.Parse("uint32[]"), AbiType.Parse("bytes10"), AbiType.Parse("bytes") };
        var data = AbiEncoder.EncodeCall(Keccak.Hash("f(uint256,uint32[],bytes10,bytes)")[..4], types,
            [new BigInteger(0x123), new object[] { 0x456, 0x789 }, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray()]);
        var expected = "0x8be65246"
            + W("123") + W("80") + "3132333435363738393000000000000000000000000000000000000000000000" + W("e0")
            + W("2") + W("456") + W("789")
            + W("d") + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000";
        Assert.Equal(expected, Hex.ToHex(data));
        var back = AbiDecoder.Decode(types, data.AsSpan(4));
        Assert.Equal(new BigInteger(0x123), back[0]);
        Assert.Equal(new object[] { new BigInteger(0x456), new BigInteger(0x789) }, (object?[])back[1]!);
        Assert.Equal("Hello, world!"u8.ToArray(), (byte[])back[3]!);
    }

    [Fact]
    public void Type_parsing_and_signatures()
    {
        Assert.Equal("(address,uint64)[2][]", AbiType.Parse("(address,uint64)[2][]").CanonicalName);
        Assert.Equal("uint256", AbiType.Parse("uint").CanonicalName);
        Assert.True(AbiType.Parse("(uint256,string)").IsDynamic);
        Assert.False(AbiType.Parse("uint256[3]").IsDynamic);
        Assert.Equal(96, AbiType.Parse("uint256[3]").HeadSize);
        Assert.Throws<FormatException>(() => AbiType.Parse("uint7"));
        Assert.Throws<FormatException>(() => AbiType.Parse("bytes33"));
        Assert.Throws<FormatException>(() => AbiType.Parse("uint256[0]"));
        Assert.Throws<FormatException>(() => AbiType.Parse("foo"));
        Assert.Throws<FormatException>(() => AbiType.Parse("(uint256"));
        var ev = new AbiEvent("Transfer", [new("from", AbiType.Address, true), new("to", AbiType.Address, true), new("value", AbiType.UInt256)], false);
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Hex.ToHex(ev.Topic));
    }

    [Fact]
    public void Encoder_rejects_out_of_range_values_naming_the_position()
    {
        var e = Assert.Throws<ArgumentException>(() => AbiEncoder.Encode([AbiType.UInt(8), AbiType.UInt(8)], [1, 256]));
        Assert.Contains("[1]", e.Message);
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.UInt256, -1));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Int(8), 128));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.FixedBytes(4), new byte[3]));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse("uint8[2]"), new object[] { 1 }));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Bool, 1));
    }

    [Fact]
    public void Decoder_is_strict()
    {
        Assert.Throws<InvalidDataException>(() => AbiDecoder.Decode(AbiType.Bool, Hex.Parse("0x" + W("2"))));
        Assert.Throws<InvalidDataException>(() => AbiDecoder.Decode(AbiType.UInt(8), Hex.Parse("0x" + W("100"))));
        Assert.Throws<InvalidDataException>(() => AbiDecoder.Decode(AbiType.Address, Hex.Parse("0x" + "01" + new string('0', 62))));
        Assert.Throws<InvalidDataException>(() => AbiDecoder.Decode(AbiType.UInt256, Hex.Parse("0x1234")));
        // offset outside the data
        Assert.Throws<InvalidDataException>(() => AbiDecoder.Decode(AbiType.Bytes, Hex.Parse("0x" + W("40"))));
        // length past the end
        Assert.Throws<InvalidDataException>(() => AbiDecoder.Decode(AbiType.Bytes, Hex.Parse("0x" + W("20") + W("ff"))));
        // huge array length
        Assert.Throws<InvalidDataException>(() => AbiDecoder.Decode(AbiType.Parse("uint256[]"), Hex.Parse("0x" + W("20") + W("ffffffff"))));
        Assert.Equal(new BigInteger(-1), AbiDecoder.Decode(AbiType.Int(8), Hex.Parse("0x" + new string('f', 64))));
    }

    [Fact]
    public void Json_abi_events_and_errors()
    {
        const string json = """
        {"abi":[
          {"type":"function","name":"get","stateMutability":"view","inputs":[{"name":"id","type":"bytes32"}],
           "outputs":[{"name":"","type":"tuple","components":[{"name":"a","type":"address"},{"name":"xs","type":"uint256[]"}]}]},
          {"type":"event","name":"Done","anonymous":false,"inputs":[{"name":"id","type":"bytes32","indexed":true},{"name":"who","type":"address","indexed":true},{"name":"note","type":"string","indexed":true},{"name":"n","type":"uint256","indexed":false}]},
          {"type":"error","name":"PublisherMismatch","inputs":[{"name":"expected","type":"address"},{"name":"sender","type":"address"}]},
          {"type":"constructor","inputs":[{"name":"admin","type":"address"}]}
        ]}
        """;
        var abi = ContractAbi.Parse(json);
        var get = abi.Function("get");
        Assert.Equal("get(bytes32)", get.Signature);
        Assert.True(get.IsReadOnly);
        Assert.Equal("(address,uint256[])", get.Outputs[0].Type.CanonicalName);
        Assert.Single(abi.ConstructorInputs!);

        var ev = abi.Event("Done");
        Assert.Equal("Done(bytes32,address,string,uint256)", ev.Signature);
        var id = Keccak.Hash("x");
        var who = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var noteHash = Keccak.Hash("hello");
        var decoded = abi.TryDecodeLog([ev.Topic, id, AbiEncoder.Encode(AbiType.Address, who), noteHash], AbiEncoder.Encode(AbiType.UInt256, 7))!;
        Assert.Equal("Done", decoded.Name);
        Assert.Equal(id, (byte[])decoded["id"]!);
        Assert.Equal(who, decoded["who"]);
        Assert.Equal(noteHash, (byte[])decoded["note"]!);
        Assert.Equal(new BigInteger(7), decoded["n"]);
        Assert.Throws<InvalidDataException>(() => ContractAbi.DecodeLog(ev, [ev.Topic, id], AbiEncoder.Encode(AbiType.UInt256, 7)));

        var err = abi.Errors[0];
        var revert = AbiEncoder.EncodeCall(err.Selector, err.InputTypes, [who, Address.Zero]);
        var de = abi.TryDecodeError(revert)!;
        Assert.Equal("PublisherMismatch", de.Name);
        Assert.Equal(who, de.Args[0]);
        Assert.Equal("PublisherMismatch(0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed, 0x0000000000000000000000000000000000000000)", de.ToString());

        var reason = abi.TryDecodeError(Hex.Parse("0x08c379a0" + W("20") + W("5") + "6e6f706521" + new string('0', 54)))!;
        Assert.Equal("Error", reason.Name);
        Assert.Equal("nope!", reason.Args[0]);
        var panic = abi.TryDecodeError(Hex.Parse("0x4e487b71" + W("11")))!;
        Assert.Equal("Panic", panic.Name);
        Assert.Contains("overflow", panic.ToString());
        Assert.Null(abi.TryDecodeError(Hex.Parse("0xdeadbeef")));
        Assert.Null(abi.TryDecodeError([]));
    }
}
