using System.Numerics;
using System.Text.Json.Nodes;
using ZkChain.Algebra;
using ZkChain.Circuits.Testing;
using ZkChain.TestSupport;
using ZkChain.Training.Catalog;
using ZkChain.Training.Circuits;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Pipeline;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

/// <summary>
/// Datasets with fewer features than a catalog entry: committed with constant-zero padding columns, they train the
/// unpadded model on the real features with padding weights exactly 0; lies about padding fail.
/// </summary>
public class CatalogPaddingTests
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Tiny = "logistic-d2-n8-e1-b4-f16";

    private static void AssertPaddedModel(FixedModel<BigInteger> unpadded, FixedModel<BigInteger> padded, int d, int D)
    {
        Assert.Equal(unpadded.W.Length, padded.W.Length);
        for (var k = 0; k < unpadded.W.Length; k++)
        {
            Assert.Equal(unpadded.W[k], padded.W[k][..d]);
            Assert.Equal(Enumerable.Repeat(BigInteger.Zero, D - d), padded.W[k][d..]);
            Assert.Equal(unpadded.B[k], padded.B[k]);
        }
        Assert.Contains(padded.W.SelectMany(w => w[..d]), w => !w.IsZero);
    }

    [Theory]
    // family, real features d, entry features D, committed rows n, test split, slots N, epochs, batch
    [InlineData(ModelFamily.Logistic, 1, 3, 7, 0.3, 8, 2, 3)]
    [InlineData(ModelFamily.Logistic, 2, 5, 8, 0.25, 16, 1, 4)]
    [InlineData(ModelFamily.Linear, 1, 3, 9, 0.2, 16, 2, 3)]
    [InlineData(ModelFamily.Linear, 3, 4, 6, 0.0, 8, 2, 4)]
    [InlineData(ModelFamily.Softmax, 2, 4, 9, 0.34, 16, 2, 4)]
    [InlineData(ModelFamily.Softmax, 1, 2, 12, 0.25, 16, 1, 3)]
    public void A_padded_catalog_entry_trains_the_unpadded_model_on_the_real_features_and_zero_padding_weights(
        ModelFamily family, int d, int D, int n, double testSplit, int maxRows, int epochs, int batch)
    {
        var data = CatalogCircuitTests.Data(family, n, d);
        var padded = data.WithPadding(D);
        Assert.Equal(D - d, padded.PaddingFeatures);
        Assert.Equal(d, padded.RealFeatures);
        var entry = CatalogCircuitTests.Entry(family, D, maxRows, epochs, batch);
        var spec = CatalogCircuitTests.CommittedSpec(padded, family, epochs, batch, testSplit);
        var values = CatalogValues.FromSpec(entry, spec);
        // The padding columns normalise as zero columns: offset 0, scale 1.
        Assert.All(values.MuQ[d..], mu => Assert.True(mu.IsZero));
        Assert.All(values.ScaleQ[d..], s => Assert.Equal(BigInteger.One << TrainingSpec.ScaleBits, s));
        var catalogModel = CatalogTrainer.Train(entry, values, padded.Quantized);
        var unpadded = FixedPointTrainer.Train(data, CatalogCircuitTests.CommittedSpec(data, family, epochs, batch, testSplit));
        AssertPaddedModel(unpadded, catalogModel, d, D);
    }

    [Theory]
    [InlineData(ModelFamily.Linear)]
    [InlineData(ModelFamily.Softmax)]
    public void Linear_and_softmax_padded_circuits_satisfy_with_the_unpadded_model(ModelFamily family)
    {
        var data = CatalogCircuitTests.Data(family, family == ModelFamily.Softmax ? 6 : 7, 1);
        var c = Padded(data, CatalogCircuitTests.Entry(family, 2, 8, 2, 2), 0.2);
        var a = CatalogCircuitTests.Assign(c);
        CircuitAssert.ProverSucceeded(new CatalogTrainingCircuit(c.Entry), a, internalSample: 16, prove: false);
        var unpadded = FixedPointTrainer.Train(data, CatalogCircuitTests.CommittedSpec(data, family, 2, 2, 0.2));
        AssertPaddedModel(unpadded, a.SolvedModel!, 1, 2);
    }

    private static CatalogCircuitTests.Case Padded(Dataset data, CatalogEntry entry, double testSplit)
    {
        var padded = data.WithPadding(entry.D);
        var spec = CatalogCircuitTests.CommittedSpec(padded, entry.Family, entry.Epochs, entry.BatchSize, testSplit);
        var values = CatalogValues.FromSpec(entry, spec);
        return new CatalogCircuitTests.Case(entry, padded, values, DataCommitment.NewSalt(), DataCommitment.NewSalt(), CatalogTrainer.Train(entry, values, padded.Quantized));
    }

    [Fact]
    public void The_tiny_entry_proves_one_feature_data_padded_and_rejects_padding_lies()
    {
        var data = CatalogCircuitTests.Data(ModelFamily.Logistic, 7, 1);
        var c = Padded(data, CircuitCatalog.Find(Tiny)!, 0.3);
        var circuit = new CatalogTrainingCircuit(c.Entry);
        var honest = CatalogCircuitTests.Assign(c);
        CircuitAssert.ProverSucceeded(circuit, honest, internalSample: 32);
        var unpadded = FixedPointTrainer.Train(data, CatalogCircuitTests.CommittedSpec(data, ModelFamily.Logistic, 1, 4, 0.3));
        AssertPaddedModel(unpadded, honest.SolvedModel!, 1, 2);

        // A model claiming a nonzero weight for the padding column (real weights and bias honest).
        foreach (var lie in new BigInteger[] { 1, -(BigInteger.One << 16) })
        {
            var claimed = new FixedModel<BigInteger>(c.Model.W.Select(w => w.ToArray()).ToArray(), c.Model.B.ToArray());
            claimed.W[0][1] = lie;
            CircuitAssert.ProverFailed(circuit, CatalogCircuitTests.Assign(c, model: claimed));
        }

        // A padding cell that is not zero (training row 1, test row 6), with the model those rows honestly give: the
        // rows no longer open the commitment of the zero-padded data.
        foreach (var row in new[] { 1, 6 })
        {
            var rows = c.Data.Quantized.Select(r => r.ToArray()).ToArray();
            rows[row][1] = BigInteger.One << 20;
            var model = CatalogTrainer.Train(c.Entry, c.Values, rows);
            if (row == 1) Assert.NotEqual(BigInteger.Zero, model.W[0][1]);
            CircuitAssert.ProverFailed(circuit, CatalogCircuitTests.Assign(c, rows: rows, model: model));
        }
    }

    // ---- the commitment ----

    [Fact]
    public void A_padded_commitment_records_its_padding_equals_committing_zero_columns_and_opens_rows()
    {
        var data = TestData.FromCsv("a,b,y\n1.5,2,0\n-3,4.25,1\n0.5,0.5,1\n", "y");
        var padded = data.WithPadding(4);
        Assert.Equal(["a", "b", "_pad1", "_pad2"], padded.Features);
        Assert.Equal(["_pad1", "_pad2"], padded.PaddingNames);
        Assert.Same(padded, padded.WithPadding(4));
        Assert.Equal(data.Features, padded.WithPadding(2).Features); // re-padding starts from the real features
        var salt = DataCommitment.NewSalt();
        var c = DataCommitment.Create(padded, salt);
        Assert.Equal(5, c.Columns);
        // The same as zero columns written into the CSV by hand (the scheme is unchanged; only the file says "padding").
        var manual = TestData.FromCsv("a,b,_pad1,_pad2,y\n1.5,2,0,0,0\n-3,4.25,0,0,1\n0.5,0.5,0,0,1\n", "y");
        Assert.Equal(DataCommitment.Create(manual, salt).Commitment, c.Commitment);
        Assert.NotEqual(DataCommitment.Create(data, salt).Commitment, c.Commitment);

        var file = DataCommitment.ReadPublic(c.ToJson());
        Assert.Equal(["_pad1", "_pad2"], file.PaddingFeatures!);
        Assert.Null(DataCommitment.ReadPublic(DataCommitment.Create(data, salt).ToJson()).PaddingFeatures);
        Assert.DoesNotContain("padding", DataCommitment.Create(data, salt).ToJson(), StringComparison.OrdinalIgnoreCase);

        var secret = DataCommitment.ReadSecretFile(DataCommitment.SecretJson(salt, c));
        Assert.Equal((salt, c.Commitment, (int?)4), secret);
        Assert.Null(DataCommitment.ReadSecretFile(DataCommitment.SecretJson(salt, DataCommitment.Create(data, salt))).PadFeatures);

        for (var i = 0; i < padded.Count; i++)
        {
            // The data owner re-applies the recorded padding to the CSV's rows.
            var proof = RowProof.FromJson(RowProof.Create(data.WithPadding(secret.PadFeatures!.Value), salt, i).ToJson());
            Assert.Null(proof.Verify(file));
            Assert.Equal([BigInteger.Zero, BigInteger.Zero], proof.Values[2..4]);
        }
        // Without the padding the rows do not open it.
        Assert.NotNull(RowProof.Create(data, salt, 0).Verify(file));
    }

    [Fact]
    public void A_padding_claim_over_a_nonzero_column_is_caught_by_row_proofs()
    {
        // A dishonest owner commits a real column under the padding name and claims it is padding.
        var data = TestData.FromCsv("a,_pad1,y\n1,0,0\n2,7,1\n", "y");
        var salt = DataCommitment.NewSalt();
        var honest = DataCommitment.Create(data, salt);
        var claim = new DataCommitment { Commitment = honest.Commitment, Root = honest.Root, Rows = honest.Rows, Features = honest.Features, Target = honest.Target, PaddingFeatures = 1 };
        var file = DataCommitment.ReadPublic(claim.ToJson());
        Assert.Null(RowProof.Create(data, salt, 0).Verify(file));
        Assert.Contains("padding column '_pad1' holds", RowProof.Create(data, salt, 1).Verify(file));
    }

    [Fact]
    public void Bad_padding_requests_and_files_give_clear_errors()
    {
        var data = TestData.FromCsv("a,b,y\n1,2,0\n3,4,1\n", "y");
        var below = Assert.Throws<ArgumentException>(() => data.WithPadding(1));
        Assert.Equal("pad-features", below.ParamName);
        Assert.Contains("--pad-features 1", below.Message);
        Assert.Contains("has 2 feature columns", below.Message);
        Assert.Contains("at most 256", Assert.Throws<ArgumentException>(() => data.WithPadding(100_000)).Message);
        var clash = TestData.FromCsv("a,_pad2,y\n1,2,0\n", "y");
        Assert.Contains("already has a column named '_pad2'", Assert.Throws<ArgumentException>(() => clash.WithPadding(4)).Message);

        var json = JsonNode.Parse(DataCommitment.Create(data.WithPadding(3), DataCommitment.NewSalt()).ToJson())!.AsObject();
        json["paddingFeatures"] = new JsonArray("b");
        Assert.Contains("'paddingFeatures'", Assert.Throws<InvalidDataException>(() => DataCommitment.ReadPublic(json.ToJsonString())).Message);
        var secret = JsonNode.Parse(DataCommitment.SecretJson(DataCommitment.NewSalt(), Fr.One, 3))!.AsObject();
        secret["padFeatures"] = 0;
        Assert.Contains("'padFeatures'", Assert.Throws<InvalidDataException>(() => DataCommitment.ReadSecretFile(secret.ToJsonString())).Message);
    }

    // ---- the pipeline ----

    [Fact]
    public void Choosing_a_circuit_pads_only_when_the_data_is_committed_in_the_run()
    {
        var data = CatalogCircuitTests.Data(ModelFamily.Logistic, 8, 1);
        var options = new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, TestSplit: 0.25);
        foreach (var mode in new[] { CircuitMode.Auto, CircuitMode.Catalog })
        {
            var choice = TrainingPipeline.ChooseCircuit(data, options, mode);
            Assert.Equal(Tiny, choice.Entry?.Name);
            Assert.Equal(1, choice.Data.PaddingFeatures);
            Assert.Equal(2, choice.Spec.D);
            Assert.Contains("_pad1", choice.Note);
            Assert.Contains("padding", choice.Notice);
        }
        Assert.Equal(1, TrainingPipeline.ChooseCircuit(data, options, CircuitMode.Auto, Tiny).Data.PaddingFeatures);
        Assert.Null(TrainingPipeline.ChooseCircuit(data, options, CircuitMode.Custom).Entry);

        // An existing unpadded commitment (--data-secret): catalog refuses with the re-commit command, auto goes custom and says why.
        var refused = Assert.Throws<ArgumentException>(() => TrainingPipeline.ChooseCircuit(data, options, CircuitMode.Catalog, canPad: false, dataSecretPath: "/x/c1/data.secret.json"));
        Assert.Equal("data-secret", refused.ParamName);
        Assert.Contains("zkchain data commit test.csv --target label --pad-features 2 --out /x/c1-pad2", refused.Message);
        var named = Assert.Throws<ArgumentException>(() => TrainingPipeline.ChooseCircuit(data, options, CircuitMode.Auto, Tiny, canPad: false));
        Assert.Contains("--pad-features 2", named.Message);
        var fallback = TrainingPipeline.ChooseCircuit(data, options, CircuitMode.Auto, canPad: false);
        Assert.Null(fallback.Entry);
        Assert.Equal(0, fallback.Data.PaddingFeatures);
        Assert.Contains("--pad-features 2", fallback.Note);
        Assert.Contains("custom circuit", fallback.Notice);
    }

    [Fact]
    public void A_padded_run_verifies_marks_padding_in_every_file_and_tampered_padding_weights_fail()
    {
        var data = CatalogCircuitTests.Data(ModelFamily.Logistic, 7, 1, seed: 5);
        var o = TrainingPipeline.Run(data, new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, TestSplit: 0.3), Publisher, null, null, circuit: CircuitMode.Auto);
        Assert.True(o.Verified);
        Assert.Equal(Tiny, o.CatalogEntry?.Name);
        Assert.Equal(["_pad1"], o.Data.PaddingNames);
        Assert.Single(o.Notices);
        Assert.True(o.Model.W[0][1].IsZero);

        using var tmp = new TempDirectory("zkchain-catalog-padding");
        TestData.WriteTrainingFolder(tmp.Path, o);
        var checks = TrainingFiles.Verify(tmp.Path);
        Assert.All(checks, c => Assert.True(c.Ok == true, c.Name + ": " + c.Detail));
        Assert.Contains(checks, c => c.Name == "padding columns");
        foreach (var name in new[] { "commitment.json", "config.json", "model.json" })
        {
            Assert.Equal("_pad1", JsonNode.Parse(File.ReadAllText(tmp.File(name)))!["paddingFeatures"]![0]!.GetValue<string>());
        }

        var model = JsonNode.Parse(File.ReadAllText(tmp.File("model.json")))!.AsObject();
        var tampered = model.DeepClone().AsObject();
        tampered["fixedPoint"]!["weights"]![0]![1] = "3";
        tampered["weights"]![0]![1] = 3.0 / 65536;
        File.WriteAllText(tmp.File("model.json"), tampered.ToJsonString());
        var bad = TrainingFiles.Verify(tmp.Path).Single(c => c.Name == "padding columns");
        Assert.False(bad.Ok);
        Assert.Contains("padding column '_pad1'", bad.Detail);
        Assert.Contains("not 0", bad.Detail);

        var unlisted = model.DeepClone().AsObject();
        unlisted.Remove("paddingFeatures");
        File.WriteAllText(tmp.File("model.json"), unlisted.ToJsonString());
        Assert.False(TrainingFiles.Verify(tmp.Path).Single(c => c.Name == "padding columns").Ok);
    }
}
