using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Keystore;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Signing;
using ZkChain.ChainClient.Transactions;
using ZkChain.TestSupport;

namespace ZkChain.ChainClient.Tests;

/// <summary>Cross-checks against ethers v6 (one batched node call per test).</summary>
public class EthersOracleTests
{
    private static JsonObject RunOracle(JsonObject input) =>
        JsonNode.Parse(ProcessRunner.Node("chain-ethers.js", stdin: input.ToJsonString(), timeout: TimeSpan.FromMinutes(2)))!.AsObject();

    private static readonly string[] TypePool =
    [
        "uint8", "uint256", "int8", "int256", "int64", "uint48", "address", "bool", "bytes1", "bytes32", "bytes", "string",
        "uint256[]", "string[]", "bytes[]", "address[3]", "uint8[2][]", "(uint256,bool)", "(uint256,string)",
        "(address,(bytes,uint16[])[])[]", "(string,uint256)[2]", "bytes32[][]", "int24[]", "(bool[],string)[][2]", "(uint256[2],bytes8)[3]",
    ];

    /// <summary>A random value for the type, as a C# ABI value and in the oracle's JSON convention.</summary>
    internal static (object Value, JsonNode Json) RandomValue(AbiType t, Random rnd)
    {
        switch (t.Kind)
        {
            case AbiKind.UInt:
            {
                var b = new byte[t.Size / 8];
                rnd.NextBytes(b);
                if (rnd.Next(4) == 0) Array.Clear(b, 0, b.Length - 1);
                var v = new BigInteger(b, isUnsigned: true, isBigEndian: true);
                return (v, JsonValue.Create(v.ToString())!);
            }
            case AbiKind.Int:
            {
                var b = new byte[t.Size / 8];
                rnd.NextBytes(b);
                var v = new BigInteger(b, isUnsigned: false, isBigEndian: true);
                return (v, JsonValue.Create(v.ToString())!);
            }
            case AbiKind.Address:
            {
                var b = new byte[20];
                rnd.NextBytes(b);
                var a = new Address(b);
                return (a, JsonValue.Create(a.ToLowerHex())!);
            }
            case AbiKind.Bool:
            {
                var v = rnd.Next(2) == 1;
                return (v, JsonValue.Create(v));
            }
            case AbiKind.FixedBytes:
            case AbiKind.Bytes:
            {
                var b = new byte[t.Kind == AbiKind.Bytes ? rnd.Next(0, 80) : t.Size];
                rnd.NextBytes(b);
                return (b, JsonValue.Create(Hex.ToHex(b))!);
            }
            case AbiKind.String:
            {
                string[] parts = ["a", "Zk", " ", "é", "✓", "chain", "数据", "0", "🙂"];
                var s = string.Concat(Enumerable.Range(0, rnd.Next(0, 12)).Select(_ => parts[rnd.Next(parts.Length)]));
                return (s, JsonValue.Create(s)!);
            }
            default:
            {
                IReadOnlyList<AbiType> items = t.Kind switch
                {
                    AbiKind.Array => Enumerable.Repeat(t.Element!, rnd.Next(0, 4)).ToArray(),
                    AbiKind.FixedArray => Enumerable.Repeat(t.Element!, t.Size).ToArray(),
                    _ => t.Components.Select(c => c.Type).ToArray(),
                };
                var vals = new object?[items.Count];
                var arr = new JsonArray();
                for (int i = 0; i < items.Count; i++)
                {
                    var (v, j) = RandomValue(items[i], rnd);
                    vals[i] = v;
                    arr.Add(j);
                }
                return (vals, arr);
            }
        }
    }

    internal static JsonNode ToJson(object? v) => v switch
    {
        BigInteger b => JsonValue.Create(b.ToString())!,
        Address a => JsonValue.Create(a.ToLowerHex())!,
        bool b => JsonValue.Create(b),
        byte[] b => JsonValue.Create(Hex.ToHex(b))!,
        string s => JsonValue.Create(s)!,
        object?[] l => new JsonArray(l.Select(ToJson).ToArray()),
        _ => throw new ArgumentException("unexpected value " + v),
    };

