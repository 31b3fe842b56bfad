using System.Text.Json;
using ZkChain.ChainClient.Contracts;
using ZkChain.TestSupport;

namespace ZkChain.ChainClient.Tests;

/// <summary>Test contracts from tests/contracts/fixtures-chain, compiled once per run with the repository's solc.</summary>
public static class ChainFixtureArtifacts
{
    private static readonly Lazy<Dictionary<string, ContractArtifact>> All = new(() =>
    {
        var json = ProcessRunner.Node("chain-compile.js", timeout: TimeSpan.FromMinutes(3));
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => ContractArtifact.Parse(p.Value.GetRawText()));
    });

    public static ContractArtifact Get(string name) => All.Value[name];
}

/// <summary>An HTTP handler that forwards to the real node, with hooks to inject failures.</summary>
public sealed class InterceptingHandler : DelegatingHandler
{
    public InterceptingHandler() : base(new HttpClientHandler()) { }

    /// <summary>Return a response to short-circuit, or null to forward. Gets the request body.</summary>
    public Func<string, HttpResponseMessage?>? Before { get; set; }
    /// <summary>Called after forwarding; throw to simulate a lost response.</summary>
    public Action<string, HttpResponseMessage>? After { get; set; }
    public int Requests;
    public List<string> Methods { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        using (var doc = JsonDocument.Parse(body)) lock (Methods) Methods.Add(doc.RootElement.GetProperty("method").GetString()!);
        var shortCut = Before?.Invoke(body);
        if (shortCut != null) return shortCut;
        var resp = await base.SendAsync(request, cancellationToken);
        After?.Invoke(body, resp);
        return resp;
    }
}
