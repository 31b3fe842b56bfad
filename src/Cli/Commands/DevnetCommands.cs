using System.CommandLine;
using System.Text.Json;
using ZkChain.Cli.Infrastructure;

namespace ZkChain.Cli.Commands;

/// <summary>`zkchain devnet start|stop|status`: the repository's Hardhat node on 127.0.0.1.</summary>
internal static class DevnetCommands
{
    public static Command Create()
    {
        var devnet = new Command("devnet", "Run a local Hardhat devnet (chain id 31337) on 127.0.0.1");

        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1", DefaultValueFactory = _ => Devnet.DefaultPort };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var start = new Command("start", "Start the devnet in the background, wait until it answers, record its PID");
        start.Options.Add(port);
        start.Options.Add(json);
        start.SetHandler(parse =>
        {
            var p = parse.GetValue(port);
            if (p is < 1 or > 65535) throw new CliException($"--port {p} is not a TCP port (1..65535)");
            var repo = RepoLocator.Find();
            var state = Devnet.Start(repo, p, TimeSpan.FromSeconds(90), Console.Error.WriteLine);
            if (parse.GetValue(json)) Console.WriteLine(JsonOut.Serialize(state, JsonOut.Compact));
            else Console.WriteLine($"devnet running: {state.Rpc} (chain id {Devnet.ChainId}, pid {state.Pid}, log {state.LogFile})");
            return ExitCodes.Ok;
        });

        var stop = new Command("stop", "Stop the devnet that `devnet start` recorded (by its PID)");
        stop.SetHandler(_ =>
        {
            var repo = RepoLocator.Find();
            var state = Devnet.ReadState(repo);
            if (state == null)
            {
                Console.WriteLine("no devnet recorded (nothing to stop)");
                return ExitCodes.Ok;
            }
            Console.WriteLine(Devnet.Stop(repo, state)
                ? $"devnet stopped (pid {state.Pid}, {state.Rpc})"
                : $"devnet pid {state.Pid} had already exited; record removed");
            return ExitCodes.Ok;
        });

        var status = new Command("status", "Say whether the recorded devnet is running and answering");
        status.Options.Add(json);
        status.SetHandler(parse =>
        {
            var repo = RepoLocator.Find();
            var state = Devnet.ReadState(repo);
            var alive = state != null && Devnet.IsOurNodeAlive(state);
            var chainId = state != null && alive ? Devnet.TryChainIdAsync(state.Rpc, TimeSpan.FromSeconds(3)).GetAwaiter().GetResult() : null;
            if (parse.GetValue(json))
                Console.WriteLine(JsonOut.Serialize(new { running = alive, answering = chainId != null, state?.Rpc, state?.Pid, chainId }, JsonOut.Compact));
            else
                Console.WriteLine(state == null ? "no devnet recorded" : alive ? $"running: {state.Rpc} (pid {state.Pid}){(chainId == null ? ", not answering" : $", chain id {chainId}")}" : $"recorded pid {state.Pid} is not running");
            return alive ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });

        devnet.Subcommands.Add(start);
        devnet.Subcommands.Add(stop);
        devnet.Subcommands.Add(status);
        return devnet;
    }
}
