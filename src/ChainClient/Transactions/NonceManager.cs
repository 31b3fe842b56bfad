using System.Collections.Concurrent;
using System.Numerics;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;

namespace ZkChain.ChainClient.Transactions;

/// <summary>
/// Hands out nonces for one (chain, address). Sends run one at a time under a lock with a local counter seeded from the
/// node's pending transaction count, so concurrent callers get unique, gap-free nonces. A refused nonce ("nonce too low",
/// "already known", "replacement transaction underpriced") resyncs from the node and retries with a fresh nonce; a send
/// whose outcome is unknown (node unreachable) resyncs before the next use.
/// </summary>
public sealed class NonceManager
{
    private static readonly ConcurrentDictionary<(string Node, BigInteger ChainId, Address Address), NonceManager> Shared = new();

    private readonly SemaphoreSlim _lock = new(1, 1);
    private ulong? _next;

    public NonceManager(BigInteger chainId, Address address)
    {
        ChainId = chainId;
        Address = address;
    }

    /// <summary>
    /// The process-wide manager for this node, chain and address (keyed by node too: devnets restart with the same chain id).
    /// </summary>
    public static NonceManager For(EthRpcClient rpc, BigInteger chainId, Address address)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        return Shared.GetOrAdd((rpc.NodeKey, chainId, address), k => new NonceManager(k.ChainId, k.Address));
    }

    public BigInteger ChainId { get; }
    public Address Address { get; }

    /// <summary>How often a refused nonce is retried with a resynced counter.</summary>
    public int MaxResyncs { get; init; } = 3;

    /// <summary>Forget the local counter; the next send reads the pending count from the node.</summary>
    public void Reset()
    {
        _lock.Wait();
        try
        {
            _next = null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="send"/> with the next nonce while holding the lock. <paramref name="send"/> signs and submits a
    /// transaction with that nonce and returns its hash.
    /// </summary>
    public async Task<string> SendWithNonceAsync(EthRpcClient rpc, Func<ulong, CancellationToken, Task<string>> send, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(send);
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                _next ??= await rpc.GetTransactionCountAsync(Address, BlockParameter.Pending, ct).ConfigureAwait(false);
                var nonce = _next.Value;
                try
                {
                    var hash = await send(nonce, ct).ConfigureAwait(false);
                    _next = nonce + 1;
                    return hash;
                }
                catch (RpcException e) when (e is not ContractRevertException && IsNonceProblem(e.RpcMessage) && attempt < MaxResyncs)
                {
                    var pending = await rpc.GetTransactionCountAsync(Address, BlockParameter.Pending, ct).ConfigureAwait(false);
                    // never go backwards past a nonce the node already counts
                    _next = pending > nonce ? pending : nonce + 1;
                }
                catch (ChainUnavailableException)
                {
                    _next = null;
                    throw;
                }
                catch (OperationCanceledException)
                {
                    _next = null;
                    throw;
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    internal static bool IsNonceProblem(string message)
    {
        var m = message.ToLowerInvariant();
        return m.Contains("nonce too low") || m.Contains("already known") || m.Contains("known transaction")
            || m.Contains("replacement transaction underpriced") || m.Contains("nonce has already been used")
            || (m.Contains("nonce") && m.Contains("lower than"));
    }
}
