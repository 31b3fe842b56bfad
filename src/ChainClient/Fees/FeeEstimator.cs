using System.Numerics;
using ZkChain.ChainClient.Rpc;

namespace ZkChain.ChainClient.Fees;

/// <summary>Fees for a new transaction: EIP-1559 (max fee + tip) when the chain has a base fee, otherwise a legacy gas price.</summary>
public sealed record FeeSuggestion(bool IsEip1559, BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas, BigInteger GasPrice)
{
    public static FeeSuggestion Eip1559(BigInteger maxFee, BigInteger tip) => new(true, maxFee, tip, 0);
    public static FeeSuggestion Legacy(BigInteger gasPrice) => new(false, 0, 0, gasPrice);
}

public sealed record FeeOptions
{
    /// <summary>Max fee = BaseFeeMultiplier × next base fee + tip (2 survives six full blocks of +12.5 %).</summary>
    public int BaseFeeMultiplier { get; init; } = 2;
    /// <summary>Used when the node offers neither eth_maxPriorityFeePerGas nor fee-history rewards.</summary>
    public BigInteger FallbackPriorityFee { get; init; } = 1_000_000_000;
    /// <summary>Refuse to pay more than this per gas (protects against a misbehaving node); null = no cap.</summary>
    public BigInteger? MaxFeeCap { get; init; }
    /// <summary>Force a legacy gas price even on EIP-1559 chains.</summary>
    public bool ForceLegacy { get; init; }
}

public static class FeeEstimator
{
    public static async Task<FeeSuggestion> SuggestAsync(EthRpcClient rpc, FeeOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        options ??= new FeeOptions();
        FeeSuggestion result;
        FeeHistory? history = null;
        if (!options.ForceLegacy)
        {
            try
            {
                history = await rpc.FeeHistoryAsync(5, BlockParameter.Latest, [50], ct).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                history = null; // method not supported: legacy chain
            }
        }
        if (history is { BaseFeePerGas.Count: > 0 } && history.BaseFeePerGas[^1] > 0)
        {
            // the last entry is the base fee of the next block
            var nextBase = history.BaseFeePerGas[^1];
            BigInteger tip;
            try
            {
                tip = await rpc.MaxPriorityFeePerGasAsync(ct).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                var rewards = history.Reward.Where(r => r.Count > 0).Select(r => r[0]).OrderBy(x => x).ToList();
                tip = rewards.Count > 0 ? rewards[rewards.Count / 2] : options.FallbackPriorityFee;
            }
            result = FeeSuggestion.Eip1559(nextBase * options.BaseFeeMultiplier + tip, tip);
        }
        else
        {
            result = FeeSuggestion.Legacy(await rpc.GasPriceAsync(ct).ConfigureAwait(false));
        }
        var price = result.IsEip1559 ? result.MaxFeePerGas : result.GasPrice;
        if (options.MaxFeeCap is { } cap && price > cap)
        {
            throw new InvalidOperationException($"suggested fee {price} wei/gas exceeds the configured cap {cap} wei/gas");
        }
        return result;
    }
}
