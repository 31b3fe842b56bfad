using System.Diagnostics;
using System.Text;

namespace ZkChain.Cli.Infrastructure;

/// <summary>
/// The few steps that run Node from the checkout: compiling Solidity offline with the pinned npm solc, and making
/// sure the Hardhat artifacts of the repository's contracts exist.
/// </summary>
public static class NodeTools
{
    public static (int ExitCode, string StdOut, string StdErr) RunNode(string repo, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = repo,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi) ?? throw new CliException("could not start node"); }
        catch (System.ComponentModel.Win32Exception e) { throw new CliException($"could not start node (is Node.js installed and on PATH?): {e.Message}"); }
        using (p)
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            p.OutputDataReceived += (_, e) => { if (e.Data != null) stdout.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) stderr.AppendLine(e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new CliException($"node {string.Join(' ', psi.ArgumentList)} did not finish within {timeout.TotalSeconds:0}s");
            }
            p.WaitForExit();
            return (p.ExitCode, stdout.ToString(), stderr.ToString());
        }
    }

    /// <summary>Compiles the repository's contracts with Hardhat if the registry artifact is missing.</summary>
    public static void EnsureContractArtifacts(string repo)
    {
        var artifact = Path.Combine(repo, "artifacts", "contracts", "AttestationRegistry.sol", "AttestationRegistry.json");
        if (File.Exists(artifact)) return;
        var r = RunNode(repo, [Path.Combine(repo, "node_modules", "hardhat", "internal", "cli", "cli.js"), "compile", "--quiet"], TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0 || !File.Exists(artifact))
            throw new CliException($"compiling the contracts with Hardhat failed:\n{r.StdErr}{r.StdOut}");
    }

    /// <summary>Compiles one Solidity file offline; returns the JSON {contractName, abi, bytecode}.</summary>
    public static string CompileSolidity(string repo, string solFile, string contractName)
    {
        // node runs in the checkout, so a path relative to the user's folder must be made absolute first
        var r = RunNode(repo, [Path.Combine(repo, "scripts", "solc-compile.js"), Path.GetFullPath(solFile), contractName], TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new CliException($"compiling {solFile} failed:\n{r.StdErr}");
        return r.StdOut;
    }
}
