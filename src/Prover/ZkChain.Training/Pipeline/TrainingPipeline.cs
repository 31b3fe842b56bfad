using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Groth16;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.Training.Catalog;
using ZkChain.Training.Circuits;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Training;

namespace ZkChain.Training.Pipeline;

/// <summary>Everything one `zkchain train` run produces (files are written by the caller).</summary>
public sealed class TrainingOutput
{
    public required TrainingSpec Spec { get; init; }
    public required Dataset Data { get; init; }
    public required FixedModel<BigInteger> Model { get; init; }
    public required FloatTrainer.Model FloatModel { get; init; }
    public required double FixedTrainScore { get; init; }
    public required double FixedTestScore { get; init; }
    public required double FloatTrainScore { get; init; }
    public required double FloatTestScore { get; init; }
    public required DataCommitment DataCommitment { get; init; }
    public required Fr DataSalt { get; init; }
    public required Fr ModelSalt { get; init; }
    public required Fr ModelCommitment { get; init; }
    public required Fr ConfigHash { get; init; }
    public required Fr Publisher { get; init; }
    public required string PublisherHex { get; init; }
    public required CompiledCircuit Circuit { get; init; }
    public required Fr[] Witness { get; init; }
    public required ProvingKey ProvingKey { get; init; }
    public required Proof Proof { get; init; }
    public required Fr[] PublicSignals { get; init; }
    public required bool DevelopmentSetup { get; init; }
    public required string SetupDescription { get; init; }
    public required TimeSpan TrainTime { get; init; }
    public required TimeSpan CompileTime { get; init; }
    public required TimeSpan SetupTime { get; init; }
    public required TimeSpan ProveTime { get; init; }
    public required bool Verified { get; init; }
    /// <summary>The catalog circuit used, or null for a custom circuit.</summary>
    public CatalogEntry? CatalogEntry { get; init; }
    /// <summary>The catalog circuit's dataset-dependent inputs (null for a custom circuit).</summary>
    public CatalogValues? CatalogValues { get; init; }
    /// <summary>Which circuit was used and why.</summary>
    public string CircuitNote { get; init; } = "";
    /// <summary>Things the user should read (stderr): automatic feature padding, or why a catalog circuit could not be used.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The config hash encoding: version 1 for custom circuits, version 2 for catalog circuits.</summary>
    public IReadOnlyList<BigInteger> ConfigEncoding => CatalogEntry == null ? Training.ConfigHash.Encoding(Spec) : CatalogValues!.Encoding(CatalogEntry);

    public string MetricName => Spec.Family == ModelFamily.Linear ? "R²" : "accuracy";
}

/// <summary>Which training circuit `zkchain train` builds.</summary>
public enum CircuitMode { Auto, Catalog, Custom }

/// <summary>
/// The circuit a run uses: the dataset as committed (with padding columns when the choice pads it), the spec trained on
/// it, the catalog entry and its input values (null for a custom circuit), a sentence saying which circuit and why, and
/// an optional notice for stderr.
/// </summary>
public sealed record CircuitChoice(TrainingSpec Spec, CatalogEntry? Entry, CatalogValues? Values, string Note)
{
    public required Dataset Data { get; init; }
    public string? Notice { get; init; }
}

