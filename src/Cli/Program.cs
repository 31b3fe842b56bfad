using System.CommandLine;
using ZkChain.Cli.Commands;

namespace ZkChain.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Builds the command tree; tests call this to run the CLI in process.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("zkchain: prove that a model was trained on committed data (Groth16 over BN254) and attest it on chain");
        // Each area adds its verbs here; keep one line per area.
        foreach (var command in CommandAreas.All())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static int Run(string[] args)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
