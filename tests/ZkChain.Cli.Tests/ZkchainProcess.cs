using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>
/// Runs the built zkchain CLI as a separate process, the way users run it: the framework-dependent zkchain.dll
/// next to the tests, or the binary named by ZKCHAIN_CLI (e.g. the Native AOT build of scripts/build-native.sh,
/// so the same tests cover it).
/// </summary>
public static class ZkchainProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "zkchain.dll");

    private static string? NativeBinary => Environment.GetEnvironmentVariable("ZKCHAIN_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public static ProcessResult Run(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null, TimeSpan? timeout = null) =>
        NativeBinary is { } binary
            ? ProcessRunner.Run(binary, [.. args], workingDirectory ?? RepoPaths.Root, env: env, timeout: timeout ?? TimeSpan.FromMinutes(5))
            : ProcessRunner.Run("dotnet", [Dll, .. args], workingDirectory ?? RepoPaths.Root, env: env, timeout: timeout ?? TimeSpan.FromMinutes(5));
}
