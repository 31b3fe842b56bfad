using System.Numerics;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.ChainClient.Signing;
using ZkChain.TestSupport;

namespace ZkChain.ChainClient.Tests;

/// <summary>The registry and verifier clients against the real contracts/AttestationRegistry.sol on a Hardhat node.</summary>
public class RegistryClientTests : IClassFixture<HardhatNode>
{
    private readonly HardhatNode _node;
    private static readonly SendOptions Quick = new() { ReceiptPollInterval = TimeSpan.FromMilliseconds(50), ReceiptTimeout = TimeSpan.FromSeconds(60) };
    private static readonly BigInteger R = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    public RegistryClientTests(HardhatNode node) => _node = node;

    private static readonly Lazy<bool> Compiled = new(() =>
    {
        // artifacts/ is build output: compile when a fresh checkout has none
        if (!File.Exists(RepoPaths.Combine("artifacts", "contracts", "AttestationRegistry.sol", "AttestationRegistry.json"))
            || !File.Exists(RepoPaths.Combine("artifacts", "contracts", "test", "ScriptedVerifier.sol", "ScriptedVerifier.json")))
        {
            ProcessRunner.Run("node", [Path.Combine(RepoPaths.NodeModules, "hardhat", "internal", "cli", "cli.js"), "compile"], timeout: TimeSpan.FromMinutes(5))
                .EnsureSuccess("hardhat compile");
        }
        return true;
    });

    private static ContractArtifact Artifact(params string[] parts)
    {
        _ = Compiled.Value;
        return ContractArtifact.Load(RepoPaths.Combine(["artifacts", "contracts", .. parts]));
    }

