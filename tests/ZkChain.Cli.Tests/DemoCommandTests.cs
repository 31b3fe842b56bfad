using System.Text.Json;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>
/// The README's first command, `zkchain demo`, end to end on a Hardhat node of the test's own (free port, stopped by
/// PID) and on a few rows of the shipped data: it must attest, re-check, write out/demo/attestation.json with the
/// documented fields, and a third party using only the CLI must find the attestation from that file.
/// </summary>
[Collection(ChainCliCollection.Name)]
public class DemoCommandTests
{
    [Fact]
    public void Demo_attests_rechecks_and_writes_an_attestation_file_a_third_party_can_follow()
    {
        using var work = new TempDirectory("zkchain-demo");
        using var node = new HardhatNode();
        var outDir = work.File("demo");
        var r = ZkchainProcess.Run(["demo", "--rows", "12", "--rpc", node.RpcUrl, "--out", outDir, "--json"], timeout: TimeSpan.FromMinutes(15));
        Assert.True(r.ExitCode == 0, r.Show());
        CliOutput.AssertClean(r, HardhatNode.DevPrivateKeys[0]);

        using var summary = JsonDocument.Parse(r.StdOut);
        var s = summary.RootElement;
        Assert.True(s.GetProperty("thirdPartyCheck").GetBoolean());
        Assert.Equal("logistic-d30-n64-e1-b8-f16", s.GetProperty("circuit").GetString()); // the demo's catalog entry
        Assert.Contains("DEVELOPMENT ONLY", s.GetProperty("setup").GetString());
        Assert.True(s.GetProperty("constraints").GetInt32() > 0);

        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "attestation.json")));
        var a = file.RootElement;
        Assert.Equal(31337, a.GetProperty("chainId").GetInt64());
        Assert.Equal(node.RpcUrl, a.GetProperty("rpc").GetString());
        foreach (var field in new[] { "registry", "txHash", "attestationId", "modelCommitment", "dataCommitment", "configHash" })
            Assert.False(string.IsNullOrEmpty(a.GetProperty(field).GetString()), field);
        Assert.True(a.GetProperty("gasUsed").GetInt64() > 200_000);

        // A third party with only the file: query the id, and re-check the published folder against the chain.
        var id = a.GetProperty("attestationId").GetString()!;
        var registry = a.GetProperty("registry").GetString()!;
        var q = ZkchainProcess.Run(["query", "id", id, "--rpc", node.RpcUrl, "--registry", registry, "--json"]);
        Assert.True(q.ExitCode == 0, q.Show());
        using (var doc = JsonDocument.Parse(q.StdOut))
        {
            var view = Assert.Single(doc.RootElement.EnumerateArray().ToArray());
            Assert.Equal(a.GetProperty("modelCommitment").GetString(), view.GetProperty("modelCommitment").GetString());
            Assert.Equal(a.GetProperty("dataCommitment").GetString(), view.GetProperty("dataCommitment").GetString());
            Assert.Equal(a.GetProperty("configHash").GetString(), view.GetProperty("configHash").GetString());
        }
        var check = ZkchainProcess.Run(["check", Path.Combine(outDir, "training"), "--attestation", id, "--rpc", node.RpcUrl, "--registry", registry]);
        Assert.True(check.ExitCode == 0, check.Show());
        Assert.Contains("VALID", check.StdOut);
        Assert.Contains("DEVELOPMENT ONLY", check.StdOut);
    }
}
