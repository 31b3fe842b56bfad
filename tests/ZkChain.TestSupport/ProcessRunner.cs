using System.Diagnostics;
using System.Text;

namespace ZkChain.TestSupport;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public ProcessResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        }
        return this;
    }
}

/// <summary>Runs external tools (node oracles, snarkjs, circom2) with a time limit; kills only the PID it started.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        string? stdin = null, TimeSpan? timeout = null, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (stdin != null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!p.WaitForExit(limit))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} did not finish within {limit}");
        }
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a script from tests/oracles with node; returns its stdout (throws with stderr on failure).</summary>
    public static string Node(string oracleScript, IEnumerable<string>? args = null, string? stdin = null, TimeSpan? timeout = null) =>
        Run("node", [RepoPaths.Oracle(oracleScript), .. args ?? []], stdin: stdin, timeout: timeout)
            .EnsureSuccess("node " + oracleScript).StdOut;

    /// <summary>Runs the snarkjs CLI from node_modules.</summary>
    public static ProcessResult Snarkjs(IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null) =>
        Run("node", [Path.Combine(RepoPaths.NodeModules, "snarkjs", "build", "cli.cjs"), .. args], workingDirectory, timeout: timeout);
}