public static class TrainingPipeline
{
    /// <param name="ptau">A prepared (phase 2) powers of tau, or null to make a local single-party one (DEVELOPMENT ONLY).</param>
    /// <param name="dataSalt">The salt of an existing data commitment (data.secret.json), or null for a fresh one.</param>
    /// <param name="zkey">
    /// An existing proving key for this circuit (from a ceremony, or an earlier run with the same config) to use instead of a
    /// local setup; it must carry exactly the compiled circuit's constraint coefficients. With it, <paramref name="ptau"/>
    /// (when given) only serves to assess the setup's provenance.
    /// </param>
    /// <param name="circuit">Custom (a circuit for exactly this dataset), Catalog (a shipped padded circuit; error when none
    /// fits) or Auto (the catalog when an entry fits, otherwise custom).</param>
    /// <param name="catalogEntry">A catalog entry by name (implies Catalog).</param>
    /// <param name="dataSecretPath">Where <paramref name="dataSalt"/> came from, for the re-commit command messages suggest.</param>
    /// <remarks>
    /// Without <paramref name="dataSalt"/> the data is committed here, so a catalog entry with more features can be used by
    /// committing the rows with constant-zero padding columns (<see cref="Dataset.WithPadding"/>); the output's Data is then
    /// the padded dataset. With a salt the commitment's column count is fixed: pass the dataset padded as it was committed.
    /// </remarks>
    public static TrainingOutput Run(Dataset data, TrainingOptions options, string publisher, PowersOfTauData? ptau, Fr? dataSalt,
        IProgress<(string Stage, double Fraction)>? progress = null, ProvingKey? zkey = null,
        CircuitMode circuit = CircuitMode.Custom, string? catalogEntry = null, string? dataSecretPath = null)
    {
        var publisherField = TrainingCircuit.PublisherToField(publisher);
        var choice = ChooseCircuit(data, options, circuit, catalogEntry, canPad: dataSalt == null, dataSecretPath);
        var (spec, entry, values, note) = choice;
        data = choice.Data;
        var clock = Stopwatch.StartNew();
        // For a catalog circuit the padded program runs in the circuit; the solve below compares its model with this one.
        var model = FixedPointTrainer.Train(data, spec, progress);
        var floatModel = FloatTrainer.Train(data, spec);
        var trainTime = clock.Elapsed;

        double Fixed(IReadOnlyList<int> rows) => rows.Count == 0 ? double.NaN : Metrics.Score(spec, FixedPointTrainer.Predict(data, spec, model, rows), data, rows);
        double Float(IReadOnlyList<int> rows) => rows.Count == 0 ? double.NaN : Metrics.Score(spec, FloatTrainer.Predict(data, spec, floatModel, rows), data, rows);

        var salt = dataSalt ?? DataCommitment.NewSalt();
        var commitment = DataCommitment.Create(data, salt, progress);
        var modelSalt = DataCommitment.NewSalt();
        var modelCommitment = Training.ModelCommitment.Compute(model, modelSalt);
        var configHash = entry == null ? Training.ConfigHash.Compute(spec) : values!.ComputeConfigHash(entry);

        clock.Restart();
        progress?.Report(("compiling circuit", 0));
        var compiled = CircuitCompiler.Compile(entry == null ? new TrainingCircuit(spec) : new CatalogTrainingCircuit(entry));
        progress?.Report(("compiling circuit", 1));
        progress?.Report(("solving witness", 0));
        Fr[] witness;
        FixedModel<BigInteger> solved;
        if (entry == null)
        {
            var assignment = new TrainingCircuit(spec)
            {
                DataCommitmentValue = commitment.Commitment, ModelCommitmentValue = modelCommitment, ConfigHashValue = configHash,
                PublisherValue = publisherField, DataSalt = salt, ModelSalt = modelSalt, Rows = data.Quantized,
            };
            witness = CircuitSolver.Solve(compiled, assignment);
            solved = assignment.SolvedModel!;
        }
        else
        {
            var assignment = new CatalogTrainingCircuit(entry)
            {
                DataCommitmentValue = commitment.Commitment, ModelCommitmentValue = modelCommitment, ConfigHashValue = configHash,
                PublisherValue = publisherField, DataSalt = salt, ModelSalt = modelSalt, Values = values, Rows = data.Quantized,
            };
            witness = CircuitSolver.Solve(compiled, assignment);
            solved = assignment.SolvedModel!;
        }
        progress?.Report(("solving witness", 1));
        var check = WitnessChecker.Check(compiled.System, witness);
        if (!check.IsSatisfied) throw new InvalidOperationException("internal error: the training witness does not satisfy the circuit: " + check.Reason);
        if (!SameModel(model, solved)) throw new InvalidOperationException("internal error: the circuit's training differs from the native trainer");
        var compileTime = clock.Elapsed;

        clock.Restart();
        ProvingKey pk;
        bool development;
        string setupDescription;
        if (zkey == null)
        {
            (pk, development, setupDescription) = MakeKeys(compiled.System, ptau, progress);
        }
        else
        {
            try { (pk, development, setupDescription) = UseExistingKey(compiled.System, zkey, ptau); }
            catch (ArgumentException e) when (e.ParamName == "zkey")
            {
                throw new ArgumentException(BareMessage(e) + $". This run uses the {(entry == null ? "custom circuit" : "catalog circuit " + entry.Name)}" +
                    (entry == null ? "; if the key is a catalog circuit's, pass --catalog-entry" : "; if the key is for a custom circuit, pass --circuit custom"), "zkey");
            }
        }
        var setupTime = clock.Elapsed;

        clock.Restart();
        var (proof, publicSignals) = Groth16Prover.Prove(pk, witness, progress);
        var proveTime = clock.Elapsed;
        var verified = Groth16Verifier.Verify(pk.VerificationKey, publicSignals.Select(p => p.ToBigInteger()).ToArray(), proof).IsValid;
        // The zkey carries only the A and B matrices; a key whose C matrix or IC belong to another circuit shows up here.
        if (zkey != null && !verified)
            throw new ArgumentException("--zkey: a proof made with this proving key does not verify under its own verification key, so the key is not for this circuit", "zkey");

        return new TrainingOutput
        {
            Spec = spec, Data = data, Model = model, FloatModel = floatModel,
            FixedTrainScore = Fixed(spec.TrainRows), FixedTestScore = Fixed(spec.TestRows),
            FloatTrainScore = Float(spec.TrainRows), FloatTestScore = Float(spec.TestRows),
            DataCommitment = commitment, DataSalt = salt, ModelSalt = modelSalt, ModelCommitment = modelCommitment,
            ConfigHash = configHash, Publisher = publisherField, PublisherHex = publisher.Trim(),
            Circuit = compiled, Witness = witness, ProvingKey = pk, Proof = proof, PublicSignals = publicSignals,
            DevelopmentSetup = development, SetupDescription = setupDescription,
            TrainTime = trainTime, CompileTime = compileTime, SetupTime = setupTime, ProveTime = proveTime, Verified = verified,
            CatalogEntry = entry, CatalogValues = values, CircuitNote = note,
            Notices = choice.Notice == null ? [] : [choice.Notice],
        };
    }

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" suffix .NET appends.</summary>
    public static string BareMessage(ArgumentException e) =>
        e.ParamName == null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    private static bool SameModel(FixedModel<BigInteger> a, FixedModel<BigInteger> b) =>
        a.W.Length == b.W.Length && a.B.SequenceEqual(b.B) && a.W.Zip(b.W).All(p => p.First.SequenceEqual(p.Second));

