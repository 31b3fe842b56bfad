using System.Text.Json.Nodes;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>
/// tests/oracles/groth16-evm.js: compiles a Solidity verifier, deploys it on a Hardhat node and calls verifyProof
/// for each case (name, 8 proof words, public inputs); returns the oracle's JSON report (results by case name,
/// the contract's key hash, its public input count, gas, warnings).
/// </summary>
internal static class EvmVerifierOracle
{
    public static JsonNode Run(TempDirectory dir, string rpcUrl, string source, string contractName, JsonNode vk,
        IEnumerable<(string Name, string[] Proof, string[] Inputs)> cases)
    {
        var request = new JsonObject
        {
            ["rpc"] = rpcUrl,
            ["privateKey"] = HardhatNode.DevPrivateKeys[0],
            ["source"] = source,
            ["contractName"] = contractName,
            ["vk"] = vk,
            ["cases"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["proof"] = new JsonArray(c.Proof.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
                ["inputs"] = new JsonArray(c.Inputs.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
            }).ToArray()),
        };
        File.WriteAllText(dir.File("request.json"), request.ToJsonString());
        return JsonNode.Parse(ProcessRunner.Node("groth16-evm.js", [dir.File("request.json")], timeout: TimeSpan.FromMinutes(3)))!;
    }

    /// <summary>The oracle's per-case results keyed by case name.</summary>
    public static Dictionary<string, JsonNode> ResultsByName(JsonNode report) =>
        report["results"]!.AsArray().ToDictionary(x => (string)x!["name"]!, x => x!);
}
