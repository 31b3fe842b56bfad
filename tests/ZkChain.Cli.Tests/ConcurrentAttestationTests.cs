using System.Collections.Concurrent;
using System.Numerics;
using System.Text.Json;
using ZkChain.Algebra;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.ChainClient.Signing;
using ZkChain.Circuits;
using ZkChain.Groth16;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;
using ZkChain.Training.Circuits;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Training;
using Xunit.Abstractions;

namespace ZkChain.Cli.Tests;

/// <summary>
/// 200 real training proofs (one circuit, the fixture's development key; different data salts, publisher = the
/// submitting account) sent at once from 4 accounts through the typed registry client and its nonce manager — what
/// the CLI uses — then read back by id, by model and by publisher with paging: none lost, none duplicated.
/// </summary>
[Collection(ChainCliCollection.Name)]
public class ConcurrentAttestationTests : IClassFixture<HardhatNode>
{
    private const int Accounts = 4, PerAccount = 50, Total = Accounts * PerAccount;
    private readonly HardhatNode _node;
    private readonly TrainedFolderFixture _trained;
    private readonly ITestOutputHelper _out;

    public ConcurrentAttestationTests(HardhatNode node, TrainedFolderFixture trained, ITestOutputHelper output)
    {
        _node = node;
        _trained = trained;
        _out = output;
    }

    /// <summary>One proof to submit: account index (1..4 = Hardhat dev accounts), public inputs, proof words.</summary>
    private sealed record Job(int Account, BigInteger[] Inputs, BigInteger[] Proof);

