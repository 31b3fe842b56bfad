using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZkChain.TestSupport;

/// <summary>
/// A Hardhat devnet for integration tests: picks a free loopback port, starts the repository's
/// `hardhat node`, waits until it answers eth_chainId, and stops it by the PID it started.
/// Use as an xunit class fixture.
/// </summary>
public sealed class HardhatNode : IDisposable
{
    private Process? _process;
    private readonly StringBuilder _log = new();

    public int Port { get; private set; }
    public string RpcUrl => $"http://127.0.0.1:{Port}";
    public int? Pid => _process?.Id;

    /// <summary>Hardhat's well-known development accounts (public test mnemonic; never use on a real chain).</summary>
    public static readonly string[] DevPrivateKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    ];

    public HardhatNode() => Start();

    public static int FreeLoopbackPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <param name="port">a port to reuse (e.g. to restart a fresh chain where clients expect the old one); default a free one</param>
    public void Start(int? port = null)
    {
        if (_process != null) throw new InvalidOperationException("already running");
        Port = port ?? FreeLoopbackPort();
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.NodeModules, "hardhat", "internal", "cli", "cli.js"));
        psi.ArgumentList.Add("node");
        psi.ArgumentList.Add("--hostname");
        psi.ArgumentList.Add("127.0.0.1");
        psi.ArgumentList.Add("--port");
        psi.ArgumentList.Add(Port.ToString());
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start hardhat node");
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_log) { if (_log.Length < 200_000) _log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) { if (_log.Length < 200_000) _log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilAnswering(TimeSpan.FromSeconds(90));
    }

    private void WaitUntilAnswering(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"hardhat node exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                var body = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}", Encoding.UTF8, "application/json");
                var resp = http.PostAsync(RpcUrl, body).GetAwaiter().GetResult();
                if (resp.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(250);
        }
        Stop();
        throw new TimeoutException($"hardhat node on {RpcUrl} did not answer within {limit}:\n{Log}");
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Stops the node by its PID (and its child processes), never by name.</summary>
    public void Stop()
    {
        var p = _process;
        _process = null;
        if (p == null) return;
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        finally { p.Dispose(); }
    }

    /// <summary>Stops and starts again on a new port (a fresh chain).</summary>
    public void Restart()
    {
        Stop();
        Start();
    }

    public void Dispose() => Stop();
}
