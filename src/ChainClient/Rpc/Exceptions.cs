using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Rpc;

/// <summary>The node answered with a JSON-RPC error object.</summary>
public class RpcException : Exception
{
    public RpcException(string method, int code, string rpcMessage, string? dataJson, Exception? inner = null)
        : base($"{method}: RPC error {code}: {rpcMessage}", inner)
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        DataJson = dataJson;
    }

    protected RpcException(string method, int code, string rpcMessage, string? dataJson, string message)
        : base(message)
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        DataJson = dataJson;
    }

    public string Method { get; }
    public int Code { get; }
    /// <summary>The node's error message.</summary>
    public string RpcMessage { get; }
    /// <summary>The error's "data" member as raw JSON (null when absent).</summary>
    public string? DataJson { get; }
}

/// <summary>
/// A call or transaction reverted. <see cref="ErrorName"/> is the custom error's name ("PublisherMismatch"), "Error" for
/// require(…, "reason") or "Panic" for assert/overflow; null when the revert data could not be decoded.
/// </summary>
public sealed class ContractRevertException : RpcException
{
    public ContractRevertException(string method, int code, string rpcMessage, string? dataJson, byte[] revertData, DecodedError? decoded)
        : base(method, code, rpcMessage, dataJson, Describe(method, revertData, decoded, rpcMessage))
    {
        RevertData = revertData;
        Decoded = decoded;
    }

    public byte[] RevertData { get; }
    public DecodedError? Decoded { get; }
    public string? ErrorName => Decoded?.Name;
    public IReadOnlyList<object?> ErrorArgs => Decoded?.Args ?? [];
    /// <summary>The require() message for Error(string) reverts.</summary>
    public string? Reason => Decoded is { Name: "Error" } d ? d.Args[0] as string : null;

    private static string Describe(string method, byte[] data, DecodedError? decoded, string rpcMessage)
    {
        if (decoded != null) return $"{method}: execution reverted: {decoded}";
        if (data.Length == 0) return $"{method}: execution reverted without data ({rpcMessage})";
        return $"{method}: execution reverted with undecoded data {Hex.ToHex(data.AsSpan(0, Math.Min(data.Length, 4)))}… ({data.Length} bytes)";
    }
}

/// <summary>The node could not be reached (connection refused/reset, timeouts, HTTP 5xx/429 after retries).</summary>
public sealed class ChainUnavailableException : Exception
{
    public ChainUnavailableException(string endpoint, string method, string problem, int attempts, Exception? inner)
        : base($"chain node at {endpoint} is unavailable ({method}: {problem}; {attempts} attempt{(attempts == 1 ? "" : "s")})", inner)
    {
        Endpoint = endpoint;
        Method = method;
        Attempts = attempts;
    }

    /// <summary>The endpoint with any path/query removed (RPC URLs often embed API keys).</summary>
    public string Endpoint { get; }
    public string Method { get; }
    public int Attempts { get; }
}

/// <summary>A transaction was mined but reverted (receipt status 0).</summary>
public sealed class TransactionFailedException : Exception
{
    public TransactionFailedException(string txHash, TransactionReceipt receipt, string? detail)
        : base($"transaction {txHash} reverted in block {receipt.BlockNumber} (gas used {receipt.GasUsed}){(detail != null ? ": " + detail : "")}")
    {
        TxHash = txHash;
        Receipt = receipt;
    }

    public string TxHash { get; }
    public TransactionReceipt Receipt { get; }
}
