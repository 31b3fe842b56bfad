using System.Net;
using System.Numerics;
using System.Text;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Fees;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.ChainClient.Signing;
using ZkChain.ChainClient.Transactions;
using ZkChain.TestSupport;

namespace ZkChain.ChainClient.Tests;

public class RpcIntegrationTests : IClassFixture<HardhatNode>
{
    private readonly HardhatNode _node;
    private static readonly RpcClientOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100), RequestTimeout = TimeSpan.FromSeconds(20) };
    private static readonly SendOptions QuickReceipts = new() { ReceiptPollInterval = TimeSpan.FromMilliseconds(50), ReceiptTimeout = TimeSpan.FromSeconds(60) };

    public RpcIntegrationTests(HardhatNode node) => _node = node;

    private EthRpcClient Rpc() => new(_node.RpcUrl, Fast);

    [Fact]
    public async Task Reads_and_fee_estimation()
    {
        using var rpc = Rpc();
        Assert.Equal(new BigInteger(31337), await rpc.ChainIdAsync());
        await rpc.BlockNumberAsync();
        using var key = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[4]);
        Assert.True(await rpc.GetBalanceAsync(key.Address) > BigInteger.Pow(10, 21));
        await rpc.GetTransactionCountAsync(key.Address);
        Assert.True(await rpc.GasPriceAsync() > 0);
        await rpc.MaxPriorityFeePerGasAsync();
        var h = await rpc.FeeHistoryAsync(3, BlockParameter.Latest, [25, 75]);
        Assert.NotEmpty(h.BaseFeePerGas);
        var fees = await FeeEstimator.SuggestAsync(rpc);
        Assert.True(fees.IsEip1559);
        Assert.True(fees.MaxFeePerGas >= h.BaseFeePerGas[^1] + fees.MaxPriorityFeePerGas);
        var legacy = await FeeEstimator.SuggestAsync(rpc, new FeeOptions { ForceLegacy = true });
        Assert.False(legacy.IsEip1559);
        Assert.True(legacy.GasPrice > 0);
        Assert.Throws<InvalidOperationException>(() => FeeEstimator.SuggestAsync(rpc, new FeeOptions { MaxFeeCap = 1 }).GetAwaiter().GetResult());
        Assert.Empty(await rpc.GetCodeAsync(key.Address));
        Assert.Null(await rpc.GetTransactionReceiptAsync("0x" + new string('1', 64)));
    }

    [Fact]
    public async Task Eip1559_and_legacy_transfers_are_mined()
    {
        using var rpc = Rpc();
        using var key = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[0]);
        var account = await EthAccount.CreateAsync(rpc, key, QuickReceipts);
        var to = Address.Parse("0x000000000000000000000000000000000000dEaD");
        var before = await rpc.GetBalanceAsync(to);
        var progress = new List<ReceiptWaitProgress>();
        var r1 = await account.SendAndWaitAsync(new TransactionRequest { To = to, Value = 12345 });
        Assert.True(r1.Receipt.Succeeded);
        Assert.Equal(2, r1.Receipt.Type);
        Assert.Equal(key.Address, r1.Receipt.From);
        Assert.Equal(21000UL, r1.GasUsed);

        var legacyFees = await FeeEstimator.SuggestAsync(rpc, new FeeOptions { ForceLegacy = true });
        var r2 = await account.SendAndWaitAsync(new TransactionRequest { To = to, Value = 1, Fees = legacyFees, GasLimit = 21000 });
        Assert.Equal(0, r2.Receipt.Type);
        Assert.Equal(before + 12346, await rpc.GetBalanceAsync(to));

        // a hand-built signed type-2 transaction, sent raw, and recovered
        var nonce = await rpc.GetTransactionCountAsync(key.Address);
        var fees = await FeeEstimator.SuggestAsync(rpc);
        var tx = new Eip1559Transaction(31337, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, 21000, to, 5, ReadOnlyMemory<byte>.Empty);
        var signed = tx.Sign(key);
        Assert.Equal(key.Address, signed.RecoverSender());
        var hash = await rpc.SendRawTransactionAsync(signed.Raw);
        Assert.Equal(signed.HashHex, hash);
        var receipt = await rpc.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), new Progress<ReceiptWaitProgress>(p => { lock (progress) progress.Add(p); }));
        Assert.True(receipt.Succeeded);
        account.Nonces.Reset(); // the raw send went around the manager
        await Assert.ThrowsAsync<TimeoutException>(() => rpc.WaitForReceiptAsync("0x" + new string('2', 64), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Reverts_are_decoded_into_typed_errors()
    {
        using var rpc = Rpc();
        using var key = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[1]);
        var account = await EthAccount.CreateAsync(rpc, key, QuickReceipts);
        var (c, deploy) = await Contract.DeployAsync(account, ChainFixtureArtifacts.Get("ChainFixture"), []);
        Assert.NotNull(deploy.ContractAddress);

        var echo = await c.CallAsync("echo", [new object[] { 1, 2, 39 }, "héllo"]);
        Assert.Equal(new BigInteger(42), echo[0]);
        Assert.Equal("héllo", echo[1]);

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => c.CallAsync("failCustom", [77]));
        Assert.Equal("Denied", e.ErrorName);
        Assert.Equal(new BigInteger(77), e.ErrorArgs[1]);
        Assert.Equal("custom", e.ErrorArgs[2]);
        Assert.Contains("Denied(", e.Message);

        e = await Assert.ThrowsAsync<ContractRevertException>(() => c.CallAsync("failPlain", []));
        Assert.Equal("Plain", e.ErrorName);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => c.CallAsync("failRequire", [3]));
        Assert.Equal("Error", e.ErrorName);
        Assert.Equal("x must exceed 10", e.Reason);
        Assert.Equal(new BigInteger(11), (await c.CallAsync("failRequire", [11]))[0]);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => c.CallAsync("failPanic", [0]));
        Assert.Equal("Panic", e.ErrorName);
        Assert.Equal(new BigInteger(0x12), e.ErrorArgs[0]);
        e = await Assert.ThrowsAsync<ContractRevertException>(() => c.CallAsync("failEmpty", []));
        Assert.Null(e.ErrorName);
        Assert.Empty(e.RevertData);

        // a transaction that would revert is refused at estimation, with the custom error decoded
        e = await Assert.ThrowsAsync<ContractRevertException>(() => c.SendAsync(account, "pingOrFail", [true]));
        Assert.Equal("Denied", e.ErrorName);
        Assert.Equal(key.Address, e.ErrorArgs[0]);
        var ok = await c.SendAsync(account, "pingOrFail", [false]);
        var ev = Assert.Single(c.DecodeEvents(ok.Receipt));
        Assert.Equal("Ping", ev.Name);
        Assert.Equal(key.Address, ev["from"]);
        // a reverting tx forced through with a fixed gas limit (no estimation): Hardhat answers the send with the revert,
        // other nodes mine it with status 0; either way the caller gets a typed failure
        var forced = await Record.ExceptionAsync(() => account.SendAndWaitAsync(new TransactionRequest
        {
            To = c.Address, Data = c.Abi.Function("pingOrFail").EncodeCall(true), GasLimit = 100_000, Errors = c.Abi.Errors,
        }));
        Assert.True(forced is ContractRevertException { ErrorName: "Denied" } or TransactionFailedException, forced?.ToString());
        account.Nonces.Reset();
    }

    [Fact]
    public async Task Concurrent_sends_through_the_nonce_manager_from_four_accounts()
    {
        using var rpc = Rpc();
        var keys = HardhatNode.DevPrivateKeys.Skip(1).Take(4).Select(k => PrivateKey.FromHex(k)).ToArray();
        try
        {
            var accounts = await Task.WhenAll(keys.Select(k => EthAccount.CreateAsync(rpc, k, QuickReceipts)));
            var fees = await FeeEstimator.SuggestAsync(rpc);
            var start = await Task.WhenAll(accounts.Select(a => rpc.GetTransactionCountAsync(a.Address, BlockParameter.Latest)));
            foreach (var a in accounts) a.Nonces.Reset();

            // someone else uses account 0 behind the manager's back: the manager must resync on "nonce too low"
            await accounts[0].SendAsync(new TransactionRequest { To = Address.Zero, Value = 1, GasLimit = 21000, Fees = fees }); // seeds the counter
            var outside = new Eip1559Transaction(31337, await rpc.GetTransactionCountAsync(accounts[0].Address), fees.MaxPriorityFeePerGas, fees.MaxFeePerGas,
                21000, Address.Zero, 0, ReadOnlyMemory<byte>.Empty).Sign(keys[0]);
            await rpc.WaitForReceiptAsync(await rpc.SendRawTransactionAsync(outside.Raw), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));

            const int perAccount = 50;
            var sends = accounts.SelectMany(a => Enumerable.Range(0, perAccount).Select(i =>
                Task.Run(() => a.SendAsync(new TransactionRequest { To = Address.Zero, Value = i + 1, GasLimit = 21000, Fees = fees })))).ToArray();
            var hashes = await Task.WhenAll(sends);
            Assert.Equal(hashes.Length, hashes.Distinct().Count());
            var receipts = await Task.WhenAll(hashes.Select(h => rpc.WaitForReceiptAsync(h, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100))));
            Assert.All(receipts, r => Assert.True(r.Succeeded));
            for (int i = 0; i < accounts.Length; i++)
            {
                var extra = i == 0 ? 2UL : 0UL;
                Assert.Equal(start[i] + perAccount + extra, await rpc.GetTransactionCountAsync(accounts[i].Address, BlockParameter.Latest));
            }
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }

    [Fact]
    public async Task GetLogs_paging_and_range_splitting()
    {
        using var rpc = Rpc();
        using var key = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[2]);
        var account = await EthAccount.CreateAsync(rpc, key, QuickReceipts);
        var (c, deploy) = await Contract.DeployAsync(account, ChainFixtureArtifacts.Get("ChainFixture"), []);
        for (int i = 0; i < 12; i++) await c.SendAsync(account, "ping", ["note " + i]);
        var head = await rpc.BlockNumberAsync();

        var ping = c.Abi.Event("Ping");
        var filter = new LogFilter { Addresses = [c.Address], Topics = [[ping.Topic]] };
        var logs = await rpc.GetLogsPagedAsync(filter, deploy.BlockNumber, head, maxRange: 3);
        Assert.Equal(12, logs.Count);
        var decoded = c.DecodeEvents(logs);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => new BigInteger(i)), decoded.Select(d => (BigInteger)d["seq"]!));
        Assert.Equal("note 11", decoded[^1]["note"]);

        // an indexed-argument query: seq == 5
        var five = await rpc.GetLogsPagedAsync(filter with { Topics = [[ping.Topic], [AbiEncoder.Encode(AbiType.UInt256, 5)]] }, 0, head);
        Assert.Equal(new BigInteger(5), (BigInteger)Assert.Single(c.DecodeEvents(five))["seq"]!);

        // a node that refuses ranges wider than 2 blocks: pages are split until they pass
        var handler = new InterceptingHandler();
        handler.Before = body =>
        {
            if (!body.Contains("eth_getLogs")) return null;
            var doc = System.Text.Json.JsonDocument.Parse(body);
            var f = doc.RootElement.GetProperty("params")[0];
            var from = Hex.ParseQuantity(f.GetProperty("fromBlock").GetString()!);
            var to = Hex.ParseQuantity(f.GetProperty("toBlock").GetString()!);
            if (to - from + 1 <= 2) return null;
            var id = doc.RootElement.GetProperty("id").GetRawText();
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32005,\"message\":\"query exceeds max block range 2\"}}}}", Encoding.UTF8, "application/json"),
            };
        };
        using var http = new HttpClient(handler);
        using var picky = new EthRpcClient(_node.RpcUrl, Fast, http);
        var split = await picky.GetLogsPagedAsync(filter, deploy.BlockNumber, head, maxRange: 1000);
        Assert.Equal(logs.Select(l => l.TransactionHash), split.Select(l => l.TransactionHash));
        var e = await Assert.ThrowsAsync<RpcException>(() => picky.GetLogsAsync(filter with { FromBlock = 0, ToBlock = head }));
        Assert.Equal(-32005, e.Code);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_raw_transactions_are_not_sent_twice()
    {
        var handler = new InterceptingHandler();
        int failuresLeft = 2;
        handler.Before = _ => Interlocked.Decrement(ref failuresLeft) >= 0 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : null;
        using var http = new HttpClient(handler);
        using var rpc = new EthRpcClient(_node.RpcUrl, Fast, http);
        Assert.Equal(new BigInteger(31337), await rpc.ChainIdAsync());
        Assert.Equal(3, handler.Requests);

        // a 4xx is not transient: no retry
        handler.Requests = 0;
        handler.Before = _ => new HttpResponseMessage(HttpStatusCode.Unauthorized);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => rpc.BlockNumberAsync());
        Assert.Equal(1, handler.Requests);
        Assert.Contains("401", ex.Message);

        // the node accepts a raw transaction but the answer is lost: we ask whether the hash is known instead of re-sending
        handler.Before = null;
        int lost = 0;
        handler.After = (body, _) =>
        {
            if (body.Contains("eth_sendRawTransaction") && Interlocked.Increment(ref lost) == 1) throw new HttpRequestException("connection reset (simulated)");
        };
        using var key = PrivateKey.FromHex(HardhatNode.DevPrivateKeys[3]);
        var fees = await FeeEstimator.SuggestAsync(rpc);
        var tx = new Eip1559Transaction(31337, await rpc.GetTransactionCountAsync(key.Address), fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, 21000, Address.Zero, 3, ReadOnlyMemory<byte>.Empty).Sign(key);
        lock (handler.Methods) handler.Methods.Clear();
        var hash = await rpc.SendRawTransactionAsync(tx.Raw);
        Assert.Equal(tx.HashHex, hash);
        List<string> methods;
        lock (handler.Methods) methods = [.. handler.Methods];
        Assert.Equal(1, methods.Count(m => m == "eth_sendRawTransaction"));
        Assert.Contains("eth_getTransactionByHash", methods);
        Assert.True((await rpc.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50))).Succeeded);
        NonceManager.For(rpc, 31337, key.Address).Reset();
    }
}

