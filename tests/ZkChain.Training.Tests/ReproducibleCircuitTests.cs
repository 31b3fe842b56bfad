using System.Numerics;
using System.Text.Json.Nodes;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.R1cs;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Pipeline;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

/// <summary>One tiny `zkchain train` run per family (8 rows, d = 2, 1 epoch), shared by the tests.</summary>
public sealed class TinyTrainingRuns
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private readonly Dictionary<(ModelFamily, RowOrder), TrainingOutput> _runs = [];

    public TrainingOutput Get(ModelFamily family, RowOrder rowOrder = RowOrder.Shuffled)
    {
        lock (_runs)
        {
            if (_runs.TryGetValue((family, rowOrder), out var o)) return o;
            var (csv, target) = family switch
            {
                ModelFamily.Softmax => (Csv(8, (x0, x1, i) => (i % 3).ToString()), "label"),
                ModelFamily.Linear => (Csv(8, (x0, x1, _) => (2 * x0 - x1 + 0.5).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)), "label"),
                _ => (TestData.SmallBinaryCsv(8, 2), "label"),
            };
            var data = TestData.FromCsv(csv, target);
            var options = new TrainingOptions(family, 1, 3, 0.5, L2: family == ModelFamily.Linear ? 0.01 : 0, TestSplit: 0.25, Seed: 5,
                Normalization: family == ModelFamily.Softmax ? NormalizationKind.MinMax : NormalizationKind.ZScore, RowOrder: rowOrder);
            // Logistic goes through the real pipeline (keys and proof included); the other families only need what
            // config.json and circuit.r1cs are written from, so they skip the setup and the proof (minutes under load).
            o = family == ModelFamily.Logistic && rowOrder == RowOrder.Shuffled ? TrainingPipeline.Run(data, options, Publisher, null, null) : WithoutKeys(data, options);
            _runs[(family, rowOrder)] = o;
            return o;
        }
    }

    /// <summary>The pipeline's spec, circuit and commitments, without a setup: ProvingKey and Proof stay unset.</summary>
    private static TrainingOutput WithoutKeys(Dataset data, TrainingOptions options)
    {
        var spec = TrainingSpec.Create(data, options);
        var model = FixedPointTrainer.Train(data, spec);
        var salt = DataCommitment.NewSalt();
        var modelSalt = DataCommitment.NewSalt();
        return new TrainingOutput
        {
            Spec = spec, Data = data, Model = model, FloatModel = FloatTrainer.Train(data, spec),
            FixedTrainScore = double.NaN, FixedTestScore = double.NaN, FloatTrainScore = double.NaN, FloatTestScore = double.NaN,
            DataCommitment = DataCommitment.Create(data, salt), DataSalt = salt, ModelSalt = modelSalt,
            ModelCommitment = ModelCommitment.Compute(model, modelSalt), ConfigHash = ConfigHash.Compute(spec),
            Publisher = Circuits.TrainingCircuit.PublisherToField(Publisher), PublisherHex = Publisher,
            Circuit = CircuitCompiler.Compile(new Circuits.TrainingCircuit(spec)), Witness = [],
            ProvingKey = null!, Proof = null!, PublicSignals = [],
            DevelopmentSetup = true, SetupDescription = "none (test)",
            TrainTime = default, CompileTime = default, SetupTime = default, ProveTime = default, Verified = false,
        };
    }

    private static string Csv(int rows, Func<double, double, int, string> label)
    {
        var rng = new Random(17);
        var sb = new System.Text.StringBuilder("f0,f1," + "label\n");
        for (var i = 0; i < rows; i++)
        {
            var x0 = Math.Round(rng.NextDouble() * 6 - 2, 3);
            var x1 = Math.Round(rng.NextDouble() * 4 - 1, 3);
            sb.AppendLine(FormattableString.Invariant($"{x0},{x1},{label(x0, x1, i)}"));
        }
        return sb.ToString();
    }
}

public class ReproducibleCircuitTests(TinyTrainingRuns runs) : IClassFixture<TinyTrainingRuns>
{
    private static JsonObject Config(TrainingOutput o) => JsonNode.Parse(TrainingFiles.ConfigJson(o))!.AsObject();

    private static byte[] TrainWrittenR1cs(TrainingOutput o)
    {
        // Exactly what `zkchain train` writes as circuit.r1cs.
        using var ms = new MemoryStream();
        R1csFile.Write(o.Circuit.System, ms);
        return ms.ToArray();
    }

