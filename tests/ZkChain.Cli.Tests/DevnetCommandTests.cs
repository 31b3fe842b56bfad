using System.Text.Json;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

public class DevnetCommandTests
{
    [Fact]
    public void Start_status_stop_by_pid_on_a_free_port()
    {
        using var state = new TempDirectory("zkchain-devnet");
        var env = new Dictionary<string, string> { ["ZKCHAIN_STATE_DIR"] = state.Path };
        var port = HardhatNode.FreeLoopbackPort();
        var start = ZkchainProcess.Run(["devnet", "start", "--port", port.ToString(), "--json"], env: env);
        try
        {
            Assert.True(start.ExitCode == 0, start.StdErr + start.StdOut);
            using var doc = JsonDocument.Parse(start.StdOut);
            var pid = doc.RootElement.GetProperty("Pid").GetInt32();
            Assert.Equal($"http://127.0.0.1:{port}", doc.RootElement.GetProperty("Rpc").GetString());

            var again = ZkchainProcess.Run(["devnet", "start", "--port", port.ToString()], env: env);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("already running", again.StdErr);

            var status = ZkchainProcess.Run(["devnet", "status", "--json"], env: env);
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("\"chainId\":31337", status.StdOut);

            var stop = ZkchainProcess.Run(["devnet", "stop"], env: env);
            Assert.Equal(0, stop.ExitCode);
            Assert.Contains($"pid {pid}", stop.StdOut);
            Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
        }
        finally
        {
            ZkchainProcess.Run(["devnet", "stop"], env: env);
        }
        var after = ZkchainProcess.Run(["devnet", "status"], env: env);
        Assert.Equal(1, after.ExitCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    public void Bad_port_is_a_clear_error(string port)
    {
        using var state = new TempDirectory("zkchain-devnet");
        var r = ZkchainProcess.Run(["devnet", "start", "--port", port], env: new Dictionary<string, string> { ["ZKCHAIN_STATE_DIR"] = state.Path });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--port", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Port_in_use_is_a_clear_error()
    {
        using var state = new TempDirectory("zkchain-devnet");
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var r = ZkchainProcess.Run(["devnet", "start", "--port", port.ToString()], env: new Dictionary<string, string> { ["ZKCHAIN_STATE_DIR"] = state.Path });
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("in use", r.StdErr);
        }
        finally { listener.Stop(); }
    }

    [Fact]
    public void Unknown_verb_fails_without_a_stack_trace()
    {
        var r = ZkchainProcess.Run(["no-such-verb"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("   at ", r.StdErr + r.StdOut);
    }
}
