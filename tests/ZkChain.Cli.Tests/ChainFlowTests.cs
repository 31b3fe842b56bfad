using System.Numerics;
using System.Text.Json;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.Groth16.Formats;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>
/// The publisher's and the third party's flow through the zkchain CLI against a real Hardhat node:
/// train → chain deploy → circuit register → attest → query id|model|publisher → check, and the errors a user meets.
/// </summary>
[Collection(ChainCliCollection.Name)]
public class ChainFlowTests : IClassFixture<HardhatNode>
{
    private const string KeyVar = "ZKCHAIN_TEST_PUBLISHER_KEY";
    private readonly HardhatNode _node;
    private readonly TrainedFolderFixture _trained;

    public ChainFlowTests(HardhatNode node, TrainedFolderFixture trained)
    {
        _node = node;
        _trained = trained;
    }

    private ProcessResult Zk(string cwd, IEnumerable<string> args, int? keyAccount = null)
    {
        var env = new Dictionary<string, string>();
        if (keyAccount is int a) env[KeyVar] = TrainedFolderFixture.Key(a);
        var r = ZkchainProcess.Run([.. args, "--rpc", _node.RpcUrl], cwd, env);
        CliOutput.AssertClean(r, TrainedFolderFixture.Key(1), TrainedFolderFixture.Key(2));
        return r;
    }