    [Fact]
    public void Abi_encoding_decoding_selectors_topics_match_ethers()
    {
        var rnd = new Random(20240601);
        var cases = new List<(AbiType[] Types, object?[] Values, JsonArray Json)>();
        foreach (var single in TypePool)
        {
            var t = AbiType.Parse(single);
            for (int k = 0; k < 3; k++)
            {
                var (v, j) = RandomValue(t, rnd);
                cases.Add(([t], [v], new JsonArray(j)));
            }
        }
        for (int c = 0; c < 60; c++)
        {
            var types = Enumerable.Range(0, rnd.Next(1, 5)).Select(_ => AbiType.Parse(TypePool[rnd.Next(TypePool.Length)])).ToArray();
            var vals = new object?[types.Length];
            var json = new JsonArray();
            for (int i = 0; i < types.Length; i++)
            {
                var (v, j) = RandomValue(types[i], rnd);
                vals[i] = v;
                json.Add(j);
            }
            cases.Add((types, vals, json));
        }
        string[] signatures = ["verifyProof(uint256[8],uint256[])", "registerCircuit(bytes32,(address,string,uint32,uint32,uint32,uint256,bytes32,bool,string))", "PublisherMismatch(address,address)", "f((uint256,bytes)[2][],string)"];
        string[] events = ["AttestationRecorded(bytes32,address,uint256,uint256,bytes32,uint256,string)", "CircuitRegistered(bytes32,address,bool,string)"];

        var ours = cases.Select(c => AbiEncoder.Encode(c.Types, c.Values)).ToList();
        var input = new JsonObject
        {
            ["abi"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["types"] = new JsonArray(c.Types.Select(t => (JsonNode)JsonValue.Create(t.CanonicalName)!).ToArray()),
                ["values"] = c.Json.DeepClone(),
            }).ToArray()),
            // ethers decodes our encodings
            ["decode"] = new JsonArray(cases.Select((c, i) => (JsonNode)new JsonObject
            {
                ["types"] = new JsonArray(c.Types.Select(t => (JsonNode)JsonValue.Create(t.CanonicalName)!).ToArray()),
                ["data"] = Hex.ToHex(ours[i]),
            }).ToArray()),
            ["signatures"] = new JsonArray(signatures.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
            ["events"] = new JsonArray(events.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
        };
        var output = RunOracle(input);
        Assert.True(cases.Count > 100);
        for (int i = 0; i < cases.Count; i++)
        {
            var what = string.Join(",", cases[i].Types.Select(t => t.CanonicalName));
            var theirs = output["abi"]![i]!.GetValue<string>();
            Assert.True(theirs == Hex.ToHex(ours[i]), $"case {i} ({what}): encodings differ\n ours  {Hex.ToHex(ours[i])}\n ethers {theirs}");
            // we decode ethers' bytes back to the same values, and ethers decodes ours to the same values
            var decoded = AbiDecoder.Decode(cases[i].Types, Hex.Parse(theirs));
            Assert.Equal(cases[i].Json.ToJsonString(), new JsonArray(decoded.Select(ToJson).ToArray()).ToJsonString());
            Assert.Equal(cases[i].Json.ToJsonString(), output["decode"]![i]!.ToJsonString());
        }
        for (int i = 0; i < signatures.Length; i++)
        {
            Assert.Equal(output["signatures"]![i]!.GetValue<string>()[..10], Hex.ToHex(Keccak.Hash(signatures[i])[..4]));
        }
        for (int i = 0; i < events.Length; i++)
        {
            Assert.Equal(output["events"]![i]!.GetValue<string>(), Hex.ToHex(Keccak.Hash(events[i])));
        }
    }

