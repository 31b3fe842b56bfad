using System.Numerics;
using ZkChain.Training.Data;

namespace ZkChain.Training.Training;

public enum ModelFamily { Logistic = 1, Linear = 2, Softmax = 3 }

public enum NormalizationKind { ZScore = 1, MinMax = 2 }

/// <summary>
/// How rows are split and ordered. Shuffled: a seeded random split and a fresh seeded order every epoch.
/// Committed: the first n − nTest committed rows train, in committed order every epoch, and the last nTest are the
/// test set (tail split) — the semantics of catalog circuits, whose row order cannot depend on the dataset.
/// </summary>
public enum RowOrder { Shuffled = 0, Committed = 1 }

/// <summary>What the user asks for.</summary>
public sealed record TrainingOptions(
    ModelFamily Family,
    int Epochs,
    int BatchSize,
    double LearningRate,
    double L2 = 0,
    int FracBits = 16,
    double TestSplit = 0.2,
    ulong Seed = 1,
    NormalizationKind Normalization = NormalizationKind.ZScore,
    RowOrder RowOrder = RowOrder.Shuffled);

/// <summary>Deterministic 64-bit generator (SplitMix64); the row order of every epoch comes from it, so the circuit can follow.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _s = seed;

    public ulong Next()
    {
        var z = _s += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Fisher–Yates permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)(Next() % (ulong)(i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>Stream for a purpose (0 = train/test split, e + 1 = epoch e).</summary>
    public static SplitMix64 For(ulong seed, ulong stream) => new(seed ^ (stream * 0xD1B54A32D192ED03UL + 0x5851F42D4C957F2DUL));
}

/// <summary>
/// The exact integer configuration of a training run: everything the circuit is built from and the config hash covers.
/// Fixed-point scales: features, labels, weights and probabilities carry F = FracBits fractional bits;
/// committed raw values carry Fd = <see cref="Dataset.DataFracBits"/>.
/// </summary>
public sealed class TrainingSpec
{
    /// <summary>Fractional bits of the normalisation scale constants (ScaleQ = round(2^32 / sigma)).</summary>
    public const int ScaleBits = 32;
    /// <summary>Fractional bits of the learning rate (LrQ = round(lr * 2^24)).</summary>
    public const int LrBits = 24;

    public required ModelFamily Family { get; init; }
    public required int D { get; init; }
    /// <summary>Weight vectors: 1 for logistic and linear, K for softmax.</summary>
    public required int Outputs { get; init; }
    /// <summary>Classes: 2 (logistic), K (softmax), 0 (linear).</summary>
    public required int Classes { get; init; }
    public required int FracBits { get; init; }
    public int DataFracBits => Dataset.DataFracBits;
    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public required BigInteger LrQ { get; init; }
    public required BigInteger L2Q { get; init; }
    public required ulong Seed { get; init; }
    /// <summary>Committed: training rows 0..NTrain-1 in committed order every epoch, test rows the tail (the seed is unused).</summary>
    public RowOrder RowOrder { get; init; } = RowOrder.Shuffled;
    public required int NRows { get; init; }
    public required int NTest { get; init; }
    public required NormalizationKind Normalization { get; init; }
    public required double[] Mu { get; init; }
    public required double[] Sigma { get; init; }
    public required BigInteger[] MuQ { get; init; }
    public required BigInteger[] ScaleQ { get; init; }
    /// <summary>Linear only: the target is z-scored with these (0 and 1 otherwise).</summary>
    public required double TargetMu { get; init; }
    public required double TargetSigma { get; init; }
    public required BigInteger TargetMuQ { get; init; }
    public required BigInteger TargetScaleQ { get; init; }
    /// <summary>Dataset row indices of the training split (ascending) and the test split (ascending).</summary>
    public required int[] TrainRows { get; init; }
    public required int[] TestRows { get; init; }
    /// <summary>For each epoch, the order of the training rows (indices into <see cref="TrainRows"/>).</summary>
    public required int[][] EpochOrders { get; init; }

    public int NTrain => TrainRows.Length;
    public double LearningRate => (double)LrQ / Math.Pow(2, LrBits);
    public double L2 => (double)L2Q / Math.Pow(2, FracBits);

    // Bit widths of the range checks (signed), shared by native twin and circuit.
    public int XBits => FracBits + 8;        // normalised features / targets: |x| < 128
    public int ZBits => FracBits + 14;       // logits and update steps
    public int NormShift => DataFracBits + ScaleBits - FracBits;

    public static string FamilyName(ModelFamily f) => f switch
    {
        ModelFamily.Logistic => "logistic",
        ModelFamily.Linear => "linear",
        ModelFamily.Softmax => "softmax",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static ModelFamily ParseFamily(string s) => s.ToLowerInvariant() switch
    {
        "logistic" => ModelFamily.Logistic,
        "linear" or "ridge" => ModelFamily.Linear,
        "softmax" => ModelFamily.Softmax,
        _ => throw new ArgumentException($"--model: unknown model family '{s}' (use logistic, linear or softmax)", "model"),
    };

    /// <summary>Validates the options against the data and derives the split, the normalisation and the row orders.</summary>
    public static TrainingSpec Create(Dataset data, TrainingOptions o)
    {
        if (o.Epochs < 1 || o.Epochs > 10_000) throw new ArgumentException($"--epochs must be between 1 and 10000 (got {o.Epochs})", "epochs");
        if (o.FracBits < 8 || o.FracBits > Dataset.DataFracBits) throw new ArgumentException($"--frac-bits must be between 8 and {Dataset.DataFracBits} (got {o.FracBits})", "frac-bits");
        if (!double.IsFinite(o.LearningRate) || o.LearningRate <= 0 || o.LearningRate > 16) throw new ArgumentException($"--lr must be in (0, 16] (got {o.LearningRate})", "lr");
        if (!double.IsFinite(o.L2) || o.L2 < 0 || o.L2 > 16) throw new ArgumentException($"--l2 must be in [0, 16] (got {o.L2})", "l2");
        if (!double.IsFinite(o.TestSplit) || o.TestSplit < 0 || o.TestSplit > 0.9) throw new ArgumentException($"--test-split must be in [0, 0.9] (got {o.TestSplit})", "test-split");
        var n = data.Count;
        var nTest = (int)Math.Round(n * o.TestSplit, MidpointRounding.AwayFromZero);
        if (n - nTest < 1) throw new ArgumentException($"{data.Source}: no training rows left after the test split", "test-split");
        if (o.BatchSize < 1 || o.BatchSize > n - nTest) throw new ArgumentException($"--batch must be between 1 and the number of training rows ({n - nTest}) (got {o.BatchSize})", "batch");
        var lrQ = new BigInteger(Math.Round(o.LearningRate * Math.Pow(2, LrBits)));
        var l2Q = new BigInteger(Math.Round(o.L2 * Math.Pow(2, o.FracBits)));
        if (o.L2 > 0 && l2Q.IsZero) throw new ArgumentException($"--l2 {o.L2} is below the fixed-point resolution 2^-{o.FracBits}", "l2");

        // Labels.
        int classes, outputs;
        switch (o.Family)
        {
            case ModelFamily.Logistic:
                classes = 2; outputs = 1;
                for (var i = 0; i < n; i++)
                {
                    if (data.Y[i] != 0 && data.Y[i] != 1)
                        throw new InvalidDataException($"{data.Source}: line {data.LineOf(i)}, column '{data.Target}': logistic regression needs labels 0 or 1, got {data.Y[i]}");
                }
                break;
            case ModelFamily.Softmax:
                var max = 0;
                for (var i = 0; i < n; i++)
                {
                    var y = data.Y[i];
                    if (y < 0 || y != Math.Floor(y) || y > 15)
                        throw new InvalidDataException($"{data.Source}: line {data.LineOf(i)}, column '{data.Target}': softmax regression needs class labels 0, 1, ..., K-1 (K <= 16), got {y}");
                    max = Math.Max(max, (int)y);
                }
                classes = max + 1; outputs = classes;
                if (classes < 2) throw new InvalidDataException($"{data.Source}: column '{data.Target}' has a single class; softmax needs at least 2");
                break;
            case ModelFamily.Linear:
                classes = 0; outputs = 1;
                break;
            default:
                throw new ArgumentException("unknown model family", "model");
        }

        var (train, test, orders) = DeriveRowOrders(o.Seed, n, nTest, o.Epochs);

        if (o.RowOrder == RowOrder.Committed) (train, test, orders) = CommittedRowOrders(n, nTest, o.Epochs);

        // Normalisation fitted on the training split.
        var d = data.D;
        var mu = new double[d];
        var sigma = new double[d];
        var muQ = new BigInteger[d];
        var scaleQ = new BigInteger[d];
        for (var j = 0; j < d; j++)
        {
            var col = train.Select(i => data.X[i][j]).ToArray();
            (mu[j], sigma[j]) = Fit(col, o.Normalization);
            muQ[j] = Dataset.QuantizeValue(mu[j], Dataset.DataFracBits);
            scaleQ[j] = new BigInteger(Math.Round(Math.Pow(2, ScaleBits) / sigma[j]));
        }
        double tMu = 0, tSigma = 1;
        if (o.Family == ModelFamily.Linear)
        {
            (tMu, tSigma) = Fit(train.Select(i => data.Y[i]).ToArray(), NormalizationKind.ZScore);
        }
        return new TrainingSpec
        {
            Family = o.Family, D = d, Outputs = outputs, Classes = classes, FracBits = o.FracBits,
            Epochs = o.Epochs, BatchSize = o.BatchSize, LrQ = lrQ, L2Q = l2Q, Seed = o.Seed,
            NRows = n, NTest = nTest, Normalization = o.Normalization,
            Mu = mu, Sigma = sigma, MuQ = muQ, ScaleQ = scaleQ,
            TargetMu = tMu, TargetSigma = tSigma,
            TargetMuQ = Dataset.QuantizeValue(tMu, Dataset.DataFracBits),
            TargetScaleQ = new BigInteger(Math.Round(Math.Pow(2, ScaleBits) / tSigma)),
            TrainRows = train, TestRows = test, EpochOrders = orders, RowOrder = o.RowOrder,
        };
    }

    /// <summary>Tail split and committed order: train = 0..n-nTest-1 (the same order every epoch), test = the last nTest rows.</summary>
    public static (int[] Train, int[] Test, int[][] EpochOrders) CommittedRowOrders(int nRows, int nTest, int epochs)
    {
        var train = Enumerable.Range(0, nRows - nTest).ToArray();
        var test = Enumerable.Range(nRows - nTest, nTest).ToArray();
        var orders = Enumerable.Range(0, epochs).Select(_ => Enumerable.Range(0, train.Length).ToArray()).ToArray();
        return (train, test, orders);
    }

    /// <summary>
    /// The train/test split (ascending row indices) and each epoch's order of the training rows, from the seed and the
    /// sizes alone: shared by <see cref="Create"/> and the rebuild of a spec from a config's integers.
    /// </summary>
    internal static (int[] Train, int[] Test, int[][] EpochOrders) DeriveRowOrders(ulong seed, int nRows, int nTest, int epochs)
    {
        var perm = SplitMix64.For(seed, 0).Permutation(nRows);
        var test = perm.Take(nTest).Order().ToArray();
        var train = perm.Skip(nTest).Order().ToArray();
        var orders = new int[epochs][];
        for (var e = 0; e < epochs; e++)
        {
            orders[e] = SplitMix64.For(seed, (ulong)e + 1).Permutation(train.Length);
        }
        return (train, test, orders);
    }

    /// <summary>(offset, scale): z-score uses (mean, population std); min-max uses (min, max - min). A zero scale becomes 1.</summary>
    private static (double, double) Fit(double[] col, NormalizationKind kind)
    {
        if (kind == NormalizationKind.MinMax)
        {
            var min = col.Min();
            var range = col.Max() - min;
            return (min, range > 0 ? range : 1);
        }
        var mean = col.Average();
        var var = col.Select(v => (v - mean) * (v - mean)).Average();
        var sd = Math.Sqrt(var);
        return (mean, sd > 1e-12 ? sd : 1);
    }

    /// <summary>The batches of an epoch: consecutive chunks of the epoch's order; the last may be shorter.</summary>
    public IEnumerable<int[]> Batches(int epoch)
    {
        var order = EpochOrders[epoch];
        for (var s = 0; s < order.Length; s += BatchSize)
        {
            yield return order[s..Math.Min(order.Length, s + BatchSize)];
        }
    }

    /// <summary>Per-batch step: round(LrQ / m), m the batch size (2^24 scale).</summary>
    public BigInteger EtaQ(int m) => (LrQ + m / 2) / m;
}
