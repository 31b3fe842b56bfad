namespace ZkChain.Cli.Infrastructure;

/// <summary>
/// Finds the ZkChain checkout (the folder with hardhat.config.js and node_modules/hardhat), which holds the
/// Hardhat devnet, the contract artifacts and the shipped data. Looked for above the current folder, then above
/// the zkchain binary; ZKCHAIN_HOME overrides both.
/// </summary>
public static class RepoLocator
{
    public static string? TryFind()
    {
        var env = Environment.GetEnvironmentVariable("ZKCHAIN_HOME");
        if (!string.IsNullOrEmpty(env)) return IsRepo(env) ? Path.GetFullPath(env) : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (IsRepo(dir.FullName)) return dir.FullName;
            }
        }
        return null;
    }

    public static string Find() =>
        TryFind() ?? throw new CliException(
            "cannot find the ZkChain checkout (a folder with hardhat.config.js and node_modules/hardhat) above the current folder or the zkchain binary; " +
            "run from the checkout after `bash scripts/setup.sh`, or set ZKCHAIN_HOME");

    private static bool IsRepo(string dir) =>
        File.Exists(Path.Combine(dir, "hardhat.config.js")) && Directory.Exists(Path.Combine(dir, "node_modules", "hardhat"));
}
