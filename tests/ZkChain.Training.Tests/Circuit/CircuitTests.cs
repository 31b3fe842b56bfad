using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Circuits.Testing;
using ZkChain.R1cs;
using ZkChain.Training.Circuits;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

public class CircuitTests
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    internal sealed record Setup(Dataset Data, TrainingSpec Spec, FixedModel<BigInteger> Model, Fr DataSalt, Fr ModelSalt, TrainingCircuit Assignment);

    internal static Setup Make(ModelFamily family, int rows = 8, int features = 3, int epochs = 1, int batch = 4, string? csv = null, double testSplit = 0.25)
    {
        csv ??= family switch
        {
            ModelFamily.Softmax => SoftmaxCsv(rows, features),
            ModelFamily.Linear => LinearCsv(rows, features),
            _ => TestData.SmallBinaryCsv(rows, features),
        };
        var data = TestData.FromCsv(csv, family == ModelFamily.Softmax ? "class" : family == ModelFamily.Linear ? "y" : "label");
        var spec = TrainingSpec.Create(data, new TrainingOptions(family, epochs, batch, 0.5, L2: family == ModelFamily.Linear ? 0.01 : 0, TestSplit: testSplit, Seed: 11));
        var model = FixedPointTrainer.Train(data, spec);
        var dataSalt = DataCommitment.NewSalt();
        var modelSalt = DataCommitment.NewSalt();
        return new Setup(data, spec, model, dataSalt, modelSalt, Assign(spec, data, dataSalt, modelSalt, model, Publisher));
    }

    internal static TrainingCircuit Assign(TrainingSpec spec, Dataset data, Fr dataSalt, Fr modelSalt, FixedModel<BigInteger> model, string publisher,
        IReadOnlyList<BigInteger[]>? rows = null) => new(spec)
    {
        DataCommitmentValue = DataCommitment.Create(data, dataSalt).Commitment,
        ModelCommitmentValue = ModelCommitment.Compute(model, modelSalt),
        ConfigHashValue = ConfigHash.Compute(spec),
        PublisherValue = TrainingCircuit.PublisherToField(publisher),
        DataSalt = dataSalt,
        ModelSalt = modelSalt,
        Rows = rows ?? data.Quantized,
    };

    private static string SoftmaxCsv(int rows, int features)
    {
        var rng = new Random(3);
        var sb = new System.Text.StringBuilder(string.Join(",", Enumerable.Range(0, features).Select(j => $"f{j}").Append("class")) + "\n");
        for (var i = 0; i < rows; i++)
        {
            var c = i % 3;
            sb.AppendLine(string.Join(",", Enumerable.Range(0, features).Select(j => (c * (j + 1) + rng.NextDouble()).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)).Append(c.ToString())));
        }
        return sb.ToString();
    }

    private static string LinearCsv(int rows, int features)
    {
        var rng = new Random(5);
        var sb = new System.Text.StringBuilder(string.Join(",", Enumerable.Range(0, features).Select(j => $"f{j}").Append("y")) + "\n");
        for (var i = 0; i < rows; i++)
        {
            var x = Enumerable.Range(0, features).Select(_ => Math.Round(rng.NextDouble() * 4, 3)).ToArray();
            var y = 3 + x.Select((v, j) => v * (j + 1)).Sum() + rng.NextDouble();
            sb.AppendLine(string.Join(",", x.Append(Math.Round(y, 3)).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData(ModelFamily.Logistic)]
    [InlineData(ModelFamily.Linear)]
    [InlineData(ModelFamily.Softmax)]
    public void Circuit_training_is_bit_identical_to_the_native_trainer_and_sound_under_mutation(ModelFamily family)
    {
        var s = Make(family, rows: family == ModelFamily.Softmax ? 6 : 8, epochs: family == ModelFamily.Softmax ? 1 : 2, batch: 3);
        var run = CircuitAssert.ProverSucceeded(new TrainingCircuit(s.Spec), s.Assignment, internalSample: 48);
        Assert.True(run.MutationsTried > 50);
        // The weights computed inside the circuit are the native trainer's, bit for bit.
        var solved = s.Assignment.SolvedModel!;
        for (var k = 0; k < s.Model.W.Length; k++)
        {
            Assert.Equal(s.Model.W[k], solved.W[k]);
            Assert.Equal(s.Model.B[k], solved.B[k]);
        }
        Assert.Contains(s.Model.W.SelectMany(w => w), w => !w.IsZero);
        var pub = CircuitSolver.PublicInputs(run.Compiled, run.Witness);
        Assert.Equal(s.Assignment.DataCommitmentValue, pub[0]);
        Assert.Equal(s.Assignment.ModelCommitmentValue, pub[1]);
        Assert.Equal(ConfigHash.Compute(s.Spec), pub[2]);
    }

    [Fact]
    public void Wrong_model_cannot_be_proved()
    {
        var s = Make(ModelFamily.Logistic);
        var other = new FixedModel<BigInteger>(s.Model.W.Select(w => w.ToArray()).ToArray(), s.Model.B.ToArray());
        other.W[0][1] += 1;
        var a = Assign(s.Spec, s.Data, s.DataSalt, s.ModelSalt, other, Publisher);
        CircuitAssert.ProverFailed(new TrainingCircuit(s.Spec), a);
    }

    [Fact]
    public void One_changed_row_cannot_be_proved_against_the_commitment()
    {
        var s = Make(ModelFamily.Logistic);
        var rows = s.Data.Quantized.Select(r => r.ToArray()).ToArray();
        rows[5][1] += 1; // one quantum in one value of one row
        var a = Assign(s.Spec, s.Data, s.DataSalt, s.ModelSalt, s.Model, Publisher, rows);
        CircuitAssert.ProverFailed(new TrainingCircuit(s.Spec), a);
    }

    [Fact]
    public void Wrong_data_with_its_own_honest_model_does_not_match_the_committed_data()
    {
        var s = Make(ModelFamily.Logistic);
        var otherData = TestData.FromCsv(TestData.SmallBinaryCsv(8, 3, seed: 99), "label");
        var otherModel = FixedPointTrainer.Train(otherData, s.Spec);
        // Commitment of the real data, rows and model of the other data.
        var a = Assign(s.Spec, s.Data, s.DataSalt, s.ModelSalt, otherModel, Publisher, otherData.Quantized);
        CircuitAssert.ProverFailed(new TrainingCircuit(s.Spec), a);
    }

    [Fact]
    public void Wrong_config_hash_cannot_be_proved()
    {
        var s = Make(ModelFamily.Logistic);
        var a = new TrainingCircuit(s.Spec)
        {
            DataCommitmentValue = s.Assignment.DataCommitmentValue, ModelCommitmentValue = s.Assignment.ModelCommitmentValue,
            ConfigHashValue = ConfigHash.Compute(s.Spec) + Fr.One, PublisherValue = s.Assignment.PublisherValue,
            DataSalt = s.DataSalt, ModelSalt = s.ModelSalt, Rows = s.Data.Quantized,
        };
        CircuitAssert.ProverFailed(new TrainingCircuit(s.Spec), a);
    }

    [Fact]
    public void Publisher_is_bound_and_must_be_160_bits()
    {
        var s = Make(ModelFamily.Logistic);
        var run = CircuitAssert.ProverSucceeded(new TrainingCircuit(s.Spec), s.Assignment, internalSample: 4);
        var w = (Fr[])run.Witness.Clone();
        w[4] = TrainingCircuit.PublisherToField("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        Assert.False(WitnessChecker.Check(run.Compiled.System, w).IsSatisfied);
        var big = new TrainingCircuit(s.Spec)
        {
            DataCommitmentValue = s.Assignment.DataCommitmentValue, ModelCommitmentValue = s.Assignment.ModelCommitmentValue,
            ConfigHashValue = s.Assignment.ConfigHashValue, PublisherValue = Fr.FromBigInteger(BigInteger.One << 160),
            DataSalt = s.DataSalt, ModelSalt = s.ModelSalt, Rows = s.Data.Quantized,
        };
        CircuitAssert.ProverFailed(new TrainingCircuit(s.Spec), big);
    }

    [Fact]
    public void Wrong_salt_cannot_be_proved()
    {
        var s = Make(ModelFamily.Linear);
        var a = new TrainingCircuit(s.Spec)
        {
            DataCommitmentValue = s.Assignment.DataCommitmentValue, ModelCommitmentValue = s.Assignment.ModelCommitmentValue,
            ConfigHashValue = s.Assignment.ConfigHashValue, PublisherValue = s.Assignment.PublisherValue,
            DataSalt = s.DataSalt + Fr.One, ModelSalt = s.ModelSalt, Rows = s.Data.Quantized,
        };
        CircuitAssert.ProverFailed(new TrainingCircuit(s.Spec), a);
    }

    [Fact]
    public void Structure_depends_only_on_the_spec()
    {
        var s = Make(ModelFamily.Logistic);
        var c1 = CircuitCompiler.Compile(new TrainingCircuit(s.Spec));
        var c2 = CircuitCompiler.Compile(s.Assignment);
        Assert.Equal(c1.NConstraints, c2.NConstraints);
        Assert.Equal(4, c1.NPublicInputs);
    }
}
