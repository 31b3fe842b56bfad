using System.Numerics;
using ZkChain.Training.Fixed;
using ZkChain.Training.Training;

namespace ZkChain.Training.Catalog;

/// <summary>The catalog circuit's dataset-dependent values as Fx values (constants natively, input wires in the circuit).</summary>
public sealed record CatalogParams<T>(T LrQ, T L2Q, T[] MuQ, T[] ScaleQ, T TargetMuQ, T TargetScaleQ);

/// <summary>
/// The padded training run of a catalog circuit, written once against <see cref="Fx{T}"/> (native twin and circuit run
/// exactly these operations). Differences from <see cref="TrainingProgram"/>, all so that the shape can be fixed:
/// <list type="bullet">
/// <item>N row slots with training bits t_i (prefix: the first nTrain committed rows); every slot runs the forward pass,
/// and its error is multiplied by t_i, so test rows and empty slots change nothing;</item>
/// <item>normalisation by input values: x = floor(t_i (xRaw − muQ) scaleQ / 2^(Fd + 32 − F)); the label is read as t_i·yRaw
/// (so test and empty slots normalise to 0 and never trip a range check);</item>
/// <item>batch b = slots [bB, (b+1)B) in committed order every epoch; m_b = Σ t_i over the batch;
/// eta_b = floor((2 lrQ + m_b) / (2 m_b)) = round(lrQ / m_b) as <see cref="TrainingSpec.EtaQ"/>, and 0 when m_b = 0;
/// the L2 term is m_b · l2Q · W.</item>
/// </list>
/// On the active rows this is the unpadded trainer with <see cref="RowOrder.Committed"/>, bit for bit (tests check it).
/// </summary>
public static class CatalogProgram
{
    public static FixedModel<T> Run<T>(Fx<T> fx, CatalogEntry entry, CatalogParams<T> p, IReadOnlyList<T> trainBits,
        IReadOnlyList<T[]> rawRows, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var N = entry.MaxRows;
        if (trainBits.Count != N || rawRows.Count != N) throw new ArgumentException($"catalog program: expected {N} slots, got {trainBits.Count} bits and {rawRows.Count} rows");
        var shape = entry.ShapeSpec();
        var rows = new TrainingProgram.Row<T>[N];
        for (var i = 0; i < N; i++) rows[i] = PrepareRow(fx, entry, shape, p, trainBits[i], rawRows[i], i);

        var d = entry.D;
        var K = entry.Outputs;
        var one = BigInteger.One << entry.FracBits;
        var w = new T[K][];
        var b = new T[K];
        for (var k = 0; k < K; k++)
        {
            w[k] = Enumerable.Range(0, d).Select(_ => fx.Zero).ToArray();
            b[k] = fx.Zero;
        }
        // eta and the L2 factor depend on the batch's training count only: the same every epoch.
        var batchEta = new T[entry.BatchesPerEpoch];
        var batchL2 = new T[entry.BatchesPerEpoch];
        var rBits = BitLength(2 * entry.BatchSize) + 1;
        for (var bi = 0; bi < entry.BatchesPerEpoch; bi++)
        {
            var m = fx.Sum(Slots(entry, bi).Select(i => trainBits[i]));
            var empty = fx.IsEqualConst(m, BigInteger.Zero);
            var num = fx.Mul(fx.Sub(fx.Const(BigInteger.One), empty), fx.Add(fx.Scale(p.LrQ, 2), m));
            var den = fx.Add(fx.Scale(m, 2), empty);
            batchEta[bi] = fx.DivFloor(num, den, CatalogEntry.LrQBits + 1, rBits, "catalog learning-rate step");
            batchL2[bi] = fx.Mul(p.L2Q, m);
        }
        var shift = entry.FracBits + TrainingSpec.LrBits;
        var totalBatches = entry.Epochs * entry.BatchesPerEpoch;
        var done = 0;
        for (var epoch = 0; epoch < entry.Epochs; epoch++)
        {
            for (var bi = 0; bi < entry.BatchesPerEpoch; bi++)
            {
                var gTerms = new List<T>[K, d];
                var gbTerms = new List<T>[K];
                for (var k = 0; k < K; k++)
                {
                    gbTerms[k] = [];
                    for (var j = 0; j < d; j++) gTerms[k, j] = [];
                }
                foreach (var i in Slots(entry, bi))
                {
                    var row = rows[i];
                    var raw = TrainingProgram.Errors(fx, shape, w, b, row, one);
                    for (var k = 0; k < K; k++)
                    {
                        var e = fx.Mul(trainBits[i], raw[k]);
                        for (var j = 0; j < d; j++) gTerms[k, j].Add(fx.Mul(e, row.X[j]));
                        gbTerms[k].Add(fx.Scale(e, one));
                    }
                }
                for (var k = 0; k < K; k++)
                {
                    for (var j = 0; j < d; j++)
                    {
                        var grad = fx.Add(fx.Sum(gTerms[k, j]), fx.Mul(w[k][j], batchL2[bi]));
                        var (step, _) = fx.Trunc(fx.Mul(batchEta[bi], grad), shift, shape.ZBits, "weight update");
                        w[k][j] = fx.Fresh(fx.Sub(w[k][j], step));
                    }
                    var (bstep, _) = fx.Trunc(fx.Mul(batchEta[bi], fx.Sum(gbTerms[k])), shift, shape.ZBits, "bias update");
                    b[k] = fx.Fresh(fx.Sub(b[k], bstep));
                }
                done++;
                if (progress != null && (done % 16 == 0 || done == totalBatches)) progress.Report(("training", (double)done / totalBatches));
            }
        }
        return new FixedModel<T>(w, b);
    }

