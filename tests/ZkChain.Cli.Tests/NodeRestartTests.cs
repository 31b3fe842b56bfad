using System.Text.Json;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>
/// The node goes away in the middle of a publisher's flow: the CLI says which RPC URL failed (chain-error exit code,
/// no stack trace) and leaves the local files alone; a fresh chain on the same port is recognised as not having the
/// deployed registry, instead of failing later with an undecodable empty answer.
/// </summary>
[Collection(ChainCliCollection.Name)]
public class NodeRestartTests
{
    private const string KeyVar = "ZKCHAIN_TEST_PUBLISHER_KEY";
    private static readonly Dictionary<string, string> PublisherEnv = new() { [KeyVar] = TrainedFolderFixture.Key(TrainedFolderFixture.PublisherAccount) };
    private readonly TrainedFolderFixture _trained;

    public NodeRestartTests(TrainedFolderFixture trained) => _trained = trained;

    private static ProcessResult Zk(string cwd, string rpc, params string[] args)
    {
        var r = ZkchainProcess.Run([.. args, "--rpc", rpc], cwd, PublisherEnv);
        CliOutput.AssertClean(r, TrainedFolderFixture.Key(TrainedFolderFixture.PublisherAccount));
        return r;
    }

    [Fact]
    public void Stopped_node_is_a_clear_error_and_a_restarted_chain_has_no_registry()
    {
        using var work = new TempDirectory("zkchain-restart");
        _trained.CopyTo(work.Path);
        using var node = new HardhatNode();
        var rpc = node.RpcUrl;
        var deploy = Zk(work.Path, rpc, "chain", "deploy", "--json");
        Assert.True(deploy.ExitCode == 0, deploy.Show());
        string registry;
        using (var doc = JsonDocument.Parse(deploy.StdOut)) registry = doc.RootElement.GetProperty("registry").GetString()!;
        var register = Zk(work.Path, rpc, "circuit", "register", "training");
        Assert.True(register.ExitCode == 0, register.Show());
        var before = CliOutput.Snapshot(work.Path);
        Assert.Contains(Path.Combine("out", "deployments", "31337.json"), before.Keys);

        // the node stops (by PID): attest and query fail naming the URL; nothing local changes
        var port = node.Port;
        node.Stop();
        var attest = Zk(work.Path, rpc, "attest", "training", "--key-env", KeyVar);
        Assert.Equal(3, attest.ExitCode);
        Assert.Contains($"chain node at {rpc} is unavailable", attest.StdErr);
        Assert.Contains("is the node running?", attest.StdErr);
        var query = Zk(work.Path, rpc, "query", "publisher", TrainedFolderFixture.Publisher);
        Assert.Equal(3, query.ExitCode);
        Assert.Contains(rpc, query.StdErr);
        CliOutput.AssertSameFiles(before, CliOutput.Snapshot(work.Path));

        // a fresh chain on the same port: same chain id, same URL, but the deployed registry is gone
        node.Start(port);
        Assert.Equal(rpc, node.RpcUrl);
        var stale = Zk(work.Path, rpc, "attest", "training", "--key-env", KeyVar);
        Assert.Equal(3, stale.ExitCode);
        Assert.Contains($"no contract code at registry address {registry}", stale.StdErr);
        Assert.Contains("deployments file", stale.StdErr);
        Assert.Contains("chain deploy", stale.StdErr);
        var staleExplicit = Zk(work.Path, rpc, "query", "id", "0x" + new string('1', 64), "--registry", registry);
        Assert.Equal(3, staleExplicit.ExitCode);
        Assert.Contains($"no contract code at registry address {registry} (from --registry)", staleExplicit.StdErr);
        CliOutput.AssertSameFiles(before, CliOutput.Snapshot(work.Path));

        // the way out the message names works: deploy again (not blocked by the stale file), register, attest
        Assert.True(Zk(work.Path, rpc, "chain", "deploy").ExitCode == 0);
        var reRegister = Zk(work.Path, rpc, "circuit", "register", "training");
        Assert.True(reRegister.ExitCode == 0, reRegister.Show());
        var attested = Zk(work.Path, rpc, "attest", "training", "--key-env", KeyVar);
        Assert.True(attested.ExitCode == 0, attested.Show());
        Assert.Matches("^0x[0-9a-f]{64}$", CliOutput.Row(attested.StdOut, "attestation id"));
    }
}
