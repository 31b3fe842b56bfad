using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Rpc;

public readonly record struct ReceiptWaitProgress(string TxHash, TimeSpan Elapsed, int Polls, ulong? LatestBlock);

public static class ChainQueries
{
    /// <summary>Polls for a receipt until it appears or <paramref name="timeout"/> passes (then <see cref="TimeoutException"/>).</summary>
    public static async Task<TransactionReceipt> WaitForReceiptAsync(this EthRpcClient rpc, string txHash, TimeSpan? timeout = null,
        TimeSpan? pollInterval = null, IProgress<ReceiptWaitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        Hex.ParseFixed(txHash, 32, nameof(txHash));
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        var interval = pollInterval ?? TimeSpan.FromSeconds(1);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int polls = 0;
        while (true)
        {
            polls++;
            var receipt = await rpc.GetTransactionReceiptAsync(txHash, ct).ConfigureAwait(false);
            if (receipt != null) return receipt;
            ulong? block = null;
            if (progress != null)
            {
                block = await rpc.BlockNumberAsync(ct).ConfigureAwait(false);
                progress.Report(new ReceiptWaitProgress(txHash, sw.Elapsed, polls, block));
            }
            if (sw.Elapsed + interval > limit)
            {
                throw new TimeoutException($"transaction {txHash} was not mined within {limit.TotalSeconds:0.#} s ({polls} polls)");
            }
            await Task.Delay(interval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// eth_getLogs over [from, to] in pages of at most <paramref name="maxRange"/> blocks; when the node refuses a range
    /// (too many results / range too large) the page is halved and retried. Results come back in block order.
    /// </summary>
    public static async Task<IReadOnlyList<LogEntry>> GetLogsPagedAsync(this EthRpcClient rpc, LogFilter filter, ulong fromBlock, ulong? toBlock = null,
        ulong maxRange = 5000, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(filter);
        if (maxRange == 0) throw new ArgumentOutOfRangeException(nameof(maxRange), "maxRange must be at least 1");
        var to = toBlock ?? await rpc.BlockNumberAsync(ct).ConfigureAwait(false);
        var result = new List<LogEntry>();
        if (fromBlock > to) return result;
        ulong range = maxRange;
        ulong start = fromBlock;
        while (start <= to)
        {
            ulong end = Math.Min(to, start + range - 1);
            try
            {
                var logs = await rpc.GetLogsAsync(filter with { FromBlock = BlockParameter.Number(start), ToBlock = BlockParameter.Number(end) }, ct).ConfigureAwait(false);
                result.AddRange(logs);
                if (end == ulong.MaxValue) break;
                start = end + 1;
            }
            catch (RpcException e) when (e is not ContractRevertException && IsRangeRefusal(e) && end > start)
            {
                range = Math.Max(1, (end - start + 1) / 2);
            }
        }
        return result;
    }

    internal static bool IsRangeRefusal(RpcException e)
    {
        var m = e.RpcMessage.ToLowerInvariant();
        return e.Code == -32005 || m.Contains("range") || m.Contains("too many") || m.Contains("limit") || m.Contains("exceed") || m.Contains("too large");
    }
}
