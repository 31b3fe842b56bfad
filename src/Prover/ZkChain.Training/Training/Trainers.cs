using System.Numerics;
using ZkChain.Training.Data;
using ZkChain.Training.Fixed;

namespace ZkChain.Training.Training;

/// <summary>The native fixed-point reference trainer (bit-identical to the training circuit).</summary>
public static class FixedPointTrainer
{
    public static FixedModel<BigInteger> Train(Dataset data, TrainingSpec spec, IProgress<(string Stage, double Fraction)>? progress = null) =>
        TrainingProgram.Run(NativeFx.Instance, spec, data.Quantized, progress);

    /// <summary>Predictions of the fixed-point model on dataset rows: class index (classifiers) or target value (linear), using exact integer inference.</summary>
    public static double[] Predict(Dataset data, TrainingSpec s, FixedModel<BigInteger> model, IReadOnlyList<int> rows)
    {
        var result = new double[rows.Count];
        var one = BigInteger.One << s.FracBits;
        for (var r = 0; r < rows.Count; r++)
        {
            var raw = data.Quantized[rows[r]];
            var x = new BigInteger[s.D];
            for (var j = 0; j < s.D; j++) x[j] = NativeFx.FloorShift((raw[j] - s.MuQ[j]) * s.ScaleQ[j], s.NormShift);
            var z = new BigInteger[s.Outputs];
            for (var k = 0; k < s.Outputs; k++)
            {
                var acc = model.B[k] * one;
                for (var j = 0; j < s.D; j++) acc += model.W[k][j] * x[j];
                z[k] = acc;
            }
            result[r] = s.Family switch
            {
                ModelFamily.Logistic => z[0].Sign >= 0 ? 1 : 0,
                ModelFamily.Softmax => ArgMax(z),
                _ => (double)z[0] / Math.Pow(2, 2 * s.FracBits) * s.TargetSigma + s.TargetMu,
            };
        }
        return result;
    }

    private static int ArgMax(BigInteger[] z)
    {
        var best = 0;
        for (var k = 1; k < z.Length; k++) if (z[k] > z[best]) best = k;
        return best;
    }

    public static double ToDouble(BigInteger v, int fracBits) => (double)v / Math.Pow(2, fracBits);
}

/// <summary>The float64 twin: the same split, normalisation, row order, batches and hyperparameters, with the exact sigmoid/softmax.</summary>
public static class FloatTrainer
{
    public sealed record Model(double[][] W, double[] B);

    public static Model Train(Dataset data, TrainingSpec s)
    {
        var K = s.Outputs;
        var d = s.D;
        var w = new double[K][];
        for (var k = 0; k < K; k++) w[k] = new double[d];
        var b = new double[K];
        var xs = s.TrainRows.Select(i => Normalize(data, s, i)).ToArray();
        var ys = s.TrainRows.Select(i => Labels(data, s, i)).ToArray();
        for (var epoch = 0; epoch < s.Epochs; epoch++)
        {
            foreach (var batch in s.Batches(epoch))
            {
                var g = new double[K, d];
                var gb = new double[K];
                foreach (var ri in batch)
                {
                    var p = Forward(s, w, b, xs[ri]);
                    for (var k = 0; k < K; k++)
                    {
                        var e = p[k] - ys[ri][k];
                        for (var j = 0; j < d; j++) g[k, j] += e * xs[ri][j];
                        gb[k] += e;
                    }
                }
                var m = batch.Length;
                var lr = s.LearningRate;
                for (var k = 0; k < K; k++)
                {
                    for (var j = 0; j < d; j++) w[k][j] -= lr * (g[k, j] / m + s.L2 * w[k][j]);
                    b[k] -= lr * gb[k] / m;
                }
            }
        }
        return new Model(w, b);
    }

    public static double[] Normalize(Dataset data, TrainingSpec s, int row)
    {
        var x = new double[s.D];
        for (var j = 0; j < s.D; j++) x[j] = (data.X[row][j] - s.Mu[j]) / s.Sigma[j];
        return x;
    }

    private static double[] Labels(Dataset data, TrainingSpec s, int row) => s.Family switch
    {
        ModelFamily.Logistic => [data.Y[row]],
        ModelFamily.Softmax => Enumerable.Range(0, s.Outputs).Select(k => data.Y[row] == k ? 1.0 : 0.0).ToArray(),
        _ => [(data.Y[row] - s.TargetMu) / s.TargetSigma],
    };

    private static double[] Logits(TrainingSpec s, double[][] w, double[] b, double[] x)
    {
        var z = new double[s.Outputs];
        for (var k = 0; k < s.Outputs; k++)
        {
            z[k] = b[k];
            for (var j = 0; j < s.D; j++) z[k] += w[k][j] * x[j];
        }
        return z;
    }

    private static double[] Forward(TrainingSpec s, double[][] w, double[] b, double[] x)
    {
        var z = Logits(s, w, b, x);
        switch (s.Family)
        {
            case ModelFamily.Logistic: return [1 / (1 + Math.Exp(-z[0]))];
            case ModelFamily.Linear: return z;
            default:
                var max = z.Max();
                var e = z.Select(v => Math.Exp(v - max)).ToArray();
                var sum = e.Sum();
                return e.Select(v => v / sum).ToArray();
        }
    }

    public static double[] Predict(Dataset data, TrainingSpec s, Model m, IReadOnlyList<int> rows) =>
        rows.Select(r =>
        {
            var z = Logits(s, m.W, m.B, Normalize(data, s, r));
            return s.Family switch
            {
                ModelFamily.Logistic => z[0] >= 0 ? 1.0 : 0.0,
                ModelFamily.Softmax => Array.IndexOf(z, z.Max()),
                _ => z[0] * s.TargetSigma + s.TargetMu,
            };
        }).ToArray();
}

public static class Metrics
{
    public static double Accuracy(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        if (predicted.Count == 0) return double.NaN;
        var ok = 0;
        for (var i = 0; i < predicted.Count; i++) if (predicted[i] == actual[i]) ok++;
        return (double)ok / predicted.Count;
    }

    public static double R2(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        if (predicted.Count == 0) return double.NaN;
        var mean = actual.Average();
        double ssRes = 0, ssTot = 0;
        for (var i = 0; i < predicted.Count; i++)
        {
            ssRes += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            ssTot += (actual[i] - mean) * (actual[i] - mean);
        }
        return ssTot == 0 ? double.NaN : 1 - ssRes / ssTot;
    }

    /// <summary>Accuracy (classifiers) or R² (linear) on the given rows.</summary>
    public static double Score(TrainingSpec s, IReadOnlyList<double> predicted, Dataset data, IReadOnlyList<int> rows)
    {
        var actual = rows.Select(r => data.Y[r]).ToArray();
        return s.Family == ModelFamily.Linear ? R2(predicted, actual) : Accuracy(predicted, actual);
    }
}
