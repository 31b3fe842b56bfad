using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Rpc;

/// <summary>A block tag or number for JSON-RPC.</summary>
public readonly struct BlockParameter
{
    private readonly string? _tag;
    private readonly ulong _number;

    private BlockParameter(string? tag, ulong number)
    {
        _tag = tag;
        _number = number;
    }

    public static BlockParameter Latest => new("latest", 0);
    public static BlockParameter Pending => new("pending", 0);
    public static BlockParameter Earliest => new("earliest", 0);
    public static BlockParameter Safe => new("safe", 0);
    public static BlockParameter Finalized => new("finalized", 0);
    public static BlockParameter Number(ulong n) => new(null, n);

    public bool IsNumber => _tag == null;
    public ulong BlockNumber => _number;

    public string ToJson() => _tag ?? Hex.ToQuantity(_number);
    public override string ToString() => _tag ?? _number.ToString(CultureInfo.InvariantCulture);
    public static implicit operator BlockParameter(ulong n) => Number(n);
}

/// <summary>eth_call / eth_estimateGas request.</summary>
public sealed record CallRequest
{
    public Address? From { get; init; }
    public Address? To { get; init; }
    public ReadOnlyMemory<byte> Data { get; init; }
    public BigInteger? Value { get; init; }
    public BigInteger? Gas { get; init; }
    public BigInteger? GasPrice { get; init; }
    public BigInteger? MaxFeePerGas { get; init; }
    public BigInteger? MaxPriorityFeePerGas { get; init; }
}

public sealed record LogEntry(
    Address Address,
    IReadOnlyList<byte[]> Topics,
    byte[] Data,
    ulong BlockNumber,
    string BlockHash,
    string TransactionHash,
    ulong TransactionIndex,
    ulong LogIndex,
    bool Removed)
{
    internal static LogEntry FromJson(JsonElement e) => new(
        Address.Parse(Json.Str(e, "address"), "log.address"),
        e.GetProperty("topics").EnumerateArray().Select(t => Hex.ParseFixed(t.GetString()!, 32, "log.topic")).ToArray(),
        Hex.Parse(Json.Str(e, "data"), "log.data"),
        Json.U64(e, "blockNumber"),
        Json.Str(e, "blockHash"),
        Json.Str(e, "transactionHash"),
        Json.U64(e, "transactionIndex"),
        Json.U64(e, "logIndex"),
        e.TryGetProperty("removed", out var r) && r.ValueKind == JsonValueKind.True);
}

public sealed record TransactionReceipt(
    string TransactionHash,
    ulong BlockNumber,
    string BlockHash,
    ulong TransactionIndex,
    Address From,
    Address? To,
    Address? ContractAddress,
    ulong GasUsed,
    ulong CumulativeGasUsed,
    BigInteger EffectiveGasPrice,
    bool Succeeded,
    byte Type,
    IReadOnlyList<LogEntry> Logs)
{
    internal static TransactionReceipt FromJson(JsonElement e) => new(
        Json.Str(e, "transactionHash"),
        Json.U64(e, "blockNumber"),
        Json.Str(e, "blockHash"),
        Json.U64(e, "transactionIndex"),
        Address.Parse(Json.Str(e, "from"), "receipt.from"),
        Json.OptAddress(e, "to"),
        Json.OptAddress(e, "contractAddress"),
        Json.U64(e, "gasUsed"),
        Json.U64(e, "cumulativeGasUsed"),
        e.TryGetProperty("effectiveGasPrice", out var g) && g.ValueKind == JsonValueKind.String ? Hex.ParseQuantity(g.GetString()!, "effectiveGasPrice") : BigInteger.Zero,
        Json.Str(e, "status") == "0x1",
        e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? (byte)Hex.ParseQuantity(t.GetString()!, "type") : (byte)0,
        e.GetProperty("logs").EnumerateArray().Select(LogEntry.FromJson).ToArray());
}

public sealed record FeeHistory(ulong OldestBlock, IReadOnlyList<BigInteger> BaseFeePerGas, IReadOnlyList<double> GasUsedRatio, IReadOnlyList<IReadOnlyList<BigInteger>> Reward);

/// <summary>eth_getLogs filter. Topics: per position, null = any, else any of the listed values.</summary>
public sealed record LogFilter
{
    public IReadOnlyList<Address> Addresses { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<byte[]>?> Topics { get; init; } = [];
    public BlockParameter FromBlock { get; init; } = BlockParameter.Earliest;
    public BlockParameter ToBlock { get; init; } = BlockParameter.Latest;
}

internal static class Json
{
    public static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"RPC result: missing string field '{name}'");

    public static ulong U64(JsonElement e, string name)
    {
        var v = Hex.ParseQuantity(Str(e, name), name);
        return v <= ulong.MaxValue ? (ulong)v : throw new InvalidDataException($"RPC result: '{name}' does not fit 64 bits");
    }

    public static Address? OptAddress(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Address.Parse(v.GetString()!, name) : null;
}
