using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Rpc;

public sealed record RpcClientOptions
{
    /// <summary>Time limit for one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Retries after the first attempt, for transient failures only.</summary>
    public int MaxRetries { get; init; } = 4;
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);
}

/// <summary>
/// Ethereum JSON-RPC over HTTP. Idempotent reads are retried with exponential backoff on transient failures (connection
/// refused/reset, timeouts, HTTP 5xx/429); a raw transaction is re-sent only after the node reports its hash unknown.
/// </summary>
public sealed class EthRpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _url;
    private readonly RpcClientOptions _options;
    private long _nextId;

    public EthRpcClient(string url, RpcClientOptions? options = null, HttpClient? httpClient = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("RPC URL must be an absolute http(s) URL", nameof(url));
        }
        _url = u;
        _options = options ?? new RpcClientOptions();
        if (httpClient == null)
        {
            _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = TimeSpan.FromSeconds(10) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }
        Endpoint = RedactedEndpoint(u);
    }

    /// <summary>scheme://host:port only (paths and queries often carry API keys).</summary>
    public string Endpoint { get; }

    public RpcClientOptions Options => _options;

    /// <summary>Identity of the node for process-wide caches (never printed).</summary>
    internal string NodeKey => _url.AbsoluteUri;

    internal static string RedactedEndpoint(Uri u) =>
        $"{u.Scheme}://{u.Host}:{u.Port}" + (u.AbsolutePath.Length > 1 || u.Query.Length > 0 ? "/…" : "");

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    // ---------------------------------------------------------------- transport

    private sealed class TransientException(string problem, Exception? inner, TimeSpan? retryAfter = null) : Exception(problem, inner)
    {
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    /// <summary>
    /// JSON-RPC parameters. Through JsonNode, strings become JsonValues without JsonArray's generic Add&lt;T&gt;, which
    /// needs runtime code generation (the Native AOT build refuses it).
    /// </summary>
    private static JsonArray Params(params JsonNode?[] items) => new(items);

    /// <summary>Sends one request, retrying transient failures when <paramref name="idempotent"/>.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonArray parameters, bool idempotent = true, CancellationToken ct = default)
    {
        int attempts = 0;
        var delay = _options.InitialBackoff;
        while (true)
        {
            attempts++;
            try
            {
                return await SendOnceAsync(method, parameters, ct).ConfigureAwait(false);
            }
            catch (TransientException e)
            {
                if (!idempotent || attempts > _options.MaxRetries)
                {
                    throw new ChainUnavailableException(Endpoint, method, e.Message, attempts, e.InnerException);
                }
                var wait = e.RetryAfter is { } ra && ra > delay ? ra : delay;
                if (wait > _options.MaxBackoff) wait = _options.MaxBackoff;
                await Task.Delay(wait, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }

    private async Task<JsonElement> SendOnceAsync(string method, JsonArray parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters.DeepClone() }.ToJsonString();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage resp;
        string text;
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            resp = await _http.PostAsync(_url, content, timeout.Token).ConfigureAwait(false);
            text = await resp.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TransientException($"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new TransientException(Describe(e), e);
        }
        using (resp)
        {
            JsonDocument? doc = null;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
            }
            using (doc)
            {
                if (doc != null && doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = doc.RootElement;
                    if (root.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object)
                    {
                        throw ToRpcException(method, err);
                    }
                    if (resp.IsSuccessStatusCode && root.TryGetProperty("result", out var result))
                    {
                        return result.Clone();
                    }
                }
                int status = (int)resp.StatusCode;
                if (status == 429 || status >= 500)
                {
                    TimeSpan? retryAfter = resp.Headers.RetryAfter?.Delta;
                    throw new TransientException($"HTTP {status} {resp.ReasonPhrase}", null, retryAfter);
                }
                if (!resp.IsSuccessStatusCode)
                {
                    throw new ChainUnavailableException(Endpoint, method, $"HTTP {status} {resp.ReasonPhrase}", 1, null);
                }
                throw new InvalidDataException($"{method}: the node's answer is not a JSON-RPC response");
            }
        }
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            if (x is SocketException se)
            {
                return se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.HostNotFound => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    _ => "socket error " + se.SocketErrorCode,
                };
            }
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.ResponseEnded => "connection closed before the response ended",
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            _ => "HTTP request failed",
        };
    }

    private static RpcException ToRpcException(string method, JsonElement err)
    {
        int code = err.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : 0;
        var message = err.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
        string? dataJson = err.TryGetProperty("data", out var d) ? d.GetRawText() : null;
        var revert = ExtractRevertData(err);
        if (revert != null || message.Contains("revert", StringComparison.OrdinalIgnoreCase))
        {
            return new PendingRevert(method, code, message, dataJson, revert ?? []);
        }
        return new RpcException(method, code, message, dataJson);
    }

    /// <summary>Revert data as nodes report it: error.data = "0x…" (geth, Hardhat) or error.data.data = "0x…" (older Hardhat/Ganache).</summary>
    private static byte[]? ExtractRevertData(JsonElement err)
    {
        if (!err.TryGetProperty("data", out var d)) return null;
        if (d.ValueKind == JsonValueKind.String && d.GetString() is { } s && s.StartsWith("0x", StringComparison.Ordinal) && Hex.TryParse(s, out var b)) return b;
        if (d.ValueKind == JsonValueKind.Object && d.TryGetProperty("data", out var dd) && dd.ValueKind == JsonValueKind.String
            && dd.GetString() is { } s2 && Hex.TryParse(s2, out var b2)) return b2;
        return null;
    }

    /// <summary>An RPC error that carries revert data; turned into <see cref="ContractRevertException"/> once the ABI is known.</summary>
    internal sealed class PendingRevert(string method, int code, string message, string? dataJson, byte[] data) : RpcException(method, code, message, dataJson)
    {
        public byte[] RevertBytes { get; } = data;
        public ContractRevertException Decode(IEnumerable<AbiError>? errors) =>
            new(Method, Code, RpcMessage, DataJson, RevertBytes, ContractAbi.TryDecodeError(RevertBytes, errors ?? []));
    }

    private async Task<JsonElement> CallWithRevertsAsync(string method, JsonArray p, IEnumerable<AbiError>? errors, CancellationToken ct)
    {
        try
        {
            return await RequestAsync(method, p, true, ct).ConfigureAwait(false);
        }
        catch (PendingRevert r)
        {
            throw r.Decode(errors);
        }
    }

    // ---------------------------------------------------------------- typed methods

    public async Task<BigInteger> ChainIdAsync(CancellationToken ct = default) => Q(await RequestAsync("eth_chainId", [], true, ct).ConfigureAwait(false), "chainId");

    public async Task<ulong> BlockNumberAsync(CancellationToken ct = default) => U64(await RequestAsync("eth_blockNumber", [], true, ct).ConfigureAwait(false), "blockNumber");

    public async Task<BigInteger> GetBalanceAsync(Address address, BlockParameter? block = null, CancellationToken ct = default) =>
        Q(await RequestAsync("eth_getBalance", Params(address.ToLowerHex(), (block ?? BlockParameter.Latest).ToJson()), true, ct).ConfigureAwait(false), "balance");

    /// <summary>The account's nonce; by default counting pending transactions.</summary>
    public async Task<ulong> GetTransactionCountAsync(Address address, BlockParameter? block = null, CancellationToken ct = default) =>
        U64(await RequestAsync("eth_getTransactionCount", Params(address.ToLowerHex(), (block ?? BlockParameter.Pending).ToJson()), true, ct).ConfigureAwait(false), "transactionCount");

    public async Task<BigInteger> GasPriceAsync(CancellationToken ct = default) => Q(await RequestAsync("eth_gasPrice", [], true, ct).ConfigureAwait(false), "gasPrice");

    public async Task<BigInteger> MaxPriorityFeePerGasAsync(CancellationToken ct = default) =>
        Q(await RequestAsync("eth_maxPriorityFeePerGas", [], true, ct).ConfigureAwait(false), "maxPriorityFeePerGas");

    public async Task<FeeHistory> FeeHistoryAsync(int blockCount, BlockParameter newest, IReadOnlyList<double> rewardPercentiles, CancellationToken ct = default)
    {
        if (blockCount < 1 || blockCount > 1024) throw new ArgumentOutOfRangeException(nameof(blockCount), "blockCount must be 1..1024");
        var r = await RequestAsync("eth_feeHistory", Params(Hex.ToQuantity((ulong)blockCount), newest.ToJson(), new JsonArray(rewardPercentiles.Select(x => (JsonNode)JsonValue.Create(x)).ToArray())), true, ct).ConfigureAwait(false);
        var baseFees = r.GetProperty("baseFeePerGas").EnumerateArray().Select(x => Hex.ParseQuantity(x.GetString()!, "baseFeePerGas")).ToArray();
        var ratios = r.TryGetProperty("gasUsedRatio", out var gr) ? gr.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [];
        var rewards = r.TryGetProperty("reward", out var rw) && rw.ValueKind == JsonValueKind.Array
            ? rw.EnumerateArray().Select(row => (IReadOnlyList<BigInteger>)row.EnumerateArray().Select(x => Hex.ParseQuantity(x.GetString()!, "reward")).ToArray()).ToArray()
            : [];
        return new FeeHistory(Json.U64(r, "oldestBlock"), baseFees, ratios, rewards);
    }

    /// <summary>eth_estimateGas; a revert throws <see cref="ContractRevertException"/> decoded with <paramref name="errors"/>.</summary>
    public async Task<BigInteger> EstimateGasAsync(CallRequest call, IEnumerable<AbiError>? errors = null, CancellationToken ct = default) =>
        Q(await CallWithRevertsAsync("eth_estimateGas", Params(CallJson(call)), errors, ct).ConfigureAwait(false), "gas");

    /// <summary>eth_call; a revert throws <see cref="ContractRevertException"/> decoded with <paramref name="errors"/>.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, BlockParameter? block = null, IEnumerable<AbiError>? errors = null, CancellationToken ct = default)
    {
        var r = await CallWithRevertsAsync("eth_call", Params(CallJson(call), (block ?? BlockParameter.Latest).ToJson()), errors, ct).ConfigureAwait(false);
        return Hex.Parse(r.GetString() ?? throw new InvalidDataException("eth_call: result is not a string"), "eth_call result");
    }

    public async Task<byte[]> GetCodeAsync(Address address, BlockParameter? block = null, CancellationToken ct = default)
    {
        var r = await RequestAsync("eth_getCode", Params(address.ToLowerHex(), (block ?? BlockParameter.Latest).ToJson()), true, ct).ConfigureAwait(false);
        return Hex.Parse(r.GetString() ?? "", "eth_getCode result");
    }

    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(string txHash, CancellationToken ct = default)
    {
        Hex.ParseFixed(txHash, 32, nameof(txHash));
        var r = await RequestAsync("eth_getTransactionReceipt", Params(txHash), true, ct).ConfigureAwait(false);
        return r.ValueKind == JsonValueKind.Null ? null : TransactionReceipt.FromJson(r);
    }

    /// <summary>True when the node knows the transaction (pending or mined).</summary>
    public async Task<bool> IsTransactionKnownAsync(string txHash, CancellationToken ct = default)
    {
        var r = await RequestAsync("eth_getTransactionByHash", Params(txHash), true, ct).ConfigureAwait(false);
        return r.ValueKind != JsonValueKind.Null;
    }

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var f = new JsonObject { ["fromBlock"] = filter.FromBlock.ToJson(), ["toBlock"] = filter.ToBlock.ToJson() };
        if (filter.Addresses.Count == 1) f["address"] = filter.Addresses[0].ToLowerHex();
        else if (filter.Addresses.Count > 1) f["address"] = new JsonArray(filter.Addresses.Select(a => (JsonNode)JsonValue.Create(a.ToLowerHex())!).ToArray());
        if (filter.Topics.Count > 0)
        {
            f["topics"] = new JsonArray(filter.Topics.Select(t => t == null ? null
                : t.Count == 1 ? (JsonNode)JsonValue.Create(Hex.ToHex(t[0]))!
                : new JsonArray(t.Select(x => (JsonNode)JsonValue.Create(Hex.ToHex(x))!).ToArray())).ToArray());
        }
        var r = await RequestAsync("eth_getLogs", Params(f), true, ct).ConfigureAwait(false);
        return r.EnumerateArray().Select(LogEntry.FromJson).ToArray();
    }

    /// <summary>
    /// eth_sendRawTransaction. On a transient failure the transaction may or may not have reached the node, so it is
    /// re-sent only when eth_getTransactionByHash then reports the hash unknown. Returns the transaction hash.
    /// </summary>
    public async Task<string> SendRawTransactionAsync(byte[] raw, IEnumerable<AbiError>? errors = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var hash = Hex.ToHex(Keccak.Hash(raw));
        var p = new JsonArray(Hex.ToHex(raw));
        int attempts = 0;
        var delay = _options.InitialBackoff;
        while (true)
        {
            attempts++;
            try
            {
                var r = await RequestAsync("eth_sendRawTransaction", p, idempotent: false, ct).ConfigureAwait(false);
                var returned = r.GetString();
                if (!string.Equals(returned, hash, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException($"eth_sendRawTransaction: node returned hash {returned}, expected {hash}");
                }
                return hash;
            }
            catch (ChainUnavailableException) when (attempts <= _options.MaxRetries)
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
                // ChainUnavailableException from this read (after its own retries) propagates: we cannot tell whether it was sent
                if (await IsTransactionKnownAsync(hash, ct).ConfigureAwait(false)) return hash;
            }
            catch (RpcException e) when (attempts > 1 && e is not PendingRevert)
            {
                // a re-send refused ("already known", "nonce too low" because it was mined meanwhile): fine if the node has it
                if (await IsTransactionKnownAsync(hash, ct).ConfigureAwait(false)) return hash;
                throw;
            }
            catch (PendingRevert r)
            {
                throw r.Decode(errors);
            }
        }
    }

    private static JsonObject CallJson(CallRequest c)
    {
        var o = new JsonObject();
        if (c.From is { } from) o["from"] = from.ToLowerHex();
        if (c.To is { } to) o["to"] = to.ToLowerHex();
        if (c.Gas is { } g) o["gas"] = Hex.ToQuantity(g);
        if (c.GasPrice is { } gp) o["gasPrice"] = Hex.ToQuantity(gp);
        if (c.MaxFeePerGas is { } mf) o["maxFeePerGas"] = Hex.ToQuantity(mf);
        if (c.MaxPriorityFeePerGas is { } mp) o["maxPriorityFeePerGas"] = Hex.ToQuantity(mp);
        if (c.Value is { } v) o["value"] = Hex.ToQuantity(v);
        o["data"] = Hex.ToHex(c.Data.Span);
        return o;
    }

    private static BigInteger Q(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.String ? Hex.ParseQuantity(e.GetString()!, what) : throw new InvalidDataException($"RPC result for {what} is not a quantity string");

    private static ulong U64(JsonElement e, string what)
    {
        var v = Q(e, what);
        return v <= ulong.MaxValue ? (ulong)v : throw new InvalidDataException($"RPC result for {what} does not fit 64 bits");
    }
}