    /// <summary>
    /// Picks the circuit: the spec to train with, the catalog entry and its input values (null for a custom circuit), and a
    /// sentence saying which circuit and why. Catalog circuits train in committed order with a tail test split. When no
    /// entry has the data's feature count but one with more features fits every other way, the data is padded with
    /// constant-zero columns to that entry's d (only when <paramref name="canPad"/>: the data is committed in this run);
    /// otherwise Catalog mode fails and Auto falls back to a custom circuit, both saying which `data commit --pad-features`
    /// command would make the catalog usable.
    /// </summary>
    /// <param name="canPad">False when the data commitment already exists (--data-secret): its column count is fixed.</param>
    /// <param name="dataSecretPath">The existing commitment's secret file, to name a folder in the suggested command.</param>
    public static CircuitChoice ChooseCircuit(Dataset data, TrainingOptions options, CircuitMode mode, string? catalogEntry = null,
        bool canPad = true, string? dataSecretPath = null)
    {
        const string semantics = "rows train in committed order every epoch and the last rows form the test set (tail split); the seed is unused";
        var committedOptions = options with { RowOrder = RowOrder.Committed };
        if (catalogEntry != null)
        {
            var named = CircuitCatalog.Find(catalogEntry) ?? throw new ArgumentException(
                $"--catalog-entry: no catalog entry named '{catalogEntry}' (known: {string.Join(", ", CircuitCatalog.Entries.Select(e => e.Name))})", "catalog-entry");
            var namedData = data;
            string? padding = null;
            if (named.Family == options.Family && named.D > data.D)
            {
                if (!canPad)
                    throw new ArgumentException($"--catalog-entry: {named.Name} takes {named.D} features, but the commitment of --data-secret has {data.D} feature columns. " +
                        RecommitAdvice(data, named.D, dataSecretPath), "catalog-entry");
                namedData = data.WithPadding(named.D);
                padding = PaddingSentence(namedData);
            }
            var spec = TrainingSpec.Create(namedData, committedOptions);
            if (named.Misfit(spec) is { } why) throw new ArgumentException($"--catalog-entry: the data and options do not fit {named.Name}: {why}", "catalog-entry");
            return new CircuitChoice(spec, named, CatalogValues.FromSpec(named, spec), $"catalog circuit {named.Name} (chosen by --catalog-entry){(padding == null ? "" : "; " + padding)}; {semantics}")
            {
                Data = namedData, Notice = padding == null ? null : $"note: {padding}",
            };
        }
        if (mode == CircuitMode.Custom)
            return new CircuitChoice(TrainingSpec.Create(data, options), null, null, "custom circuit for this dataset and configuration (--circuit custom)") { Data = data };

        var committed = TrainingSpec.Create(data, committedOptions);
        var fit = CircuitCatalog.BestFit(committed);
        string? refusal = null;
        if (fit != null)
        {
            try
            {
                var values = CatalogValues.FromSpec(fit, committed);
                return new CircuitChoice(committed, fit, values, $"catalog circuit {fit.Name}: it fits (n = {committed.NRows} ≤ {fit.MaxRows} rows), so one shared setup serves it; {semantics}") { Data = data };
            }
            catch (ArgumentException e) when (mode == CircuitMode.Auto)
            {
                refusal = $"catalog entry {fit.Name} has the shape but refuses a value: {e.Message}";
            }
        }
        string? notice = null;
        if (fit == null && PaddedFit(data, committedOptions) is { } padded)
        {
            if (canPad)
            {
                var sentence = PaddingSentence(padded.Data);
                return new CircuitChoice(padded.Spec, padded.Entry, padded.Values,
                    $"catalog circuit {padded.Entry.Name}: {sentence}; it fits (n = {padded.Spec.NRows} ≤ {padded.Entry.MaxRows} rows), so one shared setup serves it; {semantics}")
                { Data = padded.Data, Notice = $"note: {sentence}" };
            }
            var advice = $"catalog entry {padded.Entry.Name} would fit with the data padded to {padded.Entry.D} features, but the commitment of --data-secret " +
                $"has {data.D} feature columns and cannot change. " + RecommitAdvice(data, padded.Entry.D, dataSecretPath);
            if (mode == CircuitMode.Catalog) throw new ArgumentException("--circuit catalog: " + advice, "data-secret");
            refusal = advice;
            notice = "note: using a custom circuit: " + advice;
        }
        if (mode == CircuitMode.Catalog)
        {
            var close = CircuitCatalog.Close(committed).Take(5).Select(c => $"{c.Entry.Name} ({c.Misfit ?? "fits"})").ToList();
            throw new ArgumentException(
                $"--circuit catalog: no catalog entry fits {TrainingSpec.FamilyName(committed.Family)} with {committed.D} features, {committed.Classes} classes, " +
                $"{committed.NRows} rows, {committed.Epochs} epochs, batch {committed.BatchSize}, {committed.FracBits} fractional bits" +
                (close.Count == 0 ? " (the catalog has no entry of this family)" : "; closest: " + string.Join("; ", close)) +
                ". Use --circuit custom (or auto) for a circuit made for this dataset.", "circuit");
        }
        return new CircuitChoice(TrainingSpec.Create(data, options), null, null,
            "custom circuit for this dataset: " + (refusal ?? "no catalog entry has this family, shape, epochs, batch and fixed-point format with enough rows"))
        { Data = data, Notice = notice };
    }

