using System.Numerics;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Fees;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.ChainClient.Signing;
using ZkChain.ChainClient.Transactions;

namespace ZkChain.ChainClient.Contracts;

/// <summary>What to send. Gas and fees are estimated when not given.</summary>
public sealed record TransactionRequest
{
    public Address? To { get; init; }
    public ReadOnlyMemory<byte> Data { get; init; }
    public BigInteger Value { get; init; }
    public BigInteger? GasLimit { get; init; }
    public FeeSuggestion? Fees { get; init; }
    /// <summary>Custom errors used to decode a revert during estimation.</summary>
    public IEnumerable<AbiError>? Errors { get; init; }
}

/// <summary>The outcome of a mined transaction.</summary>
public sealed record TxResult(string TxHash, ulong BlockNumber, ulong GasUsed, BigInteger EffectiveGasPrice, Address? ContractAddress, TransactionReceipt Receipt)
{
    public BigInteger FeePaid => EffectiveGasPrice * GasUsed;
}

public sealed record SendOptions
{
    public FeeOptions? FeeOptions { get; init; }
    /// <summary>Estimated gas × (100 + GasMarginPercent) / 100.</summary>
    public int GasMarginPercent { get; init; } = 20;
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public IProgress<ReceiptWaitProgress>? Progress { get; init; }
}

/// <summary>
/// A signing account on one chain: estimates gas and fees, signs (EIP-1559 or legacy EIP-155), sends through the shared
/// <see cref="NonceManager"/> for (chain, address), and waits for receipts. Does not own the key or the RPC client.
/// </summary>
public sealed class EthAccount
{
    private readonly PrivateKey _key;

    private EthAccount(EthRpcClient rpc, PrivateKey key, BigInteger chainId, SendOptions options)
    {
        Rpc = rpc;
        _key = key;
        ChainId = chainId;
        Options = options;
        Nonces = NonceManager.For(rpc, chainId, key.Address);
    }

    public static async Task<EthAccount> CreateAsync(EthRpcClient rpc, PrivateKey key, SendOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(key);
        var chainId = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
        return new EthAccount(rpc, key, chainId, options ?? new SendOptions());
    }

    public EthRpcClient Rpc { get; }
    public BigInteger ChainId { get; }
    public Address Address => _key.Address;
    public SendOptions Options { get; }
    public NonceManager Nonces { get; }

    public override string ToString() => $"EthAccount({Address}, chain {ChainId})";

    /// <summary>Estimates, signs and submits; returns the transaction hash without waiting.</summary>
    public async Task<string> SendAsync(TransactionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var gas = request.GasLimit;
        if (gas == null)
        {
            var estimate = await Rpc.EstimateGasAsync(new CallRequest { From = Address, To = request.To, Data = request.Data, Value = request.Value }, request.Errors, ct).ConfigureAwait(false);
            gas = estimate * (100 + Options.GasMarginPercent) / 100;
        }
        var fees = request.Fees ?? await FeeEstimator.SuggestAsync(Rpc, Options.FeeOptions, ct).ConfigureAwait(false);
        return await Nonces.SendWithNonceAsync(Rpc, async (nonce, token) =>
        {
            IUnsignedTransaction tx = fees.IsEip1559
                ? new Eip1559Transaction(ChainId, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gas.Value, request.To, request.Value, request.Data)
                : new LegacyTransaction(ChainId, nonce, fees.GasPrice, gas.Value, request.To, request.Value, request.Data);
            var signed = tx.Sign(_key);
            return await Rpc.SendRawTransactionAsync(signed.Raw, request.Errors, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Sends and waits for the receipt; a reverted transaction throws <see cref="TransactionFailedException"/>.</summary>
    public async Task<TxResult> SendAndWaitAsync(TransactionRequest request, CancellationToken ct = default)
    {
        var hash = await SendAsync(request, ct).ConfigureAwait(false);
        return await WaitAsync(hash, ct).ConfigureAwait(false);
    }

    public async Task<TxResult> WaitAsync(string txHash, CancellationToken ct = default)
    {
        var receipt = await Rpc.WaitForReceiptAsync(txHash, Options.ReceiptTimeout, Options.ReceiptPollInterval, Options.Progress, ct).ConfigureAwait(false);
        if (!receipt.Succeeded) throw new TransactionFailedException(txHash, receipt, null);
        return new TxResult(txHash, receipt.BlockNumber, receipt.GasUsed, receipt.EffectiveGasPrice, receipt.ContractAddress, receipt);
    }
}