    [Fact]
    public async Task Two_hundred_attestations_from_four_accounts_are_all_mined_and_queryable()
    {
        using var work = new TempDirectory("zkchain-concurrent");
        var dir = _trained.CopyTo(work.Path);

        // registry + the circuit's exported verifier, through the CLI (account #0 is the devnet default admin)
        var deploy = ZkchainProcess.Run(["chain", "deploy", "--rpc", _node.RpcUrl, "--json"], work.Path);
        Assert.True(deploy.ExitCode == 0, deploy.Show());
        var register = ZkchainProcess.Run(["circuit", "register", "training", "--rpc", _node.RpcUrl], work.Path);
        Assert.True(register.ExitCode == 0, register.Show());
        Address registryAddress;
        using (var doc = JsonDocument.Parse(deploy.StdOut)) registryAddress = Address.Parse(doc.RootElement.GetProperty("registry").GetString()!);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var jobs = MakeProofs(dir);
        _out.WriteLine($"{Total} proofs made in {clock.Elapsed.TotalSeconds:F1} s (load average: {LoadAverage()})");

        using var rpc = new EthRpcClient(_node.RpcUrl, new RpcClientOptions { RequestTimeout = TimeSpan.FromSeconds(120) });
        var keys = Enumerable.Range(1, Accounts).Select(a => PrivateKey.FromHex(TrainedFolderFixture.Key(a))).ToArray();
        try
        {
            var send = new SendOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(500), ReceiptTimeout = TimeSpan.FromMinutes(10) };
            var accounts = new Dictionary<int, EthAccount>();
            for (var a = 1; a <= Accounts; a++) accounts[a] = await EthAccount.CreateAsync(rpc, keys[a - 1], send);
            var registry = AttestationRegistryClient.At(rpc, registryAddress, AttestationRegistryClient.LoadArtifact(
                RepoPaths.Combine("artifacts", "contracts", AttestationRegistryClient.SourceFile, AttestationRegistryClient.ContractName + ".json")));
            var circuitId = SnarkjsJson.ReadVerificationKey(File.ReadAllText(Path.Combine(dir, "verification_key.json"))).Hash();
            var startBlock = await rpc.BlockNumberAsync();

            // all 200 at once: the nonce manager serialises each account's sends, the node mines them as they come
            clock.Restart();
            var results = await Task.WhenAll(jobs.Select(j => registry.AttestAsync(accounts[j.Account], circuitId, j.Proof, j.Inputs, $"job:{j.Inputs[0]}")));
            _out.WriteLine($"{Total} attestations submitted and mined in {clock.Elapsed.TotalSeconds:F1} s, {results.Sum(r => (double)r.Tx.GasUsed) / Total:F0} gas each on average (load average: {LoadAverage()})");

            Assert.Equal(Total, results.Length);
            var ids = results.Select(r => r.IdHex).ToArray();
            Assert.Equal(Total, ids.Distinct().Count());
            Assert.Equal(Total, results.Select(r => r.Tx.TxHash).Distinct().Count());
            for (var i = 0; i < Total; i++)
            {
                Assert.Equal(Hex.ToHex(AttestationRegistryClient.ComputeAttestationId(circuitId, jobs[i].Inputs[1], jobs[i].Inputs[0])), ids[i]);
                Assert.Equal(accounts[jobs[i].Account].Address, results[i].Event.Publisher);
            }
            Assert.Equal(new BigInteger(Total), await registry.AttestationCountAsync());
            // exactly 50 transactions per account: no lost send, no duplicate, no stray failed one
            foreach (var account in accounts.Values)
                Assert.Equal((ulong)PerAccount, await rpc.GetTransactionCountAsync(account.Address, BlockParameter.Latest));

            // by id: every record as submitted
            for (var i = 0; i < Total; i++)
            {
                var rec = await registry.GetAttestationAsync(results[i].Id);
                Assert.Equal(jobs[i].Inputs[0], rec.DataCommitment);
                Assert.Equal(jobs[i].Inputs[1], rec.ModelCommitment);
                Assert.Equal(jobs[i].Inputs[2], rec.ConfigHash);
                Assert.Equal(accounts[jobs[i].Account].Address, rec.Publisher);
                Assert.Equal(circuitId, rec.CircuitId);
                Assert.False(rec.Revoked);
            }

            // by publisher, in pages of 7 (the last one short): the account's 50 ids, each once
            foreach (var (a, account) in accounts)
            {
                var expected = ids.Where((_, i) => jobs[i].Account == a).Order().ToArray();
                var paged = await AllPages((o, n) => registry.AttestationsByPublisherAsync(account.Address, o, n), PerAccount);
                Assert.Equal(expected, paged.Order());
                var past = await registry.AttestationsByPublisherAsync(account.Address, PerAccount, 7);
                Assert.Empty(past.Ids);
                Assert.Equal(new BigInteger(PerAccount), past.Total);
            }

            // by model: each account trained once (one model salt), so 50 attestations per model commitment
            foreach (var group in jobs.Select((j, i) => (j, i)).GroupBy(x => x.j.Inputs[1]))
            {
                Assert.Equal(PerAccount, group.Count());
                var paged = await AllPages((o, n) => registry.AttestationsByModelAsync(group.Key, o, n), PerAccount);
                Assert.Equal(group.Select(x => ids[x.i]).Order(), paged.Order());
            }

            // the event log agrees (eth_getLogs in block ranges of 37)
            var events = await registry.FindAttestationEventsAsync(fromBlock: startBlock, maxRange: 37);
            Assert.Equal(ids.Order(), events.Select(e => Hex.ToHex(e.Id)).Order());

            // and the registry still refuses what it must: a proof sent by another account, and tampered inputs
            var copied = await Assert.ThrowsAsync<ContractRevertException>(() =>
                registry.AttestAsync(accounts[2], circuitId, jobs[0].Proof, jobs[0].Inputs, "copied"));
            Assert.Equal("PublisherMismatch", copied.ErrorName);
            var swapped = jobs[0].Inputs.ToArray();
            swapped[0] += 1; // a data commitment nobody attested: only the pairing check can reject it
            var forged = await Assert.ThrowsAsync<ContractRevertException>(() =>
                registry.AttestAsync(accounts[jobs[0].Account], circuitId, jobs[0].Proof, swapped, "forged"));
            Assert.Equal("InvalidProof", forged.ErrorName);
            Assert.Equal(new BigInteger(Total), await registry.AttestationCountAsync());
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Reads every id through a paged view with a page size that does not divide the total.</summary>
    private static async Task<List<string>> AllPages(Func<BigInteger, BigInteger, Task<IdPage>> page, int expectedTotal)
    {
        var all = new List<string>();
        for (var offset = 0; ; )
        {
            var p = await page(offset, 7);
            Assert.Equal(new BigInteger(expectedTotal), p.Total);
            all.AddRange(p.Ids.Select(x => Hex.ToHex(x)));
            offset += p.Ids.Count;
            if (p.Ids.Count == 0 || offset >= expectedTotal) break;
        }
        Assert.Equal(all.Count, all.Distinct().Count());
        return all;
    }

    /// <summary>
    /// Compiles the fixture's training circuit once and proves it 200 times with the fixture's proving key
    /// (so one development setup): account a's jobs share a model salt, every job has its own data salt.
    /// </summary>
    private List<Job> MakeProofs(string dir)
    {
        var data = Dataset.Load(_trained.CsvPath, "y");
        var spec = TrainingSpec.Create(data, TrainedFolderFixture.Options);
        var configHash = ConfigHash.Compute(spec);
        Assert.Equal(_trained.PublicInputs[2], configHash.ToBigInteger()); // the same training configuration as the CLI run
        var model = FixedPointTrainer.Train(data, spec);
        var compiled = CircuitCompiler.Compile(new TrainingCircuit(spec));
        ProvingKey pk;
        using (var s = File.OpenRead(Path.Combine(dir, "circuit.zkey"))) pk = ZkeyFile.Read(s);
        var modelSalts = Enumerable.Range(0, Accounts + 1).Select(_ => DataCommitment.NewSalt()).ToArray();
        var publishers = Enumerable.Range(0, Accounts + 1).Select(a => TrainedFolderFixture.AddressOf(a)).ToArray();

        var jobs = new Job[Total];
        var checkedOnce = 0;
        Parallel.For(0, Total, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var account = 1 + i % Accounts;
            var dataSalt = DataCommitment.NewSalt();
            var assignment = new TrainingCircuit(spec)
            {
                DataCommitmentValue = DataCommitment.Create(data, dataSalt).Commitment,
                ModelCommitmentValue = ModelCommitment.Compute(model, modelSalts[account]),
                ConfigHashValue = configHash,
                PublisherValue = TrainingCircuit.PublisherToField(publishers[account]),
                DataSalt = dataSalt,
                ModelSalt = modelSalts[account],
                Rows = data.Quantized,
            };
            var witness = CircuitSolver.Solve(compiled, assignment);
            var (proof, signals) = Groth16Prover.Prove(pk, witness);
            var inputs = signals.Select(v => v.ToBigInteger()).ToArray();
            if (Interlocked.Exchange(ref checkedOnce, 1) == 0)
            {
                // soundness of what is submitted: the witness satisfies the circuit, a mutated one does not, the proof verifies
                Assert.True(WitnessChecker.Check(compiled.System, witness).IsSatisfied);
                var mutated = witness.ToArray();
                mutated[1] += Fr.One; // the data commitment wire
                Assert.False(WitnessChecker.Check(compiled.System, mutated).IsSatisfied);
                Assert.True(Groth16Verifier.Verify(pk.VerificationKey, inputs, proof).IsValid);
                var wrong = inputs.ToArray();
                wrong[1] += 1;
                Assert.False(Groth16Verifier.Verify(pk.VerificationKey, wrong, proof).IsValid);
            }
            var b = VerificationKey.Eip197(proof.B);
            jobs[i] = new Job(account, inputs,
                [proof.A.X.ToBigInteger(), proof.A.Y.ToBigInteger(), b[0], b[1], b[2], b[3], proof.C.X.ToBigInteger(), proof.C.Y.ToBigInteger()]);
        });
        Assert.Equal(Total, jobs.Select(j => j.Inputs[0]).Distinct().Count());
        Assert.All(jobs, j => Assert.Equal(Address.Parse(publishers[j.Account]).ToBigInteger(), j.Inputs[3]));
        return [.. jobs];
    }
}
