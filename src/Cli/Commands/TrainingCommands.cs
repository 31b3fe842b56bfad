using System.CommandLine;
using System.Globalization;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Pipeline;
using ZkChain.Training.Training;

namespace ZkChain.Cli.Commands;

/// <summary>
/// `zkchain data commit|prove-row|verify-row`, `zkchain train`, `zkchain verify-training`:
/// committing to a dataset, opening single rows, and proving/verifying a training run on committed data.
/// </summary>
internal static class TrainingCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return DataCommand();
        yield return TrainCommand();
        yield return VerifyTrainingCommand();
    }

    internal static CircuitMode ParseCircuitMode(string value) => value.ToLowerInvariant() switch
    {
        "auto" => CircuitMode.Auto,
        "catalog" => CircuitMode.Catalog,
        "custom" => CircuitMode.Custom,
        var other => throw new CliException($"--circuit: unknown value '{other}' (use auto, catalog or custom)"),
    };

    private static Dataset LoadData(string path, string target)
    {
        if (!File.Exists(path)) throw new CliException($"data file '{path}': file not found");
        return Dataset.Load(path, target);
    }

    /// <summary>The data with the padding columns a commitment was made with (`--pad-features`, recorded in data.secret.json).</summary>
    private static Dataset Pad(Dataset data, int? padFeatures, string recordedIn)
    {
        if (padFeatures is not { } d) return data;
        try { return data.WithPadding(d); }
        catch (ArgumentException e) { throw new CliException($"{recordedIn}: the data was committed padded to {d} features, but {TrainingPipeline.BareMessage(e)}"); }
    }

    private static void WriteJsonOrTable(bool json, object payload, params (string Label, string Value)[] rows)
    {
        if (json) Console.WriteLine(JsonOut.Serialize(payload));
        else Table.Print(rows);
    }

    // ---------- data ----------

    private static Command DataCommand()
    {
        var cmd = new Command("data", "Commit to a dataset (Poseidon Merkle root + salt) and open single rows");

        var csv = new Argument<string>("data.csv") { Description = "CSV with a header row" };
        var target = new Option<string>("--target") { Description = "label column", Required = true };
        var outDir = new Option<string>("--out") { Description = "output folder (commitment.json, data.secret.json)", Required = true };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var padFeatures = new Option<int?>("--pad-features")
        {
            Description = "commit the rows with constant-zero columns _pad1, _pad2, ... appended so that they have this many features " +
                "(to fit a catalog circuit with more features than the CSV; recorded in commitment.json and data.secret.json)",
        };
        var commit = new Command("commit", "Commit to a dataset: writes commitment.json (public) and data.secret.json (the salt; keep it secret)");
        commit.Arguments.Add(csv);
        commit.Options.Add(target);
        commit.Options.Add(outDir);
        commit.Options.Add(padFeatures);
        commit.Options.Add(json);
        commit.SetHandler(parse =>
        {
            var data = LoadData(parse.GetValue(csv)!, parse.GetValue(target)!);
            if (parse.GetValue(padFeatures) is { } pad)
            {
                try { data = data.WithPadding(pad); }
                catch (ArgumentException e) { throw new CliException(TrainingPipeline.BareMessage(e)); }
            }
            var salt = DataCommitment.NewSalt();
            DataCommitment c;
            using (var progress = new ConsoleProgress(quiet: parse.GetValue(json))) c = DataCommitment.Create(data, salt, progress);
            var dir = parse.GetValue(outDir)!;
            AtomicFile.WriteSecretText(Path.Combine(dir, "data.secret.json"), DataCommitment.SecretJson(salt, c));
            AtomicFile.WriteAllText(Path.Combine(dir, "commitment.json"), c.ToJson());
            WriteJsonOrTable(parse.GetValue(json),
                new { commitment = c.Commitment.ToString(), rows = c.Rows, features = c.Features.Count, paddingFeatures = c.PaddingFeatures, target = c.Target, merkleDepth = c.MerkleDepth, outDir = dir },
                ("commitment", c.Commitment.ToString()),
                ("rows", c.Rows.ToString(CultureInfo.InvariantCulture)),
                ("features", c.Features.Count.ToString(CultureInfo.InvariantCulture) +
                    (c.PaddingFeatures == 0 ? "" : $" ({data.RealFeatures} from the CSV + {c.PaddingFeatures} constant-zero padding: {string.Join(", ", data.PaddingNames)})")),
                ("target", c.Target),
                ("merkle depth", c.MerkleDepth.ToString(CultureInfo.InvariantCulture)),
                ("wrote", $"{Path.Combine(dir, "commitment.json")}, {Path.Combine(dir, "data.secret.json")} (secret: keep private)"));
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(commit);

        var csv2 = new Argument<string>("data.csv") { Description = "the committed CSV" };
        var row = new Option<int>("--row") { Description = "0-based data row index", Required = true };
        var secret = new Option<string>("--secret") { Description = "data.secret.json from `data commit`", Required = true };
        var target2 = new Option<string?>("--target") { Description = "label column (default: the one in commitment.json next to the secret)" };
        var outProof = new Option<string>("--out") { Description = "row proof JSON to write", Required = true };
        var proveRow = new Command("prove-row", "Open one committed row: its values, Merkle path and the commitment opening (not the master salt)");
        proveRow.Arguments.Add(csv2);
        proveRow.Options.Add(row);
        proveRow.Options.Add(secret);
        proveRow.Options.Add(target2);
        proveRow.Options.Add(outProof);
        proveRow.SetHandler(parse =>
        {
            var secretPath = parse.GetValue(secret)!;
            var (salt, expected, padTo) = CliRunner.ReadInput(secretPath, "data secret", s => DataCommitment.ReadSecretFile(new StreamReader(s).ReadToEnd()));
            var targetName = parse.GetValue(target2);
            if (targetName == null)
            {
                var cpath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(secretPath))!, "commitment.json");
                if (!File.Exists(cpath)) throw new CliException("--target is required (no commitment.json next to the secret file)");
                targetName = CliRunner.ReadInput(cpath, "commitment", s => DataCommitment.ReadPublic(new StreamReader(s).ReadToEnd())).Target;
            }
            var data = Pad(LoadData(parse.GetValue(csv2)!, targetName), padTo, secretPath);
            var proof = RowProof.Create(data, salt, parse.GetValue(row));
            if (proof.Commitment != expected)
                throw new CliException($"data file '{parse.GetValue(csv2)}' does not match the commitment in '{secretPath}' (different rows, values or target)", ExitCodes.CheckFailed);
            var outPath = parse.GetValue(outProof)!;
            AtomicFile.WriteAllText(outPath, proof.ToJson());
            Console.WriteLine($"wrote {outPath}: row {proof.Index} of {proof.Rows} under commitment {proof.Commitment}");
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(proveRow);

        var proofArg = new Argument<string>("row-proof.json");
        var commitmentArg = new Argument<string>("commitment.json");
        var json3 = new Option<bool>("--json") { Description = "print the result as JSON" };
        var verifyRow = new Command("verify-row", "Check a row proof against a commitment.json");
        verifyRow.Arguments.Add(proofArg);
        verifyRow.Arguments.Add(commitmentArg);
        verifyRow.Options.Add(json3);
        verifyRow.SetHandler(parse =>
        {
            var proof = CliRunner.ReadInput(parse.GetValue(proofArg)!, "row proof", s => RowProof.FromJson(new StreamReader(s).ReadToEnd()));
            var c = CliRunner.ReadInput(parse.GetValue(commitmentArg)!, "commitment", s => DataCommitment.ReadPublic(new StreamReader(s).ReadToEnd()));
            var problem = proof.Verify(c);
            var values = proof.Dequantized();
            var padding = c.PaddingFeatures ?? [];
            var names = proof.Features.Select(f => padding.Contains(f) ? f + " (padding)" : f).Append(proof.Target).ToArray();
            if (parse.GetValue(json3))
            {
                Console.WriteLine(JsonOut.Serialize(new
                {
                    valid = problem == null, reason = problem, commitment = c.Commitment, row = proof.Index,
                    values = names.Zip(values).ToDictionary(p => p.First, p => p.Second),
                }));
            }
            else if (problem == null)
            {
                Console.WriteLine($"VALID: row {proof.Index} is in the dataset committed as {c.Commitment}");
                Table.Print(names.Zip(values).Select(p => (p.First, p.Second.ToString("R", CultureInfo.InvariantCulture))).ToArray());
            }
            else
            {
                Console.WriteLine($"INVALID: {problem}");
            }
            return problem == null ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        cmd.Subcommands.Add(verifyRow);
        return cmd;
    }

    // ---------- train ----------

    private static Command TrainCommand()
    {
        var csv = new Argument<string>("data.csv") { Description = "CSV with a header row" };
        var target = new Option<string>("--target") { Description = "label column", Required = true };
        var model = new Option<string>("--model") { Description = "logistic | linear | softmax", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "passes over the training split", Required = true };
        var batch = new Option<int>("--batch") { Description = "mini-batch size", Required = true };
        var lr = new Option<double>("--lr") { Description = "learning rate", Required = true };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty (ridge), default 0", DefaultValueFactory = _ => 0 };
        var fracBits = new Option<int>("--frac-bits") { Description = "fixed-point fractional bits (8..20), default 16", DefaultValueFactory = _ => 16 };
        var testSplit = new Option<double>("--test-split") { Description = "held-out fraction (0..0.9), default 0.2", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<ulong>("--seed") { Description = "seed for the split and the row order, default 1", DefaultValueFactory = _ => 1UL };
        var norm = new Option<string>("--normalize") { Description = "zscore | minmax (fitted on the training split), default zscore", DefaultValueFactory = _ => "zscore" };
        var publisher = new Option<string>("--publisher") { Description = "publisher address 0x… (bound into the proof)", Required = true };
        var outDir = new Option<string>("--out") { Description = "output folder", Required = true };
        var ptau = new Option<string?>("--ptau") { Description = "prepared powers of tau (.ptau); without it a local single-party one is made (DEVELOPMENT ONLY)" };
        var circuitMode = new Option<string>("--circuit")
        {
            Description = "auto (default): a shipped catalog circuit when one fits (one setup shared by every dataset of that shape; committed row order, tail test split), else a custom one; catalog: require one; custom: a circuit for exactly this dataset",
            DefaultValueFactory = _ => "auto",
        };
        var catalogEntry = new Option<string?>("--catalog-entry") { Description = "use this catalog circuit (see `zkchain circuit catalog`)" };
        var zkey = new Option<string?>("--zkey") { Description = "use this proving key (a ceremony's final .zkey, or circuit.zkey of an earlier run with the same config) instead of a local setup; refused unless it is for exactly this circuit" };
        var dataSecret = new Option<string?>("--data-secret") { Description = "data.secret.json of an existing `data commit` to reuse its commitment" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var cmd = new Command("train", "Train a model on a CSV in fixed point and prove it (Groth16) against the data commitment");
        cmd.Arguments.Add(csv);
        foreach (var o in new Option[] { target, model, epochs, batch, lr, l2, fracBits, testSplit, seed, norm, publisher, outDir, ptau, circuitMode, catalogEntry, zkey, dataSecret, json }) cmd.Options.Add(o);
        cmd.SetHandler(parse =>
        {
            var asJson = parse.GetValue(json);
            var data = LoadData(parse.GetValue(csv)!, parse.GetValue(target)!);
            var normKind = parse.GetValue(norm)!.ToLowerInvariant() switch
            {
                "zscore" or "z-score" => NormalizationKind.ZScore,
                "minmax" or "min-max" => NormalizationKind.MinMax,
                var other => throw new CliException($"--normalize: unknown normalisation '{other}' (use zscore or minmax)"),
            };
            var options = new TrainingOptions(TrainingSpec.ParseFamily(parse.GetValue(model)!), parse.GetValue(epochs), parse.GetValue(batch),
                parse.GetValue(lr), parse.GetValue(l2), parse.GetValue(fracBits), parse.GetValue(testSplit), parse.GetValue(seed), normKind);
            var mode = ParseCircuitMode(parse.GetValue(circuitMode)!);
            var entryName = parse.GetValue(catalogEntry);
            if (entryName != null && mode == CircuitMode.Custom) throw new CliException("--catalog-entry cannot be combined with --circuit custom");
            var ptauPath = parse.GetValue(ptau);
            var pot = ptauPath == null ? null : CliRunner.ReadInput(ptauPath, "powers of tau", PtauFile.Read);
            Algebra.Fr? salt = null;
            var secretPath = parse.GetValue(dataSecret);
            if (secretPath != null)
            {
                // An existing commitment fixes the columns: re-apply the padding it was made with.
                var secretFile = CliRunner.ReadInput(secretPath, "data secret", s => DataCommitment.ReadSecretFile(new StreamReader(s).ReadToEnd()));
                salt = secretFile.Salt;
                data = Pad(data, secretFile.PadFeatures, secretPath);
            }
            var zkeyPath = parse.GetValue(zkey);
            var existingKey = zkeyPath == null ? null : CliRunner.ReadInput(zkeyPath, "proving key", ZkeyFile.Read);
            if (pot == null && existingKey == null)
                Console.Error.WriteLine("note: no --ptau or --zkey given: making a local single-party development setup (known trapdoor). DEVELOPMENT ONLY: whoever runs the setup can forge proofs.");

            TrainingOutput o;
            using (var progress = new ConsoleProgress(quiet: asJson))
            {
                try
                {
                    o = TrainingPipeline.Run(data, options, parse.GetValue(publisher)!, pot, salt, progress, existingKey, mode, entryName, secretPath);
                }
                catch (ArgumentException e) when (zkeyPath != null && e.ParamName == "zkey")
                {
                    throw new CliException($"{zkeyPath}: {TrainingPipeline.BareMessage(e)}");
                }
                catch (ArgumentException e) when (e.ParamName != null)
                {
                    // The messages name the option already; drop .NET's " (Parameter 'x')".
                    throw new CliException(TrainingPipeline.BareMessage(e), ExitCodes.BadInput, e);
                }
            }
            if (secretPath != null)
            {
                var (_, expected) = CliRunner.ReadInput(secretPath, "data secret", s => DataCommitment.ReadSecret(new StreamReader(s).ReadToEnd()));
                if (expected != o.DataCommitment.Commitment)
                    throw new CliException($"data file '{parse.GetValue(csv)}' does not match the commitment in '{secretPath}'", ExitCodes.CheckFailed);
            }
            if (!o.Verified) throw new CliException("internal error: the proof just made does not verify", ExitCodes.InternalError);
            foreach (var notice in o.Notices) Console.Error.WriteLine(notice);

            var dir = parse.GetValue(outDir)!;
            WriteOutputs(o, dir);

            var metric = o.MetricName;
            string Pct(double v) => double.IsNaN(v) ? "n/a" : o.Spec.Family == ModelFamily.Linear ? v.ToString("F4", CultureInfo.InvariantCulture) : (v * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";
            if (asJson)
            {
                Console.WriteLine(JsonOut.Serialize(new
                {
                    family = TrainingSpec.FamilyName(o.Spec.Family), metric = o.Spec.Family == ModelFamily.Linear ? "r2" : "accuracy",
                    fixedPointTest = Nan(o.FixedTestScore), float64Test = Nan(o.FloatTestScore), fixedPointTrain = Nan(o.FixedTrainScore), float64Train = Nan(o.FloatTrainScore),
                    nTrain = o.Spec.NTrain, nTest = o.Spec.NTest, constraints = o.Circuit.NConstraints,
                    paddingFeatures = o.Data.PaddingNames,
                    circuit = o.CatalogEntry == null ? "custom" : "catalog", catalogEntry = o.CatalogEntry?.Name, circuitChoice = o.CircuitNote,
                    trainSeconds = o.TrainTime.TotalSeconds, compileSolveSeconds = o.CompileTime.TotalSeconds, setupSeconds = o.SetupTime.TotalSeconds, proveSeconds = o.ProveTime.TotalSeconds,
                    dataCommitment = o.DataCommitment.Commitment.ToString(), modelCommitment = o.ModelCommitment.ToString(), configHash = o.ConfigHash.ToString(),
                    publisher = o.PublisherHex, verified = o.Verified, developmentSetup = o.DevelopmentSetup, setup = o.SetupDescription, outDir = dir,
                }));
            }
            else
            {
                Console.WriteLine($"{TrainingSpec.FamilyName(o.Spec.Family)} on {o.Spec.NTrain} training rows ({o.Spec.NTest} held out), {o.Spec.D} features" +
                    (o.Data.PaddingFeatures == 0 ? "" : $" ({o.Data.RealFeatures} + {o.Data.PaddingFeatures} zero padding)") + $", {o.Spec.Epochs} epochs");
                Table.PrintGrid(["", $"fixed point ({o.Spec.FracBits} bits)", "float64"],
                [
                    [$"test {metric}", Pct(o.FixedTestScore), Pct(o.FloatTestScore)],
                    [$"train {metric}", Pct(o.FixedTrainScore), Pct(o.FloatTrainScore)],
                ]);
                Table.Print(
                    ("circuit", o.CircuitNote),
                    ("constraints", o.Circuit.NConstraints.ToString("N0", CultureInfo.InvariantCulture)),
                    ("train (native)", $"{o.TrainTime.TotalSeconds:F2} s"),
                    ("compile + witness", $"{o.CompileTime.TotalSeconds:F2} s"),
                    ("setup", $"{o.SetupTime.TotalSeconds:F2} s"),
                    ("prove", $"{o.ProveTime.TotalSeconds:F2} s"),
                    ("proof", o.Verified ? "verifies" : "DOES NOT VERIFY"),
                    ("data commitment", o.DataCommitment.Commitment.ToString()),
                    ("model commitment", o.ModelCommitment.ToString()),
                    ("config hash", o.ConfigHash.ToString()),
                    ("publisher", o.PublisherHex),
                    ("setup", o.SetupDescription),
                    ("wrote", $"{dir}/ (secrets in data.secret.json and model.secret.json: keep private)"));
            }
            if (o.DevelopmentSetup) Console.Error.WriteLine("warning: DEVELOPMENT ONLY setup: " + o.SetupDescription);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static double? Nan(double v) => double.IsFinite(v) ? v : null;

    /// <summary>Writes a training run's files (public ones, and the salts in *.secret.json readable by the owner only).</summary>
    internal static void WriteOutputs(TrainingOutput o, string dir)
    {
        string F(string n) => Path.Combine(dir, n);
        AtomicFile.WriteSecretText(F("data.secret.json"), DataCommitment.SecretJson(o.DataSalt, o.DataCommitment));
        AtomicFile.WriteSecretText(F("model.secret.json"), TrainingFiles.ModelSecretJson(o.ModelSalt, o.ModelCommitment));
        AtomicFile.WriteAllText(F("commitment.json"), o.DataCommitment.ToJson());
        AtomicFile.WriteAllText(F("config.json"), TrainingFiles.ConfigJson(o));
        AtomicFile.WriteAllText(F("model.json"), TrainingFiles.ModelJson(o));
        AtomicFile.Write(F("circuit.r1cs"), s => R1csFile.Write(o.Circuit.System, s));
        AtomicFile.Write(F("circuit.zkey"), s => ZkeyFile.Write(o.ProvingKey, s));
        AtomicFile.WriteAllText(F("verification_key.json"), SnarkjsJson.WriteVerificationKey(o.ProvingKey.VerificationKey));
        AtomicFile.Write(F("witness.wtns"), s => WtnsFile.Write(o.Witness, s));
        AtomicFile.WriteAllText(F("proof.json"), SnarkjsJson.WriteProof(o.Proof));
        AtomicFile.WriteAllText(F("public.json"), SnarkjsJson.WritePublic(o.PublicSignals));
    }

    // ---------- verify-training ----------

    private static Command VerifyTrainingCommand()
    {
        var dir = new Argument<string>("dir") { Description = "folder written by `zkchain train`" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var cmd = new Command("verify-training", "Check a training proof and that its public inputs match commitment.json, config.json and model.json");
        cmd.Arguments.Add(dir);
        cmd.Options.Add(json);
        cmd.SetHandler(parse =>
        {
            var d = parse.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new CliException($"training folder '{d}' does not exist");
            var checks = TrainingFiles.Verify(d);
            var ok = checks.All(c => c.Ok != false);
            var dev = false;
            var cfgPath = Path.Combine(d, "config.json");
            try { dev = System.Text.Json.JsonDocument.Parse(File.ReadAllText(cfgPath)).RootElement.GetProperty("developmentSetup").GetBoolean(); }
            catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException) { dev = true; }
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonOut.Serialize(new { valid = ok, developmentSetup = dev, checks = checks.Select(c => new { name = c.Name, ok = c.Ok, detail = c.Detail }) }));
            }
            else
            {
                Table.PrintGrid(["check", "result", "detail"], checks.Select(c => (IReadOnlyList<string>)[c.Name, c.Ok switch { true => "ok", false => "FAILED", null => "skipped" }, c.Detail]));
                Console.WriteLine(ok ? "VALID" : "INVALID");
            }
            if (dev) Console.Error.WriteLine("warning: DEVELOPMENT ONLY: this proof's setup was single-party; its maker could forge proofs.");
            return ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return cmd;
    }
}
