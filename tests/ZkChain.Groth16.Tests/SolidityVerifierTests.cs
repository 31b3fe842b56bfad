using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>
/// The exported Verifier.sol, compiled by the npm solc and run on a Hardhat node through
/// tests/oracles/groth16-evm.js: valid proofs accepted for 1..5 public inputs (gas printed),
/// invalid ones rejected with the right custom error or false.
/// </summary>
[Collection(SnarkjsCollection.Name)]
public sealed class SolidityVerifierTests(SnarkjsPipeline p, HardhatNode node, ITestOutputHelper output) : IClassFixture<HardhatNode>
{
    private static T Read<T>(string path, Func<Stream, T> f) { using var s = File.OpenRead(path); return f(s); }

    [Fact]
    public void ExportedVerifier_OnEvm_AcceptsValid_RejectsInvalid_ForOneToFivePublicInputs()
    {
        var ptau = Read(p.Pot, PtauFile.Read);
        var lines = new List<string>();
        for (var n = 1; n <= 5; n++)
        {
            using var dir = new TempDirectory();
            File.Copy(RepoPaths.Combine("tests", "fixtures", "circom", "publics.circom"), dir.File("publics.circom"));
            File.WriteAllText(dir.File("main.circom"),
                $"pragma circom 2.0.0;\ninclude \"publics.circom\";\ncomponent main {{public [x]}} = Publics({n});\n");
            SnarkjsPipeline.Circom(dir.Path, "main.circom");
            var input = new JsonObject
            {
                ["x"] = new JsonArray(Enumerable.Range(0, n).Select(i => (JsonNode)JsonValue.Create((3 + 5 * i).ToString())!).ToArray()),
                ["k"] = "7",
            };
            File.WriteAllText(dir.File("input.json"), input.ToJsonString());
            SnarkjsPipeline.Snark("wtns", "calculate", dir.File("main_js/main.wasm"), dir.File("input.json"), dir.File("w.wtns"));

            // A second witness whose first public input is 0: the verifier skips that input's ecMul/ecAdd.
            input["x"]![0] = "0";
            File.WriteAllText(dir.File("input0.json"), input.ToJsonString());
            SnarkjsPipeline.Snark("wtns", "calculate", dir.File("main_js/main.wasm"), dir.File("input0.json"), dir.File("w0.wtns"));

            var cs = Read(dir.File("main.r1cs"), R1csFile.Read);
            var (pk, _) = ZkeyContributor.Contribute(Groth16Setup.Setup(cs, ptau), "evm test", []);
            var w = Read(dir.File("w.wtns"), WtnsFile.Read);
            var (proof, pub) = Groth16Prover.Prove(pk, w);
            var (proof0, pub0) = Groth16Prover.Prove(pk, Read(dir.File("w0.wtns"), WtnsFile.Read));
            Assert.True(pub0[0].IsZero);
            var words0 = proof0.ToSolidityWords().Select(x => x.ToString()).ToArray();
            var inputs0 = pub0.Select(x => x.ToString()).ToArray();
            var vk = pk.VerificationKey;
            var words = proof.ToSolidityWords().Select(x => x.ToString()).ToArray();
            var inputs = pub.Select(x => x.ToString()).ToArray();
            var r = Fr.Modulus;
            var q = Fq.Modulus;

            var cases = new List<(string Name, string[] Proof, string[] Inputs)>
            {
                ("valid", words, inputs),
                ("wrong input", words, inputs.Select((x, i) => i == 0 ? (BigInteger.Parse(x) + 1).ToString() : x).ToArray()),
                ("input >= r", words, inputs.Select((x, i) => i == n - 1 ? (BigInteger.Parse(x) + r).ToString() : x).ToArray()),
                ("too few inputs", words, inputs[..^1]),
                ("too many inputs", words, [.. inputs, "1"]),
                ("coordinate >= q", words.Select((x, i) => i == 6 ? (BigInteger.Parse(x) + q).ToString() : x).ToArray(), inputs),
                ("A off curve", words.Select((x, i) => i == 1 ? (BigInteger.Parse(x) + 1 == q ? BigInteger.Zero : BigInteger.Parse(x) + 1).ToString() : x).ToArray(), inputs),
                ("-A (valid point, wrong proof)", words.Select((x, i) => i == 1 ? (q - BigInteger.Parse(x)).ToString() : x).ToArray(), inputs),
                ("C swapped with A", [words[6], words[7], words[2], words[3], words[4], words[5], words[0], words[1]], inputs),
                ("valid, first input 0", words0, inputs0),
                ("proof for input 0, input 1 claimed", words0, inputs0.Select((x, i) => i == 0 ? "1" : x).ToArray()),
                ("proof for input 3, input 0 claimed", words, inputs.Select((x, i) => i == 0 ? "0" : x).ToArray()),
            };
            var sol = SolidityVerifierExporter.Export(vk, "ZkVerifier" + n);
            var result = EvmVerifierOracle.Run(dir, node.RpcUrl, sol, "ZkVerifier" + n, JsonNode.Parse(SnarkjsJson.WriteVerificationKey(vk))!, cases);
            var expectedHash = "0x" + Convert.ToHexString(vk.Hash()).ToLowerInvariant();
            Assert.Equal(expectedHash, (string)result["verificationKeyHash"]!);
            Assert.Equal(expectedHash, (string)result["expectedHashFromVk"]!);
            Assert.Equal(n.ToString(), (string)result["publicInputCount"]!);
            var res = EvmVerifierOracle.ResultsByName(result);

            Assert.True((bool?)res["valid"]["ok"] == true, res["valid"].ToJsonString());
            Assert.True((bool?)res["wrong input"]["ok"] == false, res["wrong input"].ToJsonString());
            Assert.Equal("PublicInputNotInField", (string?)res["input >= r"]["error"]);
            Assert.Equal((n - 1).ToString(), (string?)res["input >= r"]["errorArgs"]![0]);
            Assert.Equal("WrongPublicInputCount", (string?)res["too few inputs"]["error"]);
            Assert.Equal("WrongPublicInputCount", (string?)res["too many inputs"]["error"]);
            Assert.Equal("ProofCoordinateNotInField", (string?)res["coordinate >= q"]["error"]);
            Assert.Equal("6", (string?)res["coordinate >= q"]["errorArgs"]![0]);
            Assert.Equal("PairingPrecompileFailed", (string?)res["A off curve"]["error"]);
            Assert.True((bool?)res["-A (valid point, wrong proof)"]["ok"] == false);
            Assert.True((bool?)res["C swapped with A"]["ok"] == false);
            Assert.True((bool?)res["valid, first input 0"]["ok"] == true, res["valid, first input 0"].ToJsonString());
            Assert.True((bool?)res["proof for input 0, input 1 claimed"]["ok"] == false);
            Assert.True((bool?)res["proof for input 3, input 0 claimed"]["ok"] == false);

            // Gas is deterministic: the issue's target (3 public inputs, verifyProof as a registry calls it,
            // cold address included) is checked here so a template change cannot silently lose it.
            var callCold = long.Parse((string)res["valid"]["callGasCold"]!);
            var callWarm = long.Parse((string)res["valid"]["callGasWarm"]!);
            Assert.InRange(callWarm, 1, callCold);
            if (n == 3) Assert.True(callCold <= 215_000, $"verifyProof with 3 public inputs costs {callCold} gas from a contract (target 215000)");
            var line = $"| {n} | {res["valid"]["gas"]} | {callCold} | {callWarm} | {result["deployGas"]} |";
            lines.Add(line);
            output.WriteLine(line);
        }
        output.WriteLine("(columns: public inputs | verifyProof transaction, eth_estimateGas, incl. 21000 base + calldata | "
            + "verifyProof called from a contract, address cold | same, address warm | deployment gas)");
    }
}
