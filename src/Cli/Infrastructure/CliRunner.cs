using System.CommandLine;
using System.Security.Cryptography;

namespace ZkChain.Cli.Infrastructure;

/// <summary>
/// Wraps every verb's action: maps expected failures to a one-line message and an exit code,
/// never a stack trace (set ZKCHAIN_DEBUG=1 to see one for internal errors).
/// </summary>
public static class CliRunner
{
    public static void SetHandler(this Command command, Func<ParseResult, int> action) =>
        command.SetAction(parse => Guard(() => action(parse)));

    public static void SetHandler(this Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, ct) => Task.FromResult(Guard(() => action(parse, ct).GetAwaiter().GetResult())));

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliException e)
        {
            return Fail(e.Message, e.ExitCode);
        }
        catch (ZkChain.ChainClient.Rpc.ChainUnavailableException e)
        {
            return Fail(e.Message + " (is the node running? `zkchain devnet start` starts a local one)", ExitCodes.ChainError);
        }
        catch (ZkChain.ChainClient.Rpc.ContractRevertException e)
        {
            return Fail($"the contract rejected the call: {e.Decoded?.ToString() ?? e.Message}", ExitCodes.ChainError);
        }
        catch (ZkChain.ChainClient.Rpc.RpcException e)
        {
            return Fail(e.Message, ExitCodes.ChainError);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or EndOfStreamException)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (FileNotFoundException e)
        {
            return Fail($"file not found: {e.FileName ?? e.Message}", ExitCodes.BadInput);
        }
        catch (DirectoryNotFoundException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (IOException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (CryptographicException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", ExitCodes.InternalError);
        }
        catch (Exception e)
        {
            var debug = Environment.GetEnvironmentVariable("ZKCHAIN_DEBUG") == "1";
            return Fail(debug ? $"internal error: {e}" : $"internal error: {e.GetType().Name}: {e.Message} (set ZKCHAIN_DEBUG=1 for details)", ExitCodes.InternalError);
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    /// <summary>Reads a file the user named, turning every failure into a message that names the file.</summary>
    public static T ReadInput<T>(string path, string what, Func<Stream, T> read)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{what} '{path}': file not found");
        }
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return read(fs);
        }
        catch (CliException) { throw; }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or System.Text.Json.JsonException or IOException or OverflowException or IndexOutOfRangeException)
        {
            throw new CliException($"{what} '{path}': {e.Message}", ExitCodes.BadInput, e);
        }
    }
}