    [Fact]
    public void Transactions_signatures_and_addresses_match_ethers()
    {
        var rnd = new Random(7);
        var txs = new List<(IUnsignedTransaction Tx, string Key, JsonObject Json)>();
        for (int i = 0; i < 16; i++)
        {
            var keyHex = i < HardhatNode.DevPrivateKeys.Length ? HardhatNode.DevPrivateKeys[i] : RandomKeyHex(rnd);
            var data = new byte[rnd.Next(0, 3) == 0 ? 0 : rnd.Next(1, 200)];
            rnd.NextBytes(data);
            Address? to = i % 5 == 4 ? null : RandomAddress(rnd);
            BigInteger chainId = i % 3 == 0 ? 1 : i % 3 == 1 ? 31337 : 11155111;
            BigInteger nonce = rnd.Next(0, 3) == 0 ? 0 : rnd.Next(1, 1_000_000);
            BigInteger gas = rnd.Next(21000, 3_000_000);
            BigInteger value = rnd.Next(2) == 0 ? 0 : BigInteger.Parse("1000000000000000000") * rnd.Next(1, 100) + rnd.Next();
            var json = new JsonObject
            {
                ["chainId"] = chainId.ToString(), ["nonce"] = (long)nonce, ["gasLimit"] = gas.ToString(),
                ["to"] = to?.ToLowerHex(), ["value"] = value.ToString(), ["data"] = Hex.ToHex(data),
            };
            IUnsignedTransaction tx;
            if (i % 2 == 0)
            {
                BigInteger tip = rnd.NextInt64(0, 3_000_000_000), max = tip + rnd.Next(0, int.MaxValue);
                tx = new Eip1559Transaction(chainId, nonce, tip, max, gas, to, value, data);
                json["type"] = 2;
                json["maxPriorityFeePerGas"] = tip.ToString();
                json["maxFeePerGas"] = max.ToString();
            }
            else
            {
                BigInteger gasPrice = rnd.Next(1, int.MaxValue);
                tx = new LegacyTransaction(chainId, nonce, gasPrice, gas, to, value, data);
                json["type"] = 0;
                json["gasPrice"] = gasPrice.ToString();
            }
            txs.Add((tx, keyHex, json));
        }
        var keys = Enumerable.Range(0, 12).Select(_ => (Key: RandomKeyHex(rnd), Hash: RandomBytes(rnd, 32))).ToList();
        var input = new JsonObject
        {
            ["txs"] = new JsonArray(txs.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["tx"] = t.Json }).ToArray()),
            ["keys"] = new JsonArray(keys.Select(k => (JsonNode)new JsonObject { ["key"] = k.Key, ["hash"] = Hex.ToHex(k.Hash) }).ToArray()),
        };
        var output = RunOracle(input);
        for (int i = 0; i < txs.Count; i++)
        {
            var o = output["txs"]![i]!;
            using var key = PrivateKey.FromHex(txs[i].Key);
            var signed = txs[i].Tx.Sign(key);
            Assert.Equal(o["unsignedHash"]!.GetValue<string>(), Hex.ToHex(txs[i].Tx.SigningHash()));
            Assert.Equal(o["signed"]!.GetValue<string>(), signed.RawHex);
            Assert.Equal(o["hash"]!.GetValue<string>(), signed.HashHex);
            Assert.Equal(o["from"]!.GetValue<string>(), key.Address.ToLowerHex());
            Assert.Equal(key.Address, SignedTransaction.Decode(signed.Raw).RecoverSender());
        }
        for (int i = 0; i < keys.Count; i++)
        {
            var o = output["keys"]![i]!;
            using var key = PrivateKey.FromHex(keys[i].Key);
            var sig = key.SignHash(keys[i].Hash);
            Assert.Equal(o["address"]!.GetValue<string>(), key.Address.ToLowerHex());
            Assert.Equal(o["publicKey"]!.GetValue<string>(), "0x04" + Hex.ToHexNoPrefix(key.PublicKey));
            Assert.Equal(o["r"]!.GetValue<string>(), Hex.ToHex(sig.R));
            Assert.Equal(o["s"]!.GetValue<string>(), Hex.ToHex(sig.S));
            Assert.Equal(o["yParity"]!.GetValue<int>(), sig.RecoveryId);
        }
    }

    [Fact]
    public void Keystores_interoperate_with_ethers()
    {
        var rnd = new Random(99);
        var keyA = RandomKeyHex(rnd);
        var keyB = RandomKeyHex(rnd);
        using var ka = PrivateKey.FromHex(keyA);
        using var kb = PrivateKey.FromHex(keyB);
        var oursScrypt = KeyStore.Encrypt(ka, "correct horse", new ScryptSettings(1024, 8, 1));
        var oursPbkdf2 = KeyStore.Encrypt(kb, "pässwörd ✓", new Pbkdf2Settings(2000));
        var input = new JsonObject
        {
            ["makeKeystores"] = new JsonArray(
                new JsonObject { ["key"] = keyA, ["password"] = "from ethers", ["n"] = 1024 },
                new JsonObject { ["key"] = keyB, ["password"] = "ünïcode ✓", ["n"] = 2048 }),
            ["readKeystores"] = new JsonArray(
                new JsonObject { ["json"] = oursScrypt, ["password"] = "correct horse" },
                new JsonObject { ["json"] = oursPbkdf2, ["password"] = "pässwörd ✓" },
                new JsonObject { ["json"] = oursScrypt, ["password"] = "wrong" }),
        };
        var output = RunOracle(input);
        // ethers reads ours
        Assert.Equal(ka.Address.ToLowerHex(), output["readKeystores"]![0]!["address"]!.GetValue<string>());
        Assert.Equal(keyA, output["readKeystores"]![0]!["privateKey"]!.GetValue<string>());
        Assert.Equal(keyB, output["readKeystores"]![1]!["privateKey"]!.GetValue<string>());
        Assert.Contains("password", output["readKeystores"]![2]!["error"]!.GetValue<string>());
        // we read ethers'
        using var ra = KeyStore.Decrypt(output["makeKeystores"]![0]!.GetValue<string>(), "from ethers");
        Assert.Equal(ka.Address, ra.Address);
        Assert.Equal(keyA, Hex.ToHex(ra.ExportSecret()));
        using var rb = KeyStore.Decrypt(output["makeKeystores"]![1]!.GetValue<string>(), "ünïcode ✓");
        Assert.Equal(kb.Address, rb.Address);
        var e = Assert.Throws<WrongPasswordException>(() => KeyStore.Decrypt(output["makeKeystores"]![0]!.GetValue<string>(), "From ethers"));
        Assert.DoesNotContain("ethers", e.Message);
        // we read our own
        using var back = KeyStore.Decrypt(oursPbkdf2, "pässwörd ✓");
        Assert.Equal(kb.Address, back.Address);
    }

    internal static string RandomKeyHex(Random rnd)
    {
        while (true)
        {
            var b = RandomBytes(rnd, 32);
            var v = new BigInteger(b, true, true);
            if (!v.IsZero && v < Secp256k1.Order) return Hex.ToHex(b);
        }
    }

    internal static byte[] RandomBytes(Random rnd, int n)
    {
        var b = new byte[n];
        rnd.NextBytes(b);
        return b;
    }

    private static Address RandomAddress(Random rnd) => new(RandomBytes(rnd, 20));
}