    [Fact]
    public async Task Register_attest_query_revoke_and_typed_errors()
    {
        using var rpc = new EthRpcClient(_node.RpcUrl);
        using var adminKey = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[0]);
        using var pubKey = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[1]);
        using var otherKey = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[2]);
        var admin = await EthAccount.CreateAsync(rpc, adminKey, Quick);
        var publisher = await EthAccount.CreateAsync(rpc, pubKey, Quick);
        var other = await EthAccount.CreateAsync(rpc, otherKey, Quick);

        var vkHash = Keccak.Hash("test verification key");
        var (verifier, _) = await Groth16VerifierClient.DeployAsync(admin, Artifact("test", "ScriptedVerifier.sol", "ScriptedVerifier.json"), [vkHash, 4, 0]);
        Assert.Equal(vkHash, await verifier.VerificationKeyHashAsync());
        Assert.Equal(new BigInteger(4), await verifier.PublicInputCountAsync());
        var proof = Enumerable.Range(1, 8).Select(i => new BigInteger(i)).ToArray();
        Assert.True(await verifier.VerifyProofAsync(proof, [1, 2, 3, 4]));
        Assert.Throws<ArgumentException>(() => verifier.VerifyProofAsync(proof[..7], [1]).GetAwaiter().GetResult());
        // the plain interface ABI is enough to talk to any verifier
        Assert.True(await Groth16VerifierClient.At(rpc, verifier.Address).VerifyProofAsync(proof, [1, 2, 3, 4]));

        var (registry, deployed) = await AttestationRegistryClient.DeployAsync(admin, Artifact("AttestationRegistry.sol", "AttestationRegistry.json"));
        Assert.Equal(admin.Address, await registry.AdminAsync());
        var info = new CircuitInfo(verifier.Address, "logistic", 4, 2, 64, 12345, Keccak.Hash("r1cs"), true, "ipfs://circuit");
        var reg = await registry.RegisterCircuitAsync(admin, vkHash, info);
        var regEvent = Assert.Single(registry.CircuitsRegistered(reg.Receipt.Logs));
        Assert.Equal(verifier.Address, regEvent.Verifier);
        Assert.True(regEvent.DevelopmentSetup);
        var circuit = await registry.GetCircuitAsync(vkHash);
        Assert.Equal(info with { R1csHash = circuit.Info.R1csHash }, circuit.Info);
        Assert.Equal(info.R1csHash, circuit.Info.R1csHash);
        Assert.False(circuit.Deprecated);
        Assert.True(circuit.RegisteredAt > 0);

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.RegisterCircuitAsync(admin, vkHash, info));
        Assert.Equal("CircuitExists", e.ErrorName);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.RegisterCircuitAsync(other, Keccak.Hash("x"), info));
        Assert.Equal("NotAdmin", e.ErrorName);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.RegisterCircuitAsync(admin, Keccak.Hash("x"), info));
        Assert.Equal("CircuitIdMismatch", e.ErrorName);

        // attest: inputs = [data, model, config, publisher]
        BigInteger model = 777, data1 = 1001, data2 = 1002;
        BigInteger[] Inputs(BigInteger d, Address who) => [d, model, 12345, who.ToBigInteger()];
        var a1 = await registry.AttestAsync(publisher, vkHash, proof, Inputs(data1, publisher.Address), "ipfs://a1");
        Assert.Equal(AttestationRegistryClient.ComputeAttestationId(vkHash, model, data1), a1.Id);
        Assert.Equal("ipfs://a1", a1.Event.Uri);
        Assert.Equal(publisher.Address, a1.Event.Publisher);
        var a2 = await registry.AttestAsync(publisher, vkHash, proof, Inputs(data2, publisher.Address), "ipfs://a2");

        var rec = await registry.GetAttestationAsync(a1.Id);
        Assert.Equal(publisher.Address, rec.Publisher);
        Assert.Equal(model, rec.ModelCommitment);
        Assert.Equal(data1, rec.DataCommitment);
        Assert.Equal(vkHash, rec.CircuitId);
        Assert.False(rec.Revoked);
        Assert.True(await registry.IsAttestedAsync(model, data1));
        Assert.False(await registry.IsAttestedAsync(model, 5));
        Assert.Equal(new BigInteger(2), await registry.AttestationCountAsync());
        var page = await registry.AttestationsByModelAsync(model, 1, 1);
        Assert.Equal(new BigInteger(2), page.Total);
        Assert.Equal(a2.Id, Assert.Single(page.Ids));
        Assert.Equal([a1.IdHex, a2.IdHex], (await registry.AllAttestationsByModelAsync(model, pageSize: 1)).Select(x => Hex.ToHex(x)));
        Assert.Equal(2, (await registry.AttestationsByPublisherAsync(publisher.Address, 0, 10)).Ids.Count);

        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.AttestAsync(publisher, vkHash, proof, Inputs(data1, publisher.Address), "again"));
        Assert.Equal("AlreadyAttested", e.ErrorName);
        Assert.Equal(a1.Id, (byte[])e.ErrorArgs[0]!);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.AttestAsync(other, vkHash, proof, Inputs(3, publisher.Address), "x"));
        Assert.Equal("PublisherMismatch", e.ErrorName);
        Assert.Equal(publisher.Address, e.ErrorArgs[0]);
        Assert.Equal(other.Address, e.ErrorArgs[1]);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.AttestAsync(publisher, vkHash, proof, [R, model, 1, publisher.Address.ToBigInteger()], "x"));
        Assert.Equal("PublicInputNotInField", e.ErrorName);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.AttestAsync(publisher, Keccak.Hash("nope"), proof, Inputs(4, publisher.Address), "x"));
        Assert.Equal("UnknownCircuit", e.ErrorName);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.GetAttestationAsync(Keccak.Hash("missing")));
        Assert.Equal("UnknownAttestation", e.ErrorName);

        // events by query: by id, by publisher, by model
        Assert.Equal(a2.TxHash(), Assert.Single(await registry.FindAttestationEventsAsync(id: a2.Id, fromBlock: deployed.BlockNumber)).TxHash);
        Assert.Equal(2, (await registry.FindAttestationEventsAsync(publisher: publisher.Address, fromBlock: deployed.BlockNumber, maxRange: 2)).Count);
        Assert.Equal(2, (await registry.FindAttestationEventsAsync(modelCommitment: model)).Count);
        Assert.Empty(await registry.FindAttestationEventsAsync(publisher: other.Address));

        // revoke: only the publisher, once
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.RevokeAsync(other, a1.Id));
        Assert.Equal("NotPublisher", e.ErrorName);
        var rv = await registry.RevokeAsync(publisher, a1.Id);
        Assert.Equal(a1.Id, Assert.Single(registry.AttestationsRevoked(rv.Receipt.Logs)).Id);
        Assert.True((await registry.GetAttestationAsync(a1.Id)).Revoked);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.RevokeAsync(publisher, a1.Id));
        Assert.Equal("AlreadyRevoked", e.ErrorName);

        // deprecation and two-step admin transfer
        await registry.DeprecateCircuitAsync(admin, vkHash);
        Assert.True((await registry.GetCircuitAsync(vkHash)).Deprecated);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.AttestAsync(publisher, vkHash, proof, Inputs(9, publisher.Address), "x"));
        Assert.Equal("CircuitIsDeprecated", e.ErrorName);
        await registry.TransferAdminAsync(admin, other.Address);
        Assert.Equal(other.Address, await registry.PendingAdminAsync());
        e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.AcceptAdminAsync(publisher));
        Assert.Equal("NotPendingAdmin", e.ErrorName);
        await registry.AcceptAdminAsync(other);
        Assert.Equal(other.Address, await registry.AdminAsync());
    }
}

internal static class AttestResultExtensions
{
    public static string TxHash(this AttestResult r) => r.Tx.TxHash;
}
