using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>Runs the built zkchain CLI as a separate process, the way users run it.</summary>
public static class ZkchainProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "zkchain.dll");

    public static ProcessResult Run(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null, TimeSpan? timeout = null) =>
        ProcessRunner.Run("dotnet", [Dll, .. args], workingDirectory ?? RepoPaths.Root, env: env, timeout: timeout ?? TimeSpan.FromMinutes(5));
}