    /// <summary>Changes the learning rate in the encoding and the named field, and rehashes: a valid config of another run.</summary>
    private static JsonObject WithLrQ(JsonObject config, BigInteger lrQ)
    {
        var c = config.DeepClone().AsObject();
        var enc = c["configHashEncoding"]!.AsArray();
        enc[15] = lrQ.ToString();
        c["learningRate"] = (double)lrQ / Math.Pow(2, TrainingSpec.LrBits);
        var values = enc.Select(v => Fr.FromBigInteger(BigInteger.Parse(v!.GetValue<string>()))).ToArray();
        c["configHash"] = PoseidonChain.Hash(values).ToString();
        return c;
    }

    [Theory]
    [InlineData(ModelFamily.Logistic, RowOrder.Shuffled)]
    [InlineData(ModelFamily.Linear, RowOrder.Shuffled)]
    [InlineData(ModelFamily.Softmax, RowOrder.Shuffled)]
    [InlineData(ModelFamily.Logistic, RowOrder.Committed)]
    public void Rebuilt_circuit_equals_the_trained_one_byte_for_byte(ModelFamily family, RowOrder rowOrder)
    {
        var o = runs.Get(family, rowOrder);
        var config = Config(o);
        var a = ReproducibleCircuit.Build(config);
        var b = ReproducibleCircuit.Build(Config(o));
        Assert.Equal(a.R1cs, b.R1cs);
        Assert.Equal(TrainWrittenR1cs(o), a.R1cs);
        Assert.Equal(ReproducibleCircuit.Keccak256(TrainWrittenR1cs(o)), a.R1csKeccak256);
        Assert.Equal(o.ConfigHash, a.ConfigHash);
        Assert.Equal(o.Circuit.NConstraints, a.Constraints);
        Assert.Equal(o.Circuit.System.NWires, a.Wires);

        // The rebuilt spec carries every integer (and the derived orders) of the trained one.
        var s = a.Spec!;
        Assert.Equal(o.Spec.TrainRows, s.TrainRows);
        Assert.Equal(o.Spec.TestRows, s.TestRows);
        Assert.Equal(o.Spec.EpochOrders.Length, s.EpochOrders.Length);
        for (var e = 0; e < s.EpochOrders.Length; e++) Assert.Equal(o.Spec.EpochOrders[e], s.EpochOrders[e]);
        Assert.Equal(ConfigHash.Encoding(o.Spec), ConfigHash.Encoding(s));
        Assert.Equal(rowOrder, s.RowOrder);
        Assert.Equal("custom", Config(o)["circuit"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void A_reserialised_config_from_a_file_gives_the_same_bytes()
    {
        var o = runs.Get(ModelFamily.Logistic);
        // Compact, properties in reverse order, numbers as JSON integers where they fit: the same config to a reader.
        var config = Config(o);
        var reordered = new JsonObject();
        foreach (var (k, v) in config.Reverse().ToList()) reordered[k] = v?.DeepClone();
        var enc = reordered["configHashEncoding"]!.AsArray();
        for (var i = 0; i < 6; i++) enc[i] = JsonValue.Create(long.Parse(enc[i]!.GetValue<string>()));
        var dir = Directory.CreateTempSubdirectory("zkchain-repro-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.json");
            File.WriteAllText(path, reordered.ToJsonString());
            var fromFile = ReproducibleCircuit.BuildFromFile(path);
            Assert.Equal(TrainWrittenR1cs(o), fromFile.R1cs);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_changed_learning_rate_gives_another_circuit()
    {
        var o = runs.Get(ModelFamily.Logistic);
        var baseline = ReproducibleCircuit.Build(Config(o));
        var changed = ReproducibleCircuit.Build(WithLrQ(Config(o), o.Spec.LrQ + 1));
        Assert.Equal(o.Spec.LrQ + 1, changed.Spec!.LrQ);
        Assert.NotEqual(baseline.ConfigHash, changed.ConfigHash);
        Assert.NotEqual(baseline.R1csKeccak256, changed.R1csKeccak256);
        Assert.Equal(baseline.Constraints, changed.Constraints); // same shape, different constants
    }

    [Fact]
    public void An_encoding_that_does_not_hash_to_configHash_is_a_clear_error()
    {
        var o = runs.Get(ModelFamily.Logistic);
        var c = Config(o);
        c["configHashEncoding"]!.AsArray()[15] = (o.Spec.LrQ + 1).ToString();
        c["learningRate"] = (double)(o.Spec.LrQ + 1) / Math.Pow(2, TrainingSpec.LrBits);
        var e = Assert.Throws<InvalidDataException>(() => ReproducibleCircuit.Build(c, "x/config.json"));
        Assert.Contains("x/config.json: configHash", e.Message);
        Assert.Contains("edited after it was hashed", e.Message);
    }

    [Theory]
    [InlineData("nRows", "nRows")]
    [InlineData("learningRate", "learningRate")]
    [InlineData("family", "family")]
    [InlineData("offsetQ", "normalization.offsetQ")]
    public void A_named_field_that_disagrees_with_the_encoding_is_named(string what, string expectedField)
    {
        var c = Config(runs.Get(ModelFamily.Logistic));
        switch (what)
        {
            case "nRows": c["nRows"] = c["nRows"]!.GetValue<int>() + 1; break;
            case "learningRate": c["learningRate"] = 0.25; break;
            case "family": c["family"] = "linear"; break;
            case "offsetQ": c["normalization"]!["offsetQ"]!.AsArray()[0] = "1"; break;
        }
        var e = Assert.Throws<InvalidDataException>(() => ReproducibleCircuit.Build(c));
        Assert.StartsWith($"config.json: {expectedField}: disagrees", e.Message);
    }

    [Theory]
    [InlineData("missing-encoding", "configHashEncoding: missing")]
    [InlineData("tag", "configHashEncoding[0] (tag)")]
    [InlineData("short", "configHashEncoding: ")]
    [InlineData("epochs", "configHashEncoding[9] (epochs): must be between 1 and 10000")]
    [InlineData("batch", "configHashEncoding[10] (batchSize)")]
    [InlineData("text", "configHashEncoding[3]: must be a decimal integer")]
    [InlineData("version", "version: this config has version 7")]
    [InlineData("hash", "configHash")]
    [InlineData("kind", "circuit.kind")]
    public void Malformed_configs_name_the_field(string mutation, string expected)
    {
        var c = Config(runs.Get(ModelFamily.Logistic));
        var enc = c["configHashEncoding"]!.AsArray();
        switch (mutation)
        {
            case "missing-encoding": c.Remove("configHashEncoding"); break;
            case "tag": enc[0] = "1"; break;
            case "short": enc.RemoveAt(enc.Count - 1); break;
            case "epochs": enc[9] = "0"; break;
            case "batch": enc[10] = "1000"; break;
            case "text": enc[3] = "two"; break;
            case "version": c["version"] = 7; break;
            case "hash": c["configHash"] = "not a number"; break;
            case "kind": c["circuit"] = new JsonObject { ["kind"] = "mystery" }; break;
        }
        var e = Assert.Throws<InvalidDataException>(() => ReproducibleCircuit.Build(c));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_catalog_config_rebuilds_its_catalog_circuit_byte_identically_and_never_falls_back_to_the_training_circuit()
    {
        var data = TestData.FromCsv(TestData.SmallBinaryCsv(7, 2, seed: 3), "label");
        var run = TrainingPipeline.Run(data, new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, TestSplit: 0.3),
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", null, null, circuit: CircuitMode.Catalog);
        var c = JsonNode.Parse(TrainingFiles.ConfigJson(run))!.AsObject();
        var built = ReproducibleCircuit.Build(c);
        Assert.Equal("catalog", built.Kind);
        Assert.Null(built.Spec);
        using (var ms = new MemoryStream())
        {
            R1csFile.Write(run.Circuit.System, ms);
            Assert.Equal(ms.ToArray(), built.R1cs);
        }
        Assert.Equal(run.ConfigHash, built.ConfigHash);

        // An unknown catalog name, an encoding whose shape is not the entry's, or an edited encoding: clear errors.
        var unknown = c.DeepClone().AsObject();
        unknown["circuit"] = new JsonObject { ["kind"] = "catalog", ["name"] = "logistic-test" };
        Assert.Contains("not in this version's catalog", Assert.Throws<InvalidDataException>(() => ReproducibleCircuit.Build(unknown)).Message);
        var reshaped = c.DeepClone().AsObject();
        reshaped["configHashEncoding"]![3] = "3";
        Assert.Contains("shape", Assert.Throws<InvalidDataException>(() => ReproducibleCircuit.Build(reshaped)).Message);
        var edited = c.DeepClone().AsObject();
        edited["configHashEncoding"]![ConfigHash.V2RowsIndex + 2] = "1"; // lrQ
        Assert.Contains("configHash", Assert.Throws<InvalidDataException>(() => ReproducibleCircuit.Build(edited)).Message);
    }
}