public class NodeStoppedTests : IClassFixture<HardhatNode>
{
    private readonly HardhatNode _node;
    public NodeStoppedTests(HardhatNode node) => _node = node;

    [Fact]
    public async Task A_stopped_node_gives_ChainUnavailableException_with_the_endpoint_and_no_key()
    {
        var opts = new RpcClientOptions { MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(5) };
        using var rpc = new EthRpcClient(_node.RpcUrl, opts);
        var keyHex = HardhatNode.DevPrivateKeys[0];
        using var key = PrivateKey.FromHex(keyHex);
        var account = await EthAccount.CreateAsync(rpc, key, new SendOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(50) });
        var r = await account.SendAndWaitAsync(new TransactionRequest { To = Address.Zero, Value = 1 });
        Assert.True(r.Receipt.Succeeded);

        _node.Stop();
        var e = await Assert.ThrowsAsync<ChainUnavailableException>(() => account.SendAndWaitAsync(new TransactionRequest { To = Address.Zero, Value = 1, GasLimit = 21000 }));
        Assert.Contains($"127.0.0.1:{_node.Port}", e.Message);
        Assert.Contains("connection refused", e.Message);
        Assert.Equal(3, e.Attempts);
        Assert.DoesNotContain(keyHex[2..], e.ToString(), StringComparison.OrdinalIgnoreCase);
        var e2 = await Assert.ThrowsAsync<ChainUnavailableException>(() => rpc.GetTransactionReceiptAsync(r.TxHash));
        Assert.Contains("eth_getTransactionReceipt", e2.Message);
    }
}
