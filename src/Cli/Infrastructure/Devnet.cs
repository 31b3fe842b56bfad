using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ZkChain.Cli.Infrastructure;

/// <summary>What `zkchain devnet start` records so that `devnet stop` can stop exactly that process.</summary>
public sealed record DevnetState(int Pid, int Port, string Rpc, string LogFile, DateTimeOffset StartedAt);

/// <summary>
/// The repository's Hardhat node on 127.0.0.1 (chain id 31337). Started detached with its output in a log file;
/// stopped by the PID recorded at start — never by process name — after checking that PID is still that node.
/// </summary>
public static class Devnet
{
    public const int DefaultPort = 8545;
    public const long ChainId = 31337;

    /// <summary>Where devnet state and logs live: ZKCHAIN_STATE_DIR, else .zkchain/ in the checkout.</summary>
    public static string StateDir(string repo) =>
        Environment.GetEnvironmentVariable("ZKCHAIN_STATE_DIR") is { Length: > 0 } d ? Path.GetFullPath(d) : Path.Combine(repo, ".zkchain");

    public static string StateFile(string repo) => Path.Combine(StateDir(repo), "devnet.json");

    public static DevnetState? ReadState(string repo)
    {
        var path = StateFile(repo);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize(File.ReadAllText(path), DevnetJsonContext.Default.DevnetState); }
        catch (JsonException) { return null; }
    }

    public static bool IsOurNodeAlive(DevnetState s)
    {
        try
        {
            using var p = Process.GetProcessById(s.Pid);
            if (p.HasExited) return false;
            // Guard against a reused PID: the process must still be a hardhat node.
            var cmdline = OperatingSystem.IsLinux() && File.Exists($"/proc/{s.Pid}/cmdline")
                ? File.ReadAllText($"/proc/{s.Pid}/cmdline").Replace('\0', ' ')
                : p.ProcessName;
            return cmdline.Contains("hardhat", StringComparison.Ordinal) && cmdline.Contains("node", StringComparison.Ordinal);
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    public static bool PortIsFree(int port)
    {
        try
        {
            var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            l.Stop();
            return true;
        }
        catch (SocketException) { return false; }
    }

    /// <summary>A port on 127.0.0.1 that the OS reports free right now.</summary>
    public static int FreeLoopbackPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>True when an Ethereum JSON-RPC endpoint answers eth_chainId at the URL.</summary>
    public static async Task<long?> TryChainIdAsync(string rpc, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            var body = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}", Encoding.UTF8, "application/json");
            using var resp = await http.PostAsync(rpc, body).ConfigureAwait(false);
            if (!resp.IsSuccessStatusCode) return null;
            using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync().ConfigureAwait(false));
            var hex = doc.RootElement.GetProperty("result").GetString();
            return hex == null ? null : Convert.ToInt64(hex, 16);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    public static DevnetState Start(string repo, int port, TimeSpan waitLimit, Action<string>? log = null)
    {
        var existing = ReadState(repo);
        if (existing != null && IsOurNodeAlive(existing))
            throw new CliException($"a devnet started by zkchain is already running (pid {existing.Pid}, {existing.Rpc}); stop it with `zkchain devnet stop`");
        if (!PortIsFree(port))
            throw new CliException($"port {port} on 127.0.0.1 is already in use; pick another with --port");

        var stateDir = StateDir(repo);
        Directory.CreateDirectory(stateDir);
        var logFile = Path.Combine(stateDir, $"devnet-{port}.log");
        var hardhatCli = Path.Combine(repo, "node_modules", "hardhat", "internal", "cli", "cli.js");
        // `exec` keeps the PID: the shell becomes node, so the recorded PID is the node itself.
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = repo,
            RedirectStandardInput = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec node \"$0\" node --hostname 127.0.0.1 --port \"$1\" >\"$2\" 2>&1 </dev/null");
        psi.ArgumentList.Add(hardhatCli);
        psi.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(logFile);
        var p = Process.Start(psi) ?? throw new CliException("could not start node for the Hardhat devnet");
        var state = new DevnetState(p.Id, port, $"http://127.0.0.1:{port}", logFile, DateTimeOffset.UtcNow);

        var deadline = DateTime.UtcNow + waitLimit;
        while (true)
        {
            if (p.HasExited)
                throw new CliException($"the Hardhat devnet exited with code {p.ExitCode} while starting; see {logFile}");
            if (TryChainIdAsync(state.Rpc, TimeSpan.FromSeconds(2)).GetAwaiter().GetResult() is { } id)
            {
                if (id != ChainId) log?.Invoke($"warning: devnet answers with chain id {id}, expected {ChainId}");
                break;
            }
            if (DateTime.UtcNow > deadline)
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new CliException($"the Hardhat devnet did not answer on {state.Rpc} within {waitLimit.TotalSeconds:0}s; see {logFile}");
            }
            Thread.Sleep(250);
        }
        AtomicFile.WriteAllText(StateFile(repo), JsonSerializer.Serialize(state, DevnetJsonContext.Default.DevnetState));
        return state;
    }

    /// <summary>Stops the recorded devnet by PID. Returns false when none was recorded or it had already exited.</summary>
    public static bool Stop(string repo, DevnetState state)
    {
        var stopped = false;
        if (IsOurNodeAlive(state))
        {
            using var p = Process.GetProcessById(state.Pid);
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
            stopped = true;
        }
        var file = StateFile(repo);
        if (ReadState(repo) is { } current && current.Pid == state.Pid) File.Delete(file);
        return stopped;
    }
}