    /// <summary>
    /// The smallest catalog entry with more features than the data that fits it once padded (fewest features, then fewest
    /// row slots), with the padded data, its spec and the entry's values; null when none.
    /// </summary>
    private static (CatalogEntry Entry, Dataset Data, TrainingSpec Spec, CatalogValues Values)? PaddedFit(Dataset data, TrainingOptions committedOptions)
    {
        foreach (var e in CircuitCatalog.Entries.Where(e => e.Family == committedOptions.Family && e.D > data.D).OrderBy(e => e.D).ThenBy(e => e.MaxRows))
        {
            var padded = data.WithPadding(e.D);
            var spec = TrainingSpec.Create(padded, committedOptions);
            if (e.Misfit(spec) != null) continue;
            try { return (e, padded, spec, CatalogValues.FromSpec(e, spec)); }
            catch (ArgumentException) { } // a value out of the circuit's range: try the next entry
        }
        return null;
    }

    private static string PaddingSentence(Dataset padded) =>
        $"the data has {padded.RealFeatures} feature(s) and the circuit takes {padded.D}, so it is committed with {padded.PaddingFeatures} constant-zero padding " +
        $"column(s) ({string.Join(", ", padded.PaddingNames)}) after the real ones; their weights are exactly 0 (commitment.json, config.json and model.json list them)";

