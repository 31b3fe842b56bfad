using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Groth16;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
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

    public string MetricName => Spec.Family == ModelFamily.Linear ? "R²" : "accuracy";
}

public static class TrainingPipeline
{
    /// <param name="ptau">A prepared (phase 2) powers of tau, or null to make a local single-party one (DEVELOPMENT ONLY).</param>
    /// <param name="dataSalt">The salt of an existing data commitment (data.secret.json), or null for a fresh one.</param>
    public static TrainingOutput Run(Dataset data, TrainingOptions options, string publisher, PowersOfTauData? ptau, Fr? dataSalt,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var publisherField = TrainingCircuit.PublisherToField(publisher);
        var spec = TrainingSpec.Create(data, options);
        var clock = Stopwatch.StartNew();
        var model = FixedPointTrainer.Train(data, spec, progress);
        var floatModel = FloatTrainer.Train(data, spec);
        var trainTime = clock.Elapsed;

        double Fixed(IReadOnlyList<int> rows) => rows.Count == 0 ? double.NaN : Metrics.Score(spec, FixedPointTrainer.Predict(data, spec, model, rows), data, rows);
        double Float(IReadOnlyList<int> rows) => rows.Count == 0 ? double.NaN : Metrics.Score(spec, FloatTrainer.Predict(data, spec, floatModel, rows), data, rows);

        var salt = dataSalt ?? DataCommitment.NewSalt();
        var commitment = DataCommitment.Create(data, salt, progress);
        var modelSalt = DataCommitment.NewSalt();
        var modelCommitment = Training.ModelCommitment.Compute(model, modelSalt);
        var configHash = Training.ConfigHash.Compute(spec);

        clock.Restart();
        progress?.Report(("compiling circuit", 0));
        var compiled = CircuitCompiler.Compile(new TrainingCircuit(spec));
        progress?.Report(("compiling circuit", 1));
        progress?.Report(("solving witness", 0));
        var assignment = new TrainingCircuit(spec)
        {
            DataCommitmentValue = commitment.Commitment,
            ModelCommitmentValue = modelCommitment,
            ConfigHashValue = configHash,
            PublisherValue = publisherField,
            DataSalt = salt,
            ModelSalt = modelSalt,
            Rows = data.Quantized,
        };
        var witness = CircuitSolver.Solve(compiled, assignment);
        progress?.Report(("solving witness", 1));
        var check = WitnessChecker.Check(compiled.System, witness);
        if (!check.IsSatisfied) throw new InvalidOperationException("internal error: the training witness does not satisfy the circuit: " + check.Reason);
        var solved = assignment.SolvedModel!;
        for (var k = 0; k < model.W.Length; k++)
        {
            if (!solved.W[k].SequenceEqual(model.W[k]) || solved.B[k] != model.B[k])
                throw new InvalidOperationException("internal error: the circuit's training differs from the native trainer");
        }
        var compileTime = clock.Elapsed;

        clock.Restart();
        var (pk, development, setupDescription) = MakeKeys(compiled.System, ptau, progress);
        var setupTime = clock.Elapsed;

        clock.Restart();
        var (proof, publicSignals) = Groth16Prover.Prove(pk, witness, progress);
        var proveTime = clock.Elapsed;
        var verified = Groth16Verifier.Verify(pk.VerificationKey, publicSignals.Select(p => p.ToBigInteger()).ToArray(), proof).IsValid;

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
        };
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
        string setupDescription;
        if (ptau == null)
        {
            // Fixed-base from a tau drawn and forgotten here: seconds, where new + contribute + prepare phase2 takes minutes.
            // One power more than the domain: above 2^14 points, snarkjs's circuit hash reads tau powers up to 2n - 1.
            ptau = LocalPowersOfTau.CreatePrepared(needed + 1, progress);
            setupDescription = $"local single-party powers of tau (2^{needed}) and single-party circuit key: DEVELOPMENT ONLY, whoever ran this setup could forge proofs";
        }
        else
        {
            if (!ptau.IsPreparedForPhase2) throw new ArgumentException("--ptau: the powers of tau file is not prepared for phase 2 (run `zkchain powersoftau prepare phase2` first)", "ptau");
            if (ptau.Power < needed) throw new ArgumentException($"--ptau: the circuit needs a powers of tau of at least 2^{needed}; this one is 2^{ptau.Power}", "ptau");
            setupDescription = $"powers of tau with {ptau.Contributions.Count} contribution(s); circuit key from a single local phase-2 contribution: DEVELOPMENT ONLY until independent `zkey contribute` rounds";
        }
        var pk0 = Groth16Setup.Setup(system, ptau, progress);
        var (pk, _) = ZkeyContributor.Contribute(pk0, "zkchain local development zkey", RandomNumberGenerator.GetBytes(64), progress);
        return (pk, development, setupDescription);
    }
}
