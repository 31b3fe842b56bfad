namespace ZkChain.Cli.Infrastructure;

/// <summary>Exit codes shared by every verb.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A check ran and said no (invalid proof, mismatched record, failed constraint).</summary>
    public const int CheckFailed = 1;
    /// <summary>Bad input: a missing, unreadable or malformed file or argument.</summary>
    public const int BadInput = 2;
    /// <summary>The chain or RPC endpoint failed or refused (network error, revert).</summary>
    public const int ChainError = 3;
    /// <summary>A bug: an exception nobody expected.</summary>
    public const int InternalError = 4;
}

/// <summary>An error meant for the user: the message names the file, field or argument and what is wrong.</summary>
public class CliException(string message, int exitCode = ExitCodes.BadInput, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
