using System.CommandLine;
using System.Globalization;
using ZkChain.ChainClient.Primitives;
using ZkChain.Cli.Chain;
using ZkChain.Cli.Infrastructure;
using ZkChain.Training.Pipeline;

namespace ZkChain.Cli.Commands;

/// <summary>
/// `circuit build` (rebuild a training circuit's .r1cs from its config.json, byte-identical on any machine) and
/// `circuit audit` (a third party's check of a registered circuit), added to the `circuit` command of ChainCommands.
/// </summary>
internal static class CircuitCommands
{
    public static void AddTo(Command circuit, ChainOptions o)
    {
        circuit.Subcommands.Add(Build());
        circuit.Subcommands.Add(Audit(o));
        circuit.Subcommands.Add(CatalogCommand.Create());
    }

    private sealed record BuildOutput(string Kind, int Constraints, int Wires, int PublicInputs, string R1csKeccak256, string ConfigHash, string Out);

    private static Command Build()
    {
        var config = new Option<string>("--config") { Description = "config.json of a `zkchain train` folder", Required = true };
        var outPath = new Option<string>("--out") { Description = "where to write the .r1cs", Required = true };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var cmd = new Command("build", "Rebuild the training circuit of a config.json; the .r1cs is byte-identical on any machine and run");
        cmd.Options.Add(config);
        cmd.Options.Add(outPath);
        cmd.Options.Add(json);
        cmd.SetHandler(parse =>
        {
            var asJson = parse.GetValue(json);
            var path = parse.GetValue(config)!;
            ReproducibleCircuitBuild b;
            using (var progress = new ConsoleProgress(quiet: asJson)) b = BuildFrom(path, progress);
            var dest = parse.GetValue(outPath)!;
            AtomicFile.WriteAllBytes(dest, b.R1cs);
            var r = new BuildOutput(b.Kind, b.Constraints, b.Wires, b.Circuit.System.NPublic, b.R1csKeccak256Hex, b.ConfigHash.ToString(), dest);
            if (asJson) Console.WriteLine(JsonOut.Serialize(r));
            else Table.Print(
                ("circuit", r.Kind),
                ("constraints", r.Constraints.ToString("N0", CultureInfo.InvariantCulture)),
                ("wires", r.Wires.ToString("N0", CultureInfo.InvariantCulture)),
                ("public inputs", r.PublicInputs.ToString(CultureInfo.InvariantCulture)),
                ("r1cs keccak256", r.R1csKeccak256),
                ("config hash", r.ConfigHash),
                ("written to", dest));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static ReproducibleCircuitBuild BuildFrom(string configPath, IProgress<(string Stage, double Fraction)>? progress)
    {
        if (!File.Exists(configPath)) throw new CliException($"--config '{configPath}': file not found");
        try { return ReproducibleCircuit.BuildFromFile(configPath, progress); }
        catch (Exception e) when (e is InvalidDataException or IOException) { throw new CliException($"--config: {e.Message}"); }
    }

    private static Command Audit(ChainOptions o)
    {
        var id = new Argument<string>("circuitId") { Description = "the registered circuit id (0x + 64 hex digits: the verification key's keccak256)" };
        var config = new Option<string?>("--config") { Description = "the circuit's training config.json: rebuilds the circuit and compares its r1cs hash" };
        var zkey = new Option<string?>("--zkey") { Description = "the final .zkey: checks the circuit id, the verifier's deployed code and the coefficients" };
        var ptau = new Option<string?>("--ptau") { Description = "the prepared powers of tau the zkey was made from: verifies every ceremony contribution" };
        var r1cs = new Option<string?>("--r1cs") { Description = "a .r1cs to compare (without --config: its hash against the registry's)" };
        var cmd = new Command("audit", "Check a registered circuit as a third party: rebuilt circuit, verifier code, key and ceremony; prints a verdict (exit 1 on a mismatch)");
        cmd.Arguments.Add(id);
        foreach (var opt in new Option[] { config, zkey, ptau, r1cs }) cmd.Options.Add(opt);
        o.AddReadOptions(cmd);
        cmd.SetHandler(async (parse, ct) =>
        {
            var circuitId = ParseCircuitId(parse.GetValue(id)!);
            var inputs = new CircuitAuditInputs(parse.GetValue(config), parse.GetValue(zkey), parse.GetValue(ptau), parse.GetValue(r1cs));
            foreach (var (name, file) in new[] { ("--config", inputs.Config), ("--zkey", inputs.Zkey), ("--ptau", inputs.Ptau), ("--r1cs", inputs.R1cs) })
                if (file != null && !File.Exists(file)) throw new CliException($"{name} '{file}': file not found");
            var asJson = parse.GetValue(o.Json);
            using var s = await o.ConnectAsync(parse, signing: false, ct);
            CircuitAuditReport report;
            using (var progress = new ConsoleProgress(quiet: asJson))
                report = await CircuitAudit.RunAsync(s, circuitId, inputs, lenient: false, progress, Console.Error.WriteLine, ct);
            if (asJson) Console.WriteLine(JsonOut.Serialize(report));
            else report.Print();
            return report.Mismatch ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return cmd;
    }

    private static byte[] ParseCircuitId(string text)
    {
        byte[] b;
        try { b = Hex.Parse(text); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new CliException($"circuitId '{text}': {e.Message}"); }
        if (b.Length != 32) throw new CliException($"circuitId '{text}': must be 32 bytes (0x + 64 hex digits), got {b.Length}");
        return b;
    }
}
