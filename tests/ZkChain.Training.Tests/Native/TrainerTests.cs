using System.Numerics;
using ZkChain.Training.Fixed;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

public class TrainerTests
{
    [Fact]
    public void Floor_shift_rounds_towards_minus_infinity()
    {
        Assert.Equal(-1, (int)NativeFx.FloorShift(-1, 4));
        Assert.Equal(-2, (int)NativeFx.FloorShift(-17, 4));
        Assert.Equal(1, (int)NativeFx.FloorShift(17, 4));
        var (q, nonNeg) = NativeFx.Instance.Trunc(-17, 4, 8, "t");
        Assert.Equal(-2, (int)q);
        Assert.Equal(0, (int)nonNeg);
        Assert.Throws<FixedPointOverflowException>(() => NativeFx.Instance.Trunc(BigInteger.One << 20, 4, 8, "t"));
    }

    [Fact]
    public void Truncation_matches_the_Circuits_FixedPoint_native_twin()
    {
        var rng = new Random(4);
        var fmt = new ZkChain.Circuits.Std.FixedPointFormat(16, 30);
        for (var i = 0; i < 2000; i++)
        {
            var x = new BigInteger(rng.NextInt64(-(1L << 45), 1L << 45));
            var shift = rng.Next(0, 16);
            BigInteger? theirs;
            try { theirs = ZkChain.Circuits.Std.FixedPoint.Native.Truncate(fmt, x, shift); } catch (OverflowException) { theirs = null; }
            BigInteger? ours;
            try { ours = NativeFx.Instance.Trunc(x, shift, 30, "t").Q; } catch (FixedPointOverflowException) { ours = null; }
            Assert.Equal(theirs, ours);
        }
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed_and_depends_on_it()
    {
        var data = TestData.Load("iris.csv", "species");
        var o = new TrainingOptions(ModelFamily.Softmax, 2, 8, 0.5, Seed: 3);
        var a = FixedPointTrainer.Train(data, TrainingSpec.Create(data, o));
        var b = FixedPointTrainer.Train(data, TrainingSpec.Create(data, o));
        Assert.Equal(a.W.SelectMany(r => r), b.W.SelectMany(r => r));
        Assert.Equal(a.B, b.B);
        var c = FixedPointTrainer.Train(data, TrainingSpec.Create(data, o with { Seed = 4 }));
        Assert.NotEqual(a.W.SelectMany(r => r), c.W.SelectMany(r => r));
    }

    [Fact]
    public void Split_is_disjoint_complete_and_sized()
    {
        var data = TestData.Load("diabetes.csv", "progression");
        var s = TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Linear, 1, 16, 0.05, TestSplit: 0.2, Seed: 9));
        Assert.Equal(88, s.NTest);
        Assert.Equal(Enumerable.Range(0, data.Count), s.TrainRows.Concat(s.TestRows).Order());
        foreach (var order in s.EpochOrders) Assert.Equal(Enumerable.Range(0, s.NTrain), order.Order());
    }

    [Fact]
    public void Bad_hyperparameters_are_named()
    {
        var data = TestData.Load("iris.csv", "species");
        Assert.Contains("--batch", Assert.Throws<ArgumentException>(() => TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Softmax, 1, 1000, 0.1))).Message);
        Assert.Contains("--lr", Assert.Throws<ArgumentException>(() => TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Softmax, 1, 8, -1))).Message);
        Assert.Contains("--frac-bits", Assert.Throws<ArgumentException>(() => TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Softmax, 1, 8, 0.1, FracBits: 30))).Message);
        Assert.Contains("--epochs", Assert.Throws<ArgumentException>(() => TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Softmax, 0, 8, 0.1))).Message);
    }

    [Fact]
    public void Logistic_on_a_multiclass_target_names_the_row()
    {
        var data = TestData.Load("iris.csv", "species");
        var e = Assert.Throws<InvalidDataException>(() => TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Logistic, 1, 8, 0.1)));
        Assert.Contains("line 102", e.Message);
        Assert.Contains("'species'", e.Message);
    }

    [Fact]
    public void Learning_rate_too_large_gives_an_overflow_error_not_a_wrong_model()
    {
        var data = TestData.Load("diabetes.csv", "progression");
        var s = TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Linear, 50, 4, 8.0, Seed: 1));
        var e = Assert.Throws<FixedPointOverflowException>(() => FixedPointTrainer.Train(data, s));
        Assert.Contains("fixed-point overflow", e.Message);
    }

    [Fact]
    public void Fixed_point_weights_track_the_float64_twin()
    {
        var data = TestData.Load("breast_cancer.csv", "diagnosis_benign");
        var s = TrainingSpec.Create(data, new TrainingOptions(ModelFamily.Logistic, 2, 16, 0.2, Seed: 5));
        var f = FixedPointTrainer.Train(data, s);
        var g = FloatTrainer.Train(data, s);
        // Different sigmoid (piecewise linear vs exact) but the same direction: weights agree in sign for the strong features.
        var agree = Enumerable.Range(0, s.D).Count(j => Math.Abs(g.W[0][j]) < 0.05 || Math.Sign(g.W[0][j]) == Math.Sign((double)f.W[0][j]));
        Assert.True(agree >= s.D - 2, $"{agree} of {s.D} weights agree in sign");
    }

    [Theory]
    [InlineData("breast_cancer.csv", "diagnosis_benign", "logistic", 20, 16, 0.2, 0.01)]
    [InlineData("iris.csv", "species", "softmax", 20, 8, 0.5, 0.01)]
    [InlineData("diabetes.csv", "progression", "linear", 100, 32, 0.05, 0.02)]
    public void Quality_fixed_point_within_tolerance_of_float64_on_shipped_data(string file, string target, string family, int epochs, int batch, double lr, double tolerance)
    {
        var data = TestData.Load(file, target);
        var s = TrainingSpec.Create(data, new TrainingOptions(TrainingSpec.ParseFamily(family), epochs, batch, lr, TestSplit: 0.2, Seed: 1));
        var fixedScore = Metrics.Score(s, FixedPointTrainer.Predict(data, s, FixedPointTrainer.Train(data, s), s.TestRows), data, s.TestRows);
        var floatScore = Metrics.Score(s, FloatTrainer.Predict(data, s, FloatTrainer.Train(data, s), s.TestRows), data, s.TestRows);
        Assert.True(Math.Abs(fixedScore - floatScore) <= tolerance + 1e-12, $"fixed {fixedScore:F4} vs float {floatScore:F4}");
        // And the float model is a sane model (well-known ranges for these datasets).
        Assert.True(floatScore > (family == "linear" ? 0.35 : 0.9), $"float score {floatScore:F4}");
    }
}
