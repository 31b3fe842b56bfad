using System.Numerics;
using ZkChain.Training.Fixed;

namespace ZkChain.Training.Training;

/// <summary>The trained parameters, in fixed point with F fractional bits: W[output][feature], B[output].</summary>
public sealed record FixedModel<T>(T[][] W, T[] B);

/// <summary>
/// The fixed-point training run, written once against <see cref="Fx{T}"/>: the native trainer runs it on integers,
/// the circuit runs it on variables. Semantics (F = frac bits, Fd = data frac bits, all divisions are floor):
/// <list type="bullet">
/// <item>normalise: x = floor((xRaw - MuQ) * ScaleQ / 2^(Fd + 32 - F)), |x| &lt; 2^(F+7) (range-checked once per row).</item>
/// <item>logistic: z2 = sum_j W_j x_j + B 2^F (scale 2F); p = clamp(floor((z2 + 2^(2F+1)) / 2^(F+2)), 0, 2^F), i.e. the
/// piecewise-linear sigmoid clamp(z/4 + 1/2, 0, 1); error e = p - y.</item>
/// <item>linear: z = floor(z2 / 2^F); e = z - y (y z-scored).</item>
/// <item>softmax: z_k = floor(z2_k / 2^F); m = max z_k; u_k = m - z_k; exp(-u) ≈ (1 - u/8)^8 for u &lt; 8, else 0
/// (base b = max(0, floor((8*2^F - u) / 8)), three squarings each floor-truncated by F); p_k = floor(e_k 2^F / sum e).</item>
/// <item>gradient, exact within a batch: G_j = sum_i e_i x_ij (scale 2F), G_b = sum_i e_i 2^F.</item>
/// <item>update per batch of m rows: W_j -= floor(etaQ (G_j + m L2Q W_j) / 2^(F + 24)), etaQ = round(LrQ / m); bias without L2.</item>
/// </list>
/// </summary>
public static class TrainingProgram
{
    /// <summary>Normalised features and labels of one training row.</summary>
    public sealed record Row<T>(T[] X, T[] Y);

    /// <summary>rawRows: every committed row (d feature values then the target), in dataset order.</summary>
    public static FixedModel<T> Run<T>(Fx<T> fx, TrainingSpec s, IReadOnlyList<T[]> rawRows, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var rows = new Row<T>[s.NTrain];
        for (var t = 0; t < s.NTrain; t++)
        {
            rows[t] = PrepareRow(fx, s, rawRows[s.TrainRows[t]], s.TrainRows[t]);
        }
        var d = s.D;
        var K = s.Outputs;
        var one = BigInteger.One << s.FracBits;
        var w = new T[K][];
        var b = new T[K];
        for (var k = 0; k < K; k++)
        {
            w[k] = Enumerable.Range(0, d).Select(_ => fx.Zero).ToArray();
            b[k] = fx.Zero;
        }
        var totalBatches = s.Epochs * ((s.NTrain + s.BatchSize - 1) / s.BatchSize);
        var done = 0;
        for (var epoch = 0; epoch < s.Epochs; epoch++)
        {
            foreach (var batch in s.Batches(epoch))
            {
                // Exact products, summed once per batch (no truncation inside the batch).
                var gTerms = new List<T>[K, d];
                var gbTerms = new List<T>[K];
                for (var k = 0; k < K; k++)
                {
                    gbTerms[k] = new List<T>(batch.Length);
                    for (var j = 0; j < d; j++) gTerms[k, j] = new List<T>(batch.Length);
                }
                foreach (var ri in batch)
                {
                    var row = rows[ri];
                    var e = Errors(fx, s, w, b, row, one);
                    for (var k = 0; k < K; k++)
                    {
                        for (var j = 0; j < d; j++) gTerms[k, j].Add(fx.Mul(e[k], row.X[j]));
                        gbTerms[k].Add(fx.Scale(e[k], one));
                    }
                }
                var g = new T[K][];
                var gb = new T[K];
                for (var k = 0; k < K; k++)
                {
                    g[k] = new T[d];
                    for (var j = 0; j < d; j++) g[k][j] = fx.Sum(gTerms[k, j]);
                    gb[k] = fx.Sum(gbTerms[k]);
                }
                var m = batch.Length;
                var eta = s.EtaQ(m);
                var shift = s.FracBits + TrainingSpec.LrBits;
                for (var k = 0; k < K; k++)
                {
                    for (var j = 0; j < d; j++)
                    {
                        var grad = s.L2Q.IsZero ? g[k][j] : fx.Add(g[k][j], fx.Scale(w[k][j], s.L2Q * m));
                        var (step, _) = fx.Trunc(fx.Scale(grad, eta), shift, s.ZBits, "weight update");
                        w[k][j] = fx.Fresh(fx.Sub(w[k][j], step));
                    }
                    var (bstep, _) = fx.Trunc(fx.Scale(gb[k], eta), shift, s.ZBits, "bias update");
                    b[k] = fx.Fresh(fx.Sub(b[k], bstep));
                }
                done++;
                if (progress != null && (done % 16 == 0 || done == totalBatches)) progress.Report(("training", (double)done / totalBatches));
            }
        }
        return new FixedModel<T>(w, b);
    }

