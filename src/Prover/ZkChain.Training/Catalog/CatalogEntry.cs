using System.Numerics;
using ZkChain.Training.Data;
using ZkChain.Training.Training;

namespace ZkChain.Training.Catalog;

/// <summary>
/// The fixed shape of a catalog circuit: everything the constraint system depends on. Every dataset-dependent value
/// (rows actually committed, training rows, learning rate, L2, normalisation constants) is a circuit input bound by the
/// config hash, so one setup (one ceremony) serves every dataset that fits the shape.
/// </summary>
/// <param name="Family">Model family.</param>
/// <param name="D">Features (exact).</param>
/// <param name="Classes">2 for logistic, K for softmax, 0 for linear.</param>
/// <param name="MaxRows">N: row slots, a power of two; a dataset of n ≤ N committed rows fits.</param>
/// <param name="Epochs">Passes over the training rows.</param>
/// <param name="BatchSize">B: slots per batch (batch b = slots [bB, (b+1)B)).</param>
/// <param name="FracBits">Fixed-point fractional bits.</param>
public sealed record CatalogEntry(ModelFamily Family, int D, int Classes, int MaxRows, int Epochs, int BatchSize, int FracBits)
{
    /// <summary>Bits of lrQ (lr ≤ 16 with 24 fractional bits: lrQ ≤ 2^28).</summary>
    public const int LrQBits = 29;
    /// <summary>Bits of the normalisation scales scaleQ = round(2^32 / sigma) the circuit accepts.</summary>
    public const int ScaleQBits = 64;

    public int Outputs => Family == ModelFamily.Softmax ? Classes : 1;
    public int Columns => D + 1;
    public int Log2MaxRows => BitOperations.Log2((uint)MaxRows);
    /// <summary>Batches per epoch: N / B, rounded up (the last may hold fewer slots).</summary>
    public int BatchesPerEpoch => (MaxRows + BatchSize - 1) / BatchSize;
    /// <summary>Bits of l2Q (l2 ≤ 16 with F fractional bits).</summary>
    public int L2QBits => FracBits + 5;

    public string Name => Family switch
    {
        ModelFamily.Softmax => $"softmax-d{D}-k{Classes}-n{MaxRows}-e{Epochs}-b{BatchSize}-f{FracBits}",
        _ => $"{TrainingSpec.FamilyName(Family)}-d{D}-n{MaxRows}-e{Epochs}-b{BatchSize}-f{FracBits}",
    };

    /// <summary>Checks the shape (the catalog table and tests build entries through this).</summary>
    public static CatalogEntry Create(ModelFamily family, int d, int classes, int maxRows, int epochs, int batchSize, int fracBits)
    {
        var e = new CatalogEntry(family, d, classes, maxRows, epochs, batchSize, fracBits);
        if (d < 1 || d > 256) throw new ArgumentException($"catalog entry: d must be in 1..256 (got {d})", nameof(d));
        var expectedClasses = family switch { ModelFamily.Logistic => 2, ModelFamily.Linear => 0, _ => classes };
        if (classes != expectedClasses || (family == ModelFamily.Softmax && (classes < 2 || classes > 16)))
            throw new ArgumentException($"catalog entry: {TrainingSpec.FamilyName(family)} cannot have {classes} classes", nameof(classes));
        if (maxRows < 1 || maxRows > 1 << 16 || !BitOperations.IsPow2(maxRows))
            throw new ArgumentException($"catalog entry: the number of row slots must be a power of two in 1..65536 (got {maxRows})", nameof(maxRows));
        if (epochs < 1 || epochs > 10_000) throw new ArgumentException($"catalog entry: epochs must be in 1..10000 (got {epochs})", nameof(epochs));
        if (batchSize < 1 || batchSize > maxRows) throw new ArgumentException($"catalog entry: batch must be in 1..{maxRows} (got {batchSize})", nameof(batchSize));
        if (fracBits < 8 || fracBits > Dataset.DataFracBits) throw new ArgumentException($"catalog entry: fracBits must be in 8..{Dataset.DataFracBits} (got {fracBits})", nameof(fracBits));
        return e;
    }

    /// <summary>
    /// A spec carrying only this shape, for the shared forward pass (<see cref="TrainingProgram"/>'s error computation
    /// reads family, d, outputs and the fixed-point widths, nothing dataset-dependent).
    /// </summary>
    internal TrainingSpec ShapeSpec() => new()
    {
        Family = Family, D = D, Outputs = Outputs, Classes = Classes, FracBits = FracBits, Epochs = Epochs, BatchSize = BatchSize,
        LrQ = BigInteger.Zero, L2Q = BigInteger.Zero, Seed = 0, NRows = MaxRows, NTest = 0, Normalization = NormalizationKind.ZScore,
        Mu = [], Sigma = [], MuQ = [], ScaleQ = [], TargetMu = 0, TargetSigma = 1, TargetMuQ = BigInteger.Zero, TargetScaleQ = BigInteger.One,
        TrainRows = [], TestRows = [], EpochOrders = [], RowOrder = RowOrder.Committed,
    };

    /// <summary>Whether a spec (committed row order) can run on this circuit; otherwise why not.</summary>
    public string? Misfit(TrainingSpec s)
    {
        var diffs = new List<string>();
        if (s.Family != Family) diffs.Add($"family {TrainingSpec.FamilyName(s.Family)} ≠ {TrainingSpec.FamilyName(Family)}");
        if (s.D != D) diffs.Add($"{s.D} features ≠ {D}");
        if (s.Classes != Classes) diffs.Add($"{s.Classes} classes ≠ {Classes}");
        if (s.NRows > MaxRows) diffs.Add($"{s.NRows} rows > {MaxRows} slots");
        if (s.Epochs != Epochs) diffs.Add($"{s.Epochs} epochs ≠ {Epochs}");
        if (s.BatchSize != BatchSize) diffs.Add($"batch {s.BatchSize} ≠ {BatchSize}");
        if (s.FracBits != FracBits) diffs.Add($"{s.FracBits} fractional bits ≠ {FracBits}");
        return diffs.Count == 0 ? null : string.Join(", ", diffs);
    }
}
