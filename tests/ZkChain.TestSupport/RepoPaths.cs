namespace ZkChain.TestSupport;

/// <summary>Locates the repository (the folder holding ZkChain.sln) from a test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ZkChain.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("cannot find ZkChain.sln above " + AppContext.BaseDirectory);
    });

    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string NodeModules => Combine("node_modules");

    /// <summary>Test oracles written in JavaScript (they call npm packages nobody here wrote).</summary>
    public static string Oracle(string script) => Combine("tests", "oracles", script);
}
