using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Training;

namespace ZkChain.Training.Catalog;

/// <summary>
/// The dataset-dependent values a catalog circuit takes as (secret) inputs, all bound by the version-2 config hash:
/// committed rows n, training rows nTrain (rows 0..nTrain-1 train, rows nTrain..n-1 are the test set), lrQ, l2Q,
/// the normalisation kind and constants.
/// </summary>
public sealed record CatalogValues(
    int Rows,
    int TrainRows,
    BigInteger LrQ,
    BigInteger L2Q,
    NormalizationKind Normalization,
    BigInteger[] MuQ,
    BigInteger[] ScaleQ,
    BigInteger TargetMuQ,
    BigInteger TargetScaleQ)
{
    /// <summary>Signed bit width accepted for the offsets muQ and targetMuQ (means of committed values, |q| &lt; 2^(ValueBits-1)).</summary>
    public const int OffsetBits = Dataset.ValueBits + 1;

    /// <summary>
    /// The values of a spec made with <see cref="RowOrder.Committed"/>; throws ArgumentException naming what does not fit
    /// <paramref name="entry"/> (shape, or a value beyond the circuit's range checks).
    /// </summary>
    public static CatalogValues FromSpec(CatalogEntry entry, TrainingSpec s)
    {
        if (s.RowOrder != RowOrder.Committed)
            throw new ArgumentException("catalog circuits train in committed row order with a tail test split; the spec uses a shuffled order", nameof(s));
        if (entry.Misfit(s) is { } why) throw new ArgumentException($"the data and options do not fit catalog entry {entry.Name}: {why}", nameof(s));
        var v = new CatalogValues(s.NRows, s.NTrain, s.LrQ, s.L2Q, s.Normalization, s.MuQ, s.ScaleQ, s.TargetMuQ, s.TargetScaleQ);
        v.Validate(entry);
        return v;
    }

    /// <summary>The range checks of the circuit, natively, with messages that say which value is out of range.</summary>
    public void Validate(CatalogEntry entry)
    {
        if (Rows < 1 || Rows > entry.MaxRows) throw new ArgumentException($"{Rows} committed rows: catalog entry {entry.Name} takes 1..{entry.MaxRows}", "rows");
        if (TrainRows < 1 || TrainRows > Rows) throw new ArgumentException($"{TrainRows} training rows: must be in 1..{Rows}", "test-split");
        if (LrQ.Sign < 0 || LrQ >= BigInteger.One << CatalogEntry.LrQBits) throw new ArgumentException($"learning rate (fixed point {LrQ}) is out of the catalog range [0, 2^{CatalogEntry.LrQBits - TrainingSpec.LrBits})", "lr");
        if (L2Q.Sign < 0 || L2Q >= BigInteger.One << entry.L2QBits) throw new ArgumentException($"L2 (fixed point {L2Q}) is out of the catalog range [0, 32)", "l2");
        if (MuQ.Length != entry.D || ScaleQ.Length != entry.D) throw new ArgumentException($"normalisation has {MuQ.Length} offsets and {ScaleQ.Length} scales; the entry has {entry.D} features", "normalize");
        var offsetLimit = BigInteger.One << (OffsetBits - 1);
        for (var j = 0; j <= entry.D; j++)
        {
            var (mu, scale, what) = j < entry.D ? (MuQ[j], ScaleQ[j], $"feature {j}") : (TargetMuQ, TargetScaleQ, "the target");
            if (mu < -offsetLimit || mu >= offsetLimit) throw new ArgumentException($"normalisation offset of {what} ({mu}) is out of range", "normalize");
            if (scale.Sign < 0 || scale >= BigInteger.One << CatalogEntry.ScaleQBits)
                throw new ArgumentException($"normalisation scale of {what} ({scale}) needs more than {CatalogEntry.ScaleQBits} bits: its spread is too small for a catalog circuit (use --circuit custom)", "normalize");
        }
    }

    /// <summary>Active bits a_i (1 for the n committed rows) over N slots.</summary>
    public BigInteger[] ActiveBits(CatalogEntry entry) => Enumerable.Range(0, entry.MaxRows).Select(i => i < Rows ? BigInteger.One : BigInteger.Zero).ToArray();

    /// <summary>Training bits t_i (1 for the first nTrain rows) over N slots.</summary>
    public BigInteger[] TrainBits(CatalogEntry entry) => Enumerable.Range(0, entry.MaxRows).Select(i => i < TrainRows ? BigInteger.One : BigInteger.Zero).ToArray();

    /// <summary>
    /// The version-2 config hash encoding (see <see cref="ConfigHash"/>): shape constants, then these values.
    /// </summary>
    public IReadOnlyList<BigInteger> Encoding(CatalogEntry entry) => Training.ConfigHash.EncodingV2(entry, this);

    public Fr ComputeConfigHash(CatalogEntry entry) => PoseidonChain.Hash(Encoding(entry).Select(Fr.FromBigInteger).ToArray());

    /// <summary>The committed rows padded to N slots with zero rows (slots ≥ n are never read: their leaves are 0).</summary>
    public static BigInteger[][] PadRows(CatalogEntry entry, IReadOnlyList<BigInteger[]> rows)
    {
        if (rows.Count > entry.MaxRows) throw new ArgumentException($"{rows.Count} rows do not fit {entry.MaxRows} slots", nameof(rows));
        var padded = new BigInteger[entry.MaxRows][];
        for (var i = 0; i < entry.MaxRows; i++)
        {
            if (i < rows.Count && rows[i].Length != entry.Columns) throw new ArgumentException($"row {i} has {rows[i].Length} values; the entry takes {entry.Columns}", nameof(rows));
            padded[i] = i < rows.Count ? rows[i].ToArray() : new BigInteger[entry.Columns];
        }
        return padded;
    }
}