    [Fact]
    public void Train_deploy_register_attest_query_check_and_the_errors_users_meet()
    {
        using var work = new TempDirectory("zkchain-chainflow");
        var dir = _trained.CopyTo(work.Path);
        var pub = _trained.PublicInputs;
        BigInteger data = pub[0], model = pub[1], config = pub[2];

        // train: the printed commitments are the proof's public inputs, bound to the publisher, with a development setup
        var t = _trained.TrainJson;
        Assert.Equal(data.ToString(), t.GetProperty("dataCommitment").GetString());
        Assert.Equal(model.ToString(), t.GetProperty("modelCommitment").GetString());
        Assert.Equal(config.ToString(), t.GetProperty("configHash").GetString());
        Assert.Equal(Address.Parse(TrainedFolderFixture.Publisher).ToBigInteger(), pub[3]);
        Assert.True(t.GetProperty("verified").GetBoolean());
        Assert.True(t.GetProperty("developmentSetup").GetBoolean());
        Assert.Contains("DEVELOPMENT ONLY", _trained.TrainStdErr);

        // deploy (devnet default key #0) → deployments file in the working folder
        var deploy = Zk(work.Path, ["chain", "deploy", "--json"]);
        Assert.True(deploy.ExitCode == 0, deploy.Show());
        Assert.Contains("Hardhat development account #0", deploy.StdErr);
        using var deployDoc = JsonDocument.Parse(deploy.StdOut);
        var registry = deployDoc.RootElement.GetProperty("registry").GetString()!;
        Assert.Equal("31337", deployDoc.RootElement.GetProperty("chainId").GetString());
        using (var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(work.Path, "out", "deployments", "31337.json"))))
            Assert.Equal(registry, file.RootElement.GetProperty("registry").GetString());

        // register: the circuit id is the verification key's hash; development setup recorded
        var vk = SnarkjsJson.ReadVerificationKey(File.ReadAllText(Path.Combine(dir, "verification_key.json")));
        var circuitId = vk.Hash();
        var register = Zk(work.Path, ["circuit", "register", "training", "--json"]);
        Assert.True(register.ExitCode == 0, register.Show());
        using (var doc = JsonDocument.Parse(register.StdOut))
        {
            Assert.Equal(Hex.ToHex(circuitId), doc.RootElement.GetProperty("circuitId").GetString());
            Assert.True(doc.RootElement.GetProperty("developmentSetup").GetBoolean());
            Assert.False(doc.RootElement.GetProperty("alreadyRegistered").GetBoolean());
        }
        var again = Zk(work.Path, ["circuit", "register", "training"]);
        Assert.True(again.ExitCode == 0, again.Show());
        Assert.Equal("already registered", CliOutput.Row(again.StdOut, "status"));

        // attest as the publisher (key from --key-env; never printed): id, tx hash, gas
        var attest = Zk(work.Path, ["attest", "training", "--key-env", KeyVar, "--uri", "https://example.org/model-card"], keyAccount: 1);
        Assert.True(attest.ExitCode == 0, attest.Show());
        var id = CliOutput.Row(attest.StdOut, "attestation id");
        Assert.Equal(Hex.ToHex(AttestationRegistryClient.ComputeAttestationId(circuitId, model, data)), id);
        var txHash = CliOutput.Row(attest.StdOut, "tx");
        Assert.Matches("^0x[0-9a-f]{64}$", txHash);
        var gas = ulong.Parse(CliOutput.Row(attest.StdOut, "gas used").Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(gas, 200_000UL, 1_000_000UL);
        Assert.Equal(registry, CliOutput.Row(attest.StdOut, "registry"));

        // query id: table, then JSON compared with the training folder's public inputs
        var byIdTable = Zk(work.Path, ["query", "id", id]);
        Assert.True(byIdTable.ExitCode == 0, byIdTable.Show());
        Assert.Equal(model.ToString(), CliOutput.Row(byIdTable.StdOut, "model commitment"));
        Assert.Equal(data.ToString(), CliOutput.Row(byIdTable.StdOut, "data commitment"));
        Assert.Equal(config.ToString(), CliOutput.Row(byIdTable.StdOut, "config hash"));
        Assert.Equal(TrainedFolderFixture.Publisher, CliOutput.Row(byIdTable.StdOut, "publisher"), ignoreCase: true);
        Assert.Equal("active", CliOutput.Row(byIdTable.StdOut, "status"));
        Assert.StartsWith("DEVELOPMENT ONLY", CliOutput.Row(byIdTable.StdOut, "setup"));
        var byId = QueryJson(work.Path, "id", id);
        var view = Assert.Single(byId);
        AssertView(view, id, data, model, config, circuitId, txHash);

        var byModel = QueryJson(work.Path, "model", model.ToString());
        Assert.Equal(id, Assert.Single(byModel).GetProperty("id").GetString());
        var byModelHex = QueryJson(work.Path, "model", "0x" + model.ToString("x"));
        Assert.Equal(id, Assert.Single(byModelHex).GetProperty("id").GetString());
        var byPublisher = QueryJson(work.Path, "publisher", TrainedFolderFixture.Publisher);
        AssertView(Assert.Single(byPublisher), id, data, model, config, circuitId, txHash);
        Assert.Empty(QueryJson(work.Path, "publisher", TrainedFolderFixture.AddressOf(2)));
        var none = Zk(work.Path, ["query", "publisher", TrainedFolderFixture.AddressOf(2)]);
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("no attestations found", none.StdOut);

        // check as a third party: VALID, with the development-setup verdict
        var check = Zk(work.Path, ["check", "training", "--attestation", id]);
        Assert.True(check.ExitCode == 0, check.Show());
        Assert.Contains($"attestation {id}: VALID", check.StdOut);
        Assert.Contains("setup: DEVELOPMENT ONLY", check.StdOut);
        Assert.DoesNotContain("FAILED", check.StdOut);
        var checkJson = Zk(work.Path, ["check", "training", "--attestation", id, "--json"]);
        Assert.True(checkJson.ExitCode == 0, checkJson.Show());
        using (var doc = JsonDocument.Parse(checkJson.StdOut))
        {
            Assert.True(doc.RootElement.GetProperty("passed").GetBoolean());
            Assert.True(doc.RootElement.GetProperty("developmentSetup").GetBoolean());
            Assert.Contains(doc.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "proof verifies on chain" && c.GetProperty("passed").GetBoolean());
        }

        // attesting twice: a clear "already attested" naming the existing id, chain-error exit code
        var twice = Zk(work.Path, ["attest", "training", "--key-env", KeyVar], keyAccount: 1);
        Assert.Equal(3, twice.ExitCode);
        Assert.Contains("already attested", twice.StdErr);
        Assert.Contains(id, twice.StdErr);

        // another account cannot attest the publisher's proof: refused before anything is sent
        var other = Zk(work.Path, ["attest", "training", "--key-env", KeyVar], keyAccount: 2);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("bound to publisher", other.StdErr);
        Assert.Contains(TrainedFolderFixture.Publisher, other.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(TrainedFolderFixture.AddressOf(2), other.StdErr, StringComparison.OrdinalIgnoreCase);

        // unknown attestation id: a clear "no attestation", exit 1 (the answer is no), for query and check
        var unknownId = "0x" + new string('7', 64);
        var unknown = Zk(work.Path, ["query", "id", unknownId]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"no attestation with id {unknownId}", unknown.StdErr);
        Assert.Contains(registry, unknown.StdErr);
        var unknownCheck = Zk(work.Path, ["check", "training", "--attestation", unknownId]);
        Assert.Equal(1, unknownCheck.ExitCode);
        Assert.Contains("NOT VALID", unknownCheck.StdOut);
        var badId = Zk(work.Path, ["query", "id", "0x1234"]);
        Assert.Equal(2, badId.ExitCode);
        Assert.Contains("must be 32 bytes", badId.StdErr);

        // tampered public inputs: another data commitment with the same proof is rejected on chain (and by check)
        var tampered = _trained.CopyTo(work.Path, "tampered");
        var forged = pub.ToArray();
        forged[0] = data + 1;
        File.WriteAllText(Path.Combine(tampered, "public.json"), "[" + string.Join(",", forged.Select(v => $"\"{v}\"")) + "]");
        var forgedAttest = Zk(work.Path, ["attest", "tampered", "--key-env", KeyVar], keyAccount: 1);
        Assert.Equal(3, forgedAttest.ExitCode);
        Assert.Contains("InvalidProof", forgedAttest.StdErr);
        var forgedCheck = Zk(work.Path, ["check", "tampered", "--attestation", id]);
        Assert.Equal(1, forgedCheck.ExitCode);
        Assert.Contains("NOT VALID", forgedCheck.StdOut);
        Assert.Single(QueryJson(work.Path, "publisher", TrainedFolderFixture.Publisher));
    }

    private JsonElement[] QueryJson(string cwd, string kind, string what)
    {
        var r = Zk(cwd, ["query", kind, what, "--json"]);
        Assert.True(r.ExitCode == 0, r.Show());
        using var doc = JsonDocument.Parse(r.StdOut);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static void AssertView(JsonElement v, string id, BigInteger data, BigInteger model, BigInteger config, byte[] circuitId, string txHash)
    {
        Assert.Equal(id, v.GetProperty("id").GetString());
        Assert.Equal(data.ToString(), v.GetProperty("dataCommitment").GetString());
        Assert.Equal(model.ToString(), v.GetProperty("modelCommitment").GetString());
        Assert.Equal(config.ToString(), v.GetProperty("configHash").GetString());
        Assert.Equal(TrainedFolderFixture.Publisher, v.GetProperty("publisher").GetString(), ignoreCase: true);
        Assert.Equal(Hex.ToHex(circuitId), v.GetProperty("circuitId").GetString());
        Assert.Equal("logistic", v.GetProperty("modelFamily").GetString());
        Assert.True(v.GetProperty("developmentSetup").GetBoolean());
        Assert.False(v.GetProperty("revoked").GetBoolean());
        Assert.False(v.GetProperty("circuitDeprecated").GetBoolean());
        Assert.Equal("https://example.org/model-card", v.GetProperty("uri").GetString());
        Assert.Equal(txHash, v.GetProperty("txHash").GetString());
        Assert.True(v.GetProperty("timestamp").GetUInt64() > 0);
    }
}
