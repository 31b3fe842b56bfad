using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Circuits.Std;
using ZkChain.Circuits.Testing;
using ZkChain.R1cs;
using ZkChain.Training.Catalog;
using ZkChain.Training.Circuits;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

public class CatalogCircuitTests
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    internal static Dataset Data(ModelFamily family, int rows, int features, int seed = 7) => family switch
    {
        ModelFamily.Logistic => TestData.FromCsv(TestData.SmallBinaryCsv(rows, features, seed), "label"),
        ModelFamily.Linear => TestData.FromCsv(LinearCsv(rows, features, seed), "y"),
        _ => TestData.FromCsv(SoftmaxCsv(rows, features, seed), "class"),
    };

    private static string LinearCsv(int rows, int features, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(string.Join(",", Enumerable.Range(0, features).Select(j => $"f{j}").Append("y")) + "\n");
        for (var i = 0; i < rows; i++)
        {
            var x = Enumerable.Range(0, features).Select(_ => Math.Round(rng.NextDouble() * 4, 3)).ToArray();
            var y = 3 + x.Select((v, j) => v * (j + 1)).Sum() + rng.NextDouble();
            sb.AppendLine(string.Join(",", x.Append(Math.Round(y, 3)).Select(v => v.ToString(CultureInfo.InvariantCulture))));
        }
        return sb.ToString();
    }

    private static string SoftmaxCsv(int rows, int features, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(string.Join(",", Enumerable.Range(0, features).Select(j => $"f{j}").Append("class")) + "\n");
        for (var i = 0; i < rows; i++)
        {
            var c = i % 3;
            sb.AppendLine(string.Join(",", Enumerable.Range(0, features).Select(j => (c * (j + 1) + rng.NextDouble()).ToString("F3", CultureInfo.InvariantCulture)).Append(c.ToString(CultureInfo.InvariantCulture))));
        }
        return sb.ToString();
    }

    internal static CatalogEntry Entry(ModelFamily family, int d, int maxRows, int epochs, int batch) =>
        CatalogEntry.Create(family, d, family switch { ModelFamily.Logistic => 2, ModelFamily.Linear => 0, _ => 3 }, maxRows, epochs, batch, 16);

    internal static TrainingSpec CommittedSpec(Dataset data, ModelFamily family, int epochs, int batch, double testSplit, double lr = 0.5) =>
        TrainingSpec.Create(data, new TrainingOptions(family, epochs, batch, lr, L2: family == ModelFamily.Linear ? 0.01 : 0.002,
            TestSplit: testSplit, Seed: 11, RowOrder: RowOrder.Committed));

    internal sealed record Case(CatalogEntry Entry, Dataset Data, CatalogValues Values, Fr DataSalt, Fr ModelSalt, FixedModel<BigInteger> Model);

    internal static Case Make(ModelFamily family, int n, double testSplit, int maxRows = 8, int epochs = 1, int batch = 3, int d = 2)
    {
        var data = Data(family, n, d);
        var entry = Entry(family, d, maxRows, epochs, batch);
        var spec = CommittedSpec(data, family, epochs, batch, testSplit);
        var values = CatalogValues.FromSpec(entry, spec);
        return new Case(entry, data, values, DataCommitment.NewSalt(), DataCommitment.NewSalt(), CatalogTrainer.Train(entry, values, data.Quantized));
    }

    internal static CatalogTrainingCircuit Assign(Case c, Fr? dataCommitment = null, Fr? configHash = null, CatalogValues? values = null,
        IReadOnlyList<BigInteger[]>? rows = null, FixedModel<BigInteger>? model = null, Fr? publisher = null,
        (int[]? Active, int[]? Train, int? Level)? hints = null) => new(c.Entry)
    {
        DishonestHints = hints,
        DataCommitmentValue = dataCommitment ?? DataCommitment.Create(c.Data, c.DataSalt).Commitment,
        ModelCommitmentValue = ModelCommitment.Compute(model ?? c.Model, c.ModelSalt),
        ConfigHashValue = configHash ?? c.Values.ComputeConfigHash(c.Entry),
        PublisherValue = publisher ?? TrainingCircuit.PublisherToField(Publisher),
        DataSalt = c.DataSalt,
        ModelSalt = c.ModelSalt,
        Values = values ?? c.Values,
        Rows = rows ?? c.Data.Quantized,
    };

    // ---- padded = unpadded (native, cheap: many shapes) ----

    [Theory]
    // family, committed rows n, test split, slots N, epochs, batch: partial last batches, empty batches (slots past nTrain), test rows.
    [InlineData(ModelFamily.Logistic, 7, 0.3, 8, 2, 3)]
    [InlineData(ModelFamily.Logistic, 6, 0.0, 16, 1, 4)]
    [InlineData(ModelFamily.Logistic, 8, 0.25, 8, 3, 2)]
    [InlineData(ModelFamily.Linear, 9, 0.2, 16, 2, 3)]
    [InlineData(ModelFamily.Linear, 5, 0.0, 8, 2, 5)]
    [InlineData(ModelFamily.Softmax, 9, 0.34, 16, 2, 4)]
    [InlineData(ModelFamily.Softmax, 12, 0.25, 16, 1, 3)]
    public void Padded_training_equals_the_unpadded_trainer_in_committed_order_on_the_active_rows(ModelFamily family, int n, double testSplit, int maxRows, int epochs, int batch)
    {
        var data = Data(family, n, 3);
        var entry = Entry(family, 3, maxRows, epochs, batch);
        var spec = CommittedSpec(data, family, epochs, batch, testSplit);
        Assert.Equal(Enumerable.Range(0, spec.NTrain), spec.TrainRows);
        Assert.Equal(Enumerable.Range(spec.NTrain, spec.NTest), spec.TestRows);
        var values = CatalogValues.FromSpec(entry, spec);
        var padded = CatalogTrainer.Train(entry, values, data.Quantized);
        var unpadded = FixedPointTrainer.Train(data, spec);
        for (var k = 0; k < unpadded.W.Length; k++)
        {
            Assert.Equal(unpadded.W[k], padded.W[k]);
            Assert.Equal(unpadded.B[k], padded.B[k]);
        }
        Assert.Contains(padded.W.SelectMany(w => w), w => !w.IsZero);
    }

    [Fact]
    public void Test_rows_and_padding_change_nothing_but_training_rows_do()
    {
        var c = Make(ModelFamily.Logistic, 7, 0.3);
        var rows = c.Data.Quantized.Select(r => r.ToArray()).ToArray();
        rows[6][0] += 12345; // a test row (nTrain = 5)
        rows[5][1] -= 777;
        Assert.Equal(c.Model.W[0], CatalogTrainer.Train(c.Entry, c.Values, rows).W[0]);
        rows[0][0] += 1 << 18; // a training row
        Assert.NotEqual(c.Model.W[0], CatalogTrainer.Train(c.Entry, c.Values, rows).W[0]);
    }

    [Fact]
    public void Committed_order_is_bound_by_the_v1_hash_and_leaves_shuffled_hashes_alone()
    {
        var data = Data(ModelFamily.Logistic, 8, 2);
        var shuffled = TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, Seed: 11));
        var committed = TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, Seed: 11, RowOrder: RowOrder.Committed));
        Assert.Equal(new BigInteger(11), ConfigHash.Encoding(shuffled)[8]);           // the seed, as before
        Assert.Equal(BigInteger.One << 64, ConfigHash.Encoding(committed)[8]);          // no 64-bit seed can equal it
        Assert.NotEqual(ConfigHash.Compute(shuffled), ConfigHash.Compute(committed));
    }

    // ---- the circuit ----

    [Fact]
    public void Logistic_catalog_circuit_proves_and_verifies_and_matches_the_native_twin_commitment_and_config_hash()
    {
        var c = Make(ModelFamily.Logistic, 7, 0.3, batch: 3); // n = 7 of 8 slots, nTrain = 5: a partial batch and test rows
        var a = Assign(c);
        var run = CircuitAssert.ProverSucceeded(new CatalogTrainingCircuit(c.Entry), a, internalSample: 64);
        Assert.True(run.MutationsTried > 60);
        AssertSameModel(c.Model, a.SolvedModel!);
        var pub = CircuitSolver.PublicInputs(run.Compiled, run.Witness);
        Assert.Equal(DataCommitment.Create(c.Data, c.DataSalt).Commitment, pub[0]);
        Assert.Equal(PoseidonChain.Hash(ConfigHash.EncodingV2(c.Entry, c.Values).Select(Fr.FromBigInteger).ToArray()), pub[2]);
        Assert.Equal(c.Values.ComputeConfigHash(c.Entry), pub[2]);
    }

    [Theory]
    [InlineData(ModelFamily.Linear)]
    [InlineData(ModelFamily.Softmax)]
    public void Linear_and_softmax_catalog_circuits_satisfy_and_are_bit_identical_to_the_native_twin(ModelFamily family)
    {
        var c = Make(family, family == ModelFamily.Softmax ? 6 : 7, 0.2, epochs: 2, batch: 2);
        var a = Assign(c);
        CircuitAssert.ProverSucceeded(new CatalogTrainingCircuit(c.Entry), a, internalSample: 32, prove: false);
        AssertSameModel(c.Model, a.SolvedModel!);
        var spec = CommittedSpec(c.Data, family, 2, 2, 0.2);
        AssertSameModel(FixedPointTrainer.Train(c.Data, spec), a.SolvedModel!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void The_circuit_data_commitment_equals_DataCommitment_for_every_row_count(int n)
    {
        // Values built directly (the unpadded trainer needs batch <= nTrain; the catalog circuit does not).
        var entry = Entry(ModelFamily.Logistic, 2, 8, 1, 4);
        var data = Data(ModelFamily.Logistic, n, 2, seed: 20 + n);
        var values = new CatalogValues(n, Math.Max(1, n - 1), 1 << 23, 0, NormalizationKind.ZScore,
            [BigInteger.One << 20, BigInteger.Zero], [BigInteger.One << 32, BigInteger.One << 31], 0, BigInteger.One << 32);
        var c = new Case(entry, data, values, DataCommitment.NewSalt(), DataCommitment.NewSalt(), CatalogTrainer.Train(entry, values, data.Quantized));
        var a = Assign(c);
        var compiled = CircuitCompiler.Compile(new CatalogTrainingCircuit(entry));
        var witness = CircuitSolver.Solve(compiled, a);
        Assert.True(WitnessChecker.Check(compiled.System, witness).IsSatisfied);
        Assert.Equal(DataCommitment.Create(data, c.DataSalt).Commitment, CircuitSolver.PublicInputs(compiled, witness)[0]);
        AssertSameModel(c.Model, a.SolvedModel!);
    }

    // ---- soundness: each lie fails the constraint check ----

    [Fact]
    public void A_wrong_config_hash_or_values_other_than_the_hashed_ones_cannot_be_proved()
    {
        var c = Make(ModelFamily.Logistic, 7, 0.3);
        var circuit = new CatalogTrainingCircuit(c.Entry);
        CircuitAssert.ProverFailed(circuit, Assign(c, configHash: c.Values.ComputeConfigHash(c.Entry) + Fr.One));
        // Another learning rate with the honest model it gives, under the original config hash.
        var faster = c.Values with { LrQ = c.Values.LrQ * 2 };
        CircuitAssert.ProverFailed(circuit, Assign(c, values: faster, model: CatalogTrainer.Train(c.Entry, faster, c.Data.Quantized)));
        // Fewer training rows (nTrain) with its honest model, under the original config hash.
        var fewer = c.Values with { TrainRows = c.Values.TrainRows - 1 };
        CircuitAssert.ProverFailed(circuit, Assign(c, values: fewer, model: CatalogTrainer.Train(c.Entry, fewer, c.Data.Quantized)));
    }

    [Fact]
    public void A_changed_row_training_or_test_cannot_be_proved_against_the_commitment()
    {
        var c = Make(ModelFamily.Logistic, 7, 0.3);
        foreach (var (row, col) in new[] { (1, 0), (6, 1) }) // row 6 is a test row: still committed
        {
            var rows = c.Data.Quantized.Select(r => r.ToArray()).ToArray();
            rows[row][col] += 1;
            var model = CatalogTrainer.Train(c.Entry, c.Values, rows);
            CircuitAssert.ProverFailed(new CatalogTrainingCircuit(c.Entry), Assign(c, rows: rows, model: model));
        }
    }

    [Fact]
    public void A_wrong_model_or_a_publisher_outside_160_bits_cannot_be_proved()
    {
        var c = Make(ModelFamily.Logistic, 7, 0.3);
        var other = new FixedModel<BigInteger>(c.Model.W.Select(w => w.ToArray()).ToArray(), c.Model.B.ToArray());
        other.B[0] += 1;
        CircuitAssert.ProverFailed(new CatalogTrainingCircuit(c.Entry), Assign(c, model: other));
        CircuitAssert.ProverFailed(new CatalogTrainingCircuit(c.Entry), Assign(c, publisher: Fr.FromBigInteger(BigInteger.One << 160)));
    }

    [Fact]
    public void Dishonest_masks_cannot_be_proved()
    {
        var c = Make(ModelFamily.Logistic, 7, 0.3); // n = 7, nTrain = 5, N = 8
        var circuit = new CatalogTrainingCircuit(c.Entry);
        int[] Bits(params int[] ones) => Enumerable.Range(0, 8).Select(i => ones.Contains(i) ? 1 : 0).ToArray();
        // Non-prefix active mask with the right count (slot 7 instead of slot 6).
        CircuitAssert.ProverFailed(circuit, Assign(c, hints: (Bits(0, 1, 2, 3, 4, 5, 7), null, null)));
        // Non-prefix training mask (train on a test row instead of row 4), right count.
        CircuitAssert.ProverFailed(circuit, Assign(c, hints: (null, Bits(0, 1, 2, 3, 5), null)));
        // A training row that is not active: nTrain = 8 > n = 7, honestly hashed, with the model those 8 slots give.
        var over = c.Values with { TrainRows = 8 };
        var p = new CatalogParams<BigInteger>(over.LrQ, over.L2Q, over.MuQ, over.ScaleQ, over.TargetMuQ, over.TargetScaleQ);
        var overModel = CatalogProgram.Run(ZkChain.Training.Fixed.NativeFx.Instance, c.Entry, p, Enumerable.Repeat(BigInteger.One, 8).ToArray(),
            CatalogValues.PadRows(c.Entry, c.Data.Quantized));
        CircuitAssert.ProverFailed(circuit, Assign(c, values: over, configHash: over.ComputeConfigHash(c.Entry), model: overModel));
        // A non-boolean "bit".
        var half = Bits(0, 1, 2, 3, 4, 5, 6);
        half[6] = 2;
        CircuitAssert.ProverFailed(circuit, Assign(c, hints: (half, null, null)));
        // The honest hints through the same path satisfy (the overrides themselves are not what fails).
        var honest = Assign(c, hints: (Bits(0, 1, 2, 3, 4, 5, 6), Bits(0, 1, 2, 3, 4), 3));
        CircuitAssert.ProverSucceeded(circuit, honest, internalSample: 0, prove: false);
    }

    [Fact]
    public void A_row_count_inconsistent_with_the_Merkle_depth_cannot_be_proved()
    {
        // n = 5 rows (depth 3). The lie: the root of the first 4 rows (depth 2) with n = 5 in the commitment.
        var c = Make(ModelFamily.Logistic, 5, 0.2, batch: 2);
        var leaves = Enumerable.Range(0, 5).Select(i => DataCommitment.Leaf(DataCommitment.LeafSalt(c.DataSalt, i), c.Data.Quantized[i])).ToArray();
        var shallowRoot = new MerkleTree(leaves[..4]).Root;
        var lie = DataCommitment.Commit(shallowRoot, 5, 3, DataCommitment.CommitSalt(c.DataSalt));
        CircuitAssert.ProverFailed(new CatalogTrainingCircuit(c.Entry), Assign(c, dataCommitment: lie, hints: (null, null, 2)));
        // And one level too deep: the root of the 8-slot tree with n = 3.
        var c3 = Make(ModelFamily.Logistic, 3, 0.0, batch: 2);
        var leaves3 = Enumerable.Range(0, 3).Select(i => DataCommitment.Leaf(DataCommitment.LeafSalt(c3.DataSalt, i), c3.Data.Quantized[i])).ToArray();
        var deepRoot = new MerkleTree(leaves3, depth: 3).Root;
        var lie3 = DataCommitment.Commit(deepRoot, 3, 3, DataCommitment.CommitSalt(c3.DataSalt));
        CircuitAssert.ProverFailed(new CatalogTrainingCircuit(c3.Entry), Assign(c3, dataCommitment: lie3, hints: (null, null, 3)));
    }

    // ---- the catalog ----

    [Fact]
    public void The_shipped_catalog_has_the_promised_entries_and_configs_resolve_to_them()
    {
        var names = CircuitCatalog.Entries.Select(e => e.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Contains("logistic-d30-n64-e1-b8-f16", names);
        Assert.Contains("logistic-d30-n512-e10-b32-f16", names);
        Assert.Contains("logistic-d2-n8-e1-b4-f16", names);
        Assert.Contains(CircuitCatalog.Entries, e => e.Family == ModelFamily.Softmax && e.D == 4 && e.Classes == 3 && e.MaxRows == 256);
        Assert.Contains(CircuitCatalog.Entries, e => e.Family == ModelFamily.Linear && e.D == 10 && e.MaxRows == 512);

        var tiny = CircuitCatalog.Find("logistic-d2-n8-e1-b4-f16")!;
        var config = new JsonObject { ["circuit"] = new JsonObject { ["kind"] = "catalog", ["name"] = tiny.Name, ["shape"] = CircuitCatalog.ShapeJson(tiny) } };
        var circuit = Assert.IsType<CatalogTrainingCircuit>(CircuitCatalog.CircuitFromConfig(config));
        Assert.Equal(tiny, circuit.Entry);
        Assert.Null(CircuitCatalog.CircuitFromConfig(new JsonObject { ["circuit"] = new JsonObject { ["kind"] = "custom" } }));
        Assert.Null(CircuitCatalog.CircuitFromConfig(new JsonObject { ["version"] = 1 }));
        var unknown = new JsonObject { ["circuit"] = new JsonObject { ["kind"] = "catalog", ["name"] = "logistic-d3-n8-e1-b4-f16" } };
        Assert.Contains("not in this version's catalog", Assert.Throws<InvalidDataException>(() => CircuitCatalog.CircuitFromConfig(unknown)).Message);
        var lying = new JsonObject { ["circuit"] = new JsonObject { ["kind"] = "catalog", ["name"] = tiny.Name, ["shape"] = new JsonObject { ["maxRows"] = 16 } } };
        Assert.Contains("differs", Assert.Throws<InvalidDataException>(() => CircuitCatalog.CircuitFromConfig(lying)).Message);

        // Best fit: the smallest entry whose shape matches.
        var data = Data(ModelFamily.Logistic, 8, 2);
        Assert.Equal(tiny, CircuitCatalog.BestFit(CommittedSpec(data, ModelFamily.Logistic, 1, 4, 0.25)));
        Assert.Null(CircuitCatalog.BestFit(CommittedSpec(data, ModelFamily.Logistic, 2, 4, 0.25)));
    }

    [Fact]
    public void Values_out_of_the_circuit_ranges_are_refused_with_the_field_named()
    {
        var c = Make(ModelFamily.Logistic, 7, 0.3);
        Assert.Equal("lr", Assert.Throws<ArgumentException>(() => (c.Values with { LrQ = BigInteger.One << 29 }).Validate(c.Entry)).ParamName);
        Assert.Equal("normalize", Assert.Throws<ArgumentException>(() => (c.Values with { ScaleQ = [BigInteger.One << 64, 1] }).Validate(c.Entry)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => (c.Values with { Rows = 9 }).Validate(c.Entry)).ParamName);
        var shuffled = TrainingSpec.Create(c.Data, new TrainingOptions(ModelFamily.Logistic, 1, 3, 0.5, TestSplit: 0.3));
        Assert.Contains("committed row order", Assert.Throws<ArgumentException>(() => CatalogValues.FromSpec(c.Entry, shuffled)).Message);
    }

    private static void AssertSameModel(FixedModel<BigInteger> expected, FixedModel<BigInteger> actual)
    {
        Assert.Equal(expected.W.Length, actual.W.Length);
        for (var k = 0; k < expected.W.Length; k++)
        {
            Assert.Equal(expected.W[k], actual.W[k]);
            Assert.Equal(expected.B[k], actual.B[k]);
        }
    }
}