    /// <summary>The exact command that commits this data padded to d features, and how to use it.</summary>
    private static string RecommitAdvice(Dataset data, int d, string? dataSecretPath)
    {
        var folder = dataSecretPath == null ? "<folder>" : Path.GetDirectoryName(Path.GetFullPath(dataSecretPath)) + $"-pad{d}";
        return $"Commit the data with padding: `zkchain data commit {data.Source} --target {data.Target} --pad-features {d} --out {folder}`, " +
            $"then train with --data-secret {Path.Combine(folder, "data.secret.json")}";
    }

    /// <summary>
    /// The Groth16 keys of a training circuit. The circuit-specific (phase-2) key always comes from one local
    /// contribution, so every output that uses it says DEVELOPMENT ONLY (Development = true).
    /// </summary>
    /// <param name="ptau">A prepared (phase 2) powers of tau, or null to make a local single-party one.</param>
    public static (ProvingKey Key, bool Development, string Description) MakeKeys(ConstraintSystem system, PowersOfTauData? ptau,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        const bool development = true;
        var needed = Math.Max(1, Groth16Setup.DomainLog2(system));
        if (ptau == null)
        {
            // Known trapdoor: tau, alpha, beta, delta drawn here, every key point made as a fixed-base multiple of a
            // scalar computed in Fr, then erased. Minutes instead of hours for large circuits, and the same key that a
            // single-party ptau + setup + one local contribution would give: DEVELOPMENT ONLY either way.
            var devKey = DevelopmentSetup.Create(system, progress);
            return (devKey, development, $"single-party development setup (2^{needed} domain, tau/alpha/beta/delta drawn and erased in this process): DEVELOPMENT ONLY, whoever ran this setup could forge proofs");
        }
        if (!ptau.IsPreparedForPhase2) throw new ArgumentException("--ptau: the powers of tau file is not prepared for phase 2 (run `zkchain powersoftau prepare phase2` first)", "ptau");
        if (ptau.Power < needed) throw new ArgumentException($"--ptau: the circuit needs a powers of tau of at least 2^{needed}; this one is 2^{ptau.Power}", "ptau");
        var setupDescription = $"powers of tau with {ptau.Contributions.Count} contribution(s); circuit key from a single local phase-2 contribution: DEVELOPMENT ONLY until independent `zkey contribute` rounds";
        var pk0 = Groth16Setup.Setup(system, ptau, progress);
        var (pk, _) = ZkeyContributor.Contribute(pk0, "zkchain local development zkey", RandomNumberGenerator.GetBytes(64), progress);
        return (pk, development, setupDescription);
    }

    /// <summary>
    /// Uses an existing proving key (a ceremony's final zkey, or one from an earlier run of the same config) for
    /// <paramref name="system"/>. Refuses it unless its header and its A/B coefficient section equal the compiled
    /// circuit's (the zkey holds no C matrix; a wrong one makes the proof fail to verify, which the caller checks).
    /// Whether the keys are development-only comes from the zkey's (and, when given, the ptau's) transcript.
    /// </summary>
    public static (ProvingKey Key, bool Development, string Description) UseExistingKey(ConstraintSystem system, ProvingKey zkey, PowersOfTauData? ptau = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(zkey);
        if (ZkeyCircuitMatch.Mismatch(system, zkey) is { } why)
            throw new ArgumentException($"--zkey: the proving key is for another circuit or another configuration: {why}", "zkey");
        var report = SetupProvenance.Assess(zkey, ptau);
        var description = "existing zkey (" + zkey.Mpc.Contributions.Count + " phase-2 contribution(s)): " + report.Summary;
        return (zkey, report.IsDevelopmentOnly, description);
    }
}
