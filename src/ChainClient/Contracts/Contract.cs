using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;

namespace ZkChain.ChainClient.Contracts;

/// <summary>A deployed contract: ABI-typed calls, transactions with revert decoding, event decoding.</summary>
public sealed class Contract
{
    public Contract(EthRpcClient rpc, Address address, ContractAbi abi)
    {
        Rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        Address = address;
        Abi = abi ?? throw new ArgumentNullException(nameof(abi));
    }

    public EthRpcClient Rpc { get; }
    public Address Address { get; }
    public ContractAbi Abi { get; }

    /// <summary>Deploys the artifact and returns the contract and the deployment result.</summary>
    public static async Task<(Contract Contract, TxResult Result)> DeployAsync(EthAccount account, ContractArtifact artifact, object?[] constructorArgs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(artifact);
        var result = await account.SendAndWaitAsync(new TransactionRequest { To = null, Data = artifact.DeploymentData(constructorArgs), Errors = artifact.Abi.Errors }, ct).ConfigureAwait(false);
        var address = result.ContractAddress ?? throw new InvalidDataException($"deployment {result.TxHash}: receipt has no contract address");
        var code = await account.Rpc.GetCodeAsync(address, null, ct).ConfigureAwait(false);
        if (code.Length == 0) throw new InvalidDataException($"deployment {result.TxHash}: no code at {address}");
        return (new Contract(account.Rpc, address, artifact.Abi), result);
    }

    /// <summary>eth_call of a function; returns its decoded outputs. Reverts throw <see cref="ContractRevertException"/>.</summary>
    public async Task<object?[]> CallAsync(string function, object?[] args, BlockParameter? block = null, CancellationToken ct = default)
    {
        var f = Abi.Function(function);
        var data = await Rpc.CallAsync(new CallRequest { To = Address, Data = f.EncodeCall(args) }, block, Abi.Errors, ct).ConfigureAwait(false);
        if (data.Length == 0 && f.Outputs.Count > 0)
        {
            var code = await Rpc.GetCodeAsync(Address, block, ct).ConfigureAwait(false);
            if (code.Length == 0) throw new InvalidOperationException($"no contract code at {Address}");
        }
        try
        {
            return f.DecodeOutput(data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{f.Signature} at {Address}: {e.Message}", e);
        }
    }

    public async Task<T> CallSingleAsync<T>(string function, params object?[] args)
    {
        var r = await CallAsync(function, args).ConfigureAwait(false);
        return (T)r[0]!;
    }

    /// <summary>Sends a transaction calling a function and waits for it to be mined.</summary>
    public Task<TxResult> SendAsync(EthAccount account, string function, object?[] args, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var f = Abi.Function(function);
        return account.SendAndWaitAsync(new TransactionRequest { To = Address, Data = f.EncodeCall(args), Errors = Abi.Errors }, ct);
    }

    /// <summary>Decodes this contract's events from a receipt (logs from other addresses are skipped).</summary>
    public IReadOnlyList<DecodedEvent> DecodeEvents(TransactionReceipt receipt) => DecodeEvents(receipt.Logs);

    public IReadOnlyList<DecodedEvent> DecodeEvents(IEnumerable<LogEntry> logs) =>
        logs.Where(l => l.Address == Address && !l.Removed)
            .Select(l => Abi.TryDecodeLog(l.Topics, l.Data))
            .Where(e => e != null)
            .Select(e => e!)
            .ToArray();
}