    private static IEnumerable<int> Slots(CatalogEntry entry, int batch) =>
        Enumerable.Range(batch * entry.BatchSize, Math.Min(entry.BatchSize, entry.MaxRows - batch * entry.BatchSize));

    /// <summary>Normalised features and labels of slot i; zero for slots that do not train (t_i = 0).</summary>
    private static TrainingProgram.Row<T> PrepareRow<T>(Fx<T> fx, CatalogEntry entry, TrainingSpec shape, CatalogParams<T> p, T train, T[] raw, int slot)
    {
        var x = new T[entry.D];
        for (var j = 0; j < entry.D; j++)
        {
            var centred = fx.Mul(train, fx.Sub(raw[j], p.MuQ[j]));
            x[j] = fx.Trunc(fx.Mul(centred, p.ScaleQ[j]), shape.NormShift, shape.XBits,
                $"normalising row {slot}, feature {j} (normalised values must stay below 128 in magnitude)").Q;
        }
        var yRaw = raw[entry.D];
        var one = BigInteger.One << entry.FracBits;
        var oneD = BigInteger.One << shape.DataFracBits;
        T[] y;
        switch (entry.Family)
        {
            case ModelFamily.Logistic:
            {
                var label = fx.Mul(train, yRaw);
                fx.AssertZeroOr(label, oneD, $"label of row {slot}");
                y = [fx.Scale(fx.IsEqualConst(label, oneD), one)];
                break;
            }
            case ModelFamily.Softmax:
            {
                var label = fx.Mul(train, yRaw);
                y = new T[entry.Outputs];
                var hot = new T[entry.Outputs];
                for (var k = 0; k < entry.Outputs; k++)
                {
                    hot[k] = fx.IsEqualConst(label, oneD * k);
                    y[k] = fx.Scale(hot[k], one);
                }
                fx.AssertEqual(fx.Sum(hot), fx.Const(BigInteger.One), $"class label of row {slot} must be one of 0..{entry.Outputs - 1}");
                break;
            }
            default:
            {
                var centred = fx.Mul(train, fx.Sub(yRaw, p.TargetMuQ));
                y = [fx.Trunc(fx.Mul(centred, p.TargetScaleQ), shape.NormShift, shape.XBits, $"normalising the target of row {slot}").Q];
                break;
            }
        }
        return new TrainingProgram.Row<T>(x, y);
    }

    private static int BitLength(int v) => 32 - BitOperations.LeadingZeroCount((uint)v);
}

/// <summary>The native twin of a catalog circuit's training (bit-identical to the circuit by construction).</summary>
public static class CatalogTrainer
{
    /// <param name="rows">The n committed rows (quantised), in committed order.</param>
    public static FixedModel<BigInteger> Train(CatalogEntry entry, CatalogValues v, IReadOnlyList<BigInteger[]> rows,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        v.Validate(entry);
        if (rows.Count != v.Rows) throw new ArgumentException($"{rows.Count} rows given; the values say {v.Rows}", nameof(rows));
        var p = new CatalogParams<BigInteger>(v.LrQ, v.L2Q, v.MuQ, v.ScaleQ, v.TargetMuQ, v.TargetScaleQ);
        return CatalogProgram.Run(NativeFx.Instance, entry, p, v.TrainBits(entry), CatalogValues.PadRows(entry, rows), progress);
    }
}