    public static Row<T> PrepareRow<T>(Fx<T> fx, TrainingSpec s, T[] raw, int datasetRow)
    {
        var x = new T[s.D];
        for (var j = 0; j < s.D; j++)
        {
            x[j] = fx.Trunc(fx.Scale(fx.Sub(raw[j], fx.Const(s.MuQ[j])), s.ScaleQ[j]), s.NormShift, s.XBits,
                $"normalising row {datasetRow}, feature {j} (normalised values must stay below 128 in magnitude)").Q;
        }
        var yRaw = raw[s.D];
        var one = BigInteger.One << s.FracBits;
        var oneD = BigInteger.One << s.DataFracBits;
        T[] y;
        switch (s.Family)
        {
            case ModelFamily.Logistic:
                fx.AssertZeroOr(yRaw, oneD, $"label of row {datasetRow}");
                y = [fx.Scale(fx.IsEqualConst(yRaw, oneD), one)];
                break;
            case ModelFamily.Softmax:
                y = new T[s.Outputs];
                var hot = new T[s.Outputs];
                for (var k = 0; k < s.Outputs; k++)
                {
                    hot[k] = fx.IsEqualConst(yRaw, oneD * k);
                    y[k] = fx.Scale(hot[k], one);
                }
                fx.AssertEqual(fx.Sum(hot), fx.Const(BigInteger.One), $"class label of row {datasetRow} must be one of 0..{s.Outputs - 1}");
                break;
            default:
                y = [fx.Trunc(fx.Scale(fx.Sub(yRaw, fx.Const(s.TargetMuQ)), s.TargetScaleQ), s.NormShift, s.XBits,
                    $"normalising the target of row {datasetRow}").Q];
                break;
        }
        return new Row<T>(x, y);
    }

    /// <summary>Per-output error (prediction minus label), scale F.</summary>
    internal static T[] Errors<T>(Fx<T> fx, TrainingSpec s, T[][] w, T[] b, Row<T> row, BigInteger one)
    {
        var F = s.FracBits;
        var K = s.Outputs;
        var z2 = new T[K];
        for (var k = 0; k < K; k++)
        {
            var terms = new T[s.D + 1];
            terms[0] = fx.Scale(b[k], one);
            for (var j = 0; j < s.D; j++) terms[j + 1] = fx.Mul(w[k][j], row.X[j]);
            z2[k] = fx.Sum(terms);
        }
        switch (s.Family)
        {
            case ModelFamily.Logistic:
            {
                var (t, tNonNeg) = fx.Trunc(fx.Add(z2[0], fx.Const(BigInteger.One << (2 * F + 1))), F + 2, s.ZBits, "logit");
                var t1 = fx.Select(tNonNeg, t, fx.Zero);
                var (_, belowOne) = fx.Trunc(fx.Sub(fx.Const(one), t1), 0, s.ZBits, "sigmoid clamp");
                var p = fx.Select(belowOne, t1, fx.Const(one));
                return [fx.Sub(p, row.Y[0])];
            }
            case ModelFamily.Linear:
            {
                var z = fx.Trunc(z2[0], F, s.ZBits, "prediction").Q;
                return [fx.Sub(z, row.Y[0])];
            }
            default:
            {
                var z = new T[K];
                for (var k = 0; k < K; k++) z[k] = fx.Trunc(z2[k], F, s.ZBits, "logit").Q;
                var m = z[0];
                for (var k = 1; k < K; k++)
                {
                    var (_, geq) = fx.Trunc(fx.Sub(m, z[k]), 0, s.ZBits + 1, "softmax max");
                    m = fx.Select(geq, m, z[k]);
                }
                var ex = new T[K];
                for (var k = 0; k < K; k++)
                {
                    var u = fx.Sub(m, z[k]);
                    var (bq, bNonNeg) = fx.Trunc(fx.Sub(fx.Const(one * 8), u), 3, s.ZBits + 1, "softmax exp");
                    var e = fx.Select(bNonNeg, bq, fx.Zero);
                    for (var r = 0; r < 3; r++) e = fx.Trunc(fx.Mul(e, e), F, F + 2, "softmax exp").Q;
                    ex[k] = e;
                }
                var sum = fx.Sum(ex);
                var rBits = F + 1 + BitLength(K);
                var err = new T[K];
                for (var k = 0; k < K; k++)
                {
                    var p = fx.DivFloor(fx.Scale(ex[k], one), sum, F + 1, rBits, "softmax normalisation");
                    err[k] = fx.Sub(p, row.Y[k]);
                }
                return err;
            }
        }
    }

    private static int BitLength(int v) => 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)v);
}
