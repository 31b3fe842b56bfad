using System.Numerics;

namespace ZkChain.Training.Data;

/// <summary>
/// A labelled dataset: the feature columns (file order, target removed) and the target column,
/// as float64 values and as quantised fixed-point integers (the committed form).
/// Quantisation: q = round(x * 2^DataFracBits) (half away from zero); |q| must be below 2^(ValueBits-1),
/// otherwise loading fails with the row and column named (no clamping).
/// </summary>
public sealed class Dataset
{
    public const int DataFracBits = 20;
    public const int ValueBits = 48;

    public string Source { get; }
    public IReadOnlyList<string> Features { get; }
    public string Target { get; }
    /// <summary>Features[row][j] as float64.</summary>
    public IReadOnlyList<double[]> X { get; }
    public IReadOnlyList<double> Y { get; }
    /// <summary>Quantised rows: d feature values followed by the target (d + 1 integers).</summary>
    public IReadOnlyList<BigInteger[]> Quantized { get; }

    public int Count => X.Count;
    public int D => Features.Count;
    /// <summary>Constant-zero feature columns appended by <see cref="WithPadding"/> (the last ones of <see cref="Features"/>).</summary>
    public int PaddingFeatures { get; }
    /// <summary>The features read from the file (the first <see cref="RealFeatures"/> of <see cref="Features"/>).</summary>
    public int RealFeatures => D - PaddingFeatures;
    /// <summary>The names of the padding columns (empty when the dataset is not padded).</summary>
    public IReadOnlyList<string> PaddingNames => Features.Skip(RealFeatures).ToArray();

    /// <summary>Largest feature count a dataset may be padded to (the catalog's limit on d).</summary>
    public const int MaxPaddedFeatures = 256;

    /// <summary>The name of the i-th padding column (1-based): "_pad1", "_pad2", ...</summary>
    public static string PaddingName(int i) => $"_pad{i}";

    private Dataset(string source, string[] features, string target, List<double[]> x, List<double> y, List<BigInteger[]> q, IReadOnlyList<int> lines,
        int paddingFeatures = 0)
    {
        PaddingFeatures = paddingFeatures;
        _lines = lines;
        Source = source;
        Features = features;
        Target = target;
        X = x;
        Y = y;
        Quantized = q;
    }

    public static Dataset Load(string path, string target) => FromTable(CsvTable.Load(path), target);

    public static Dataset FromTable(CsvTable table, string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var ti = table.ColumnIndex(target);
        if (ti < 0)
        {
            throw new ArgumentException($"{table.Source}: target column '{target}' not found; columns are: {string.Join(", ", table.Columns)}", nameof(target));
        }
        if (table.Columns.Count < 2)
        {
            throw new InvalidDataException($"{table.Source}: needs at least one feature column besides the target '{target}'");
        }
        var features = table.Columns.Where((_, i) => i != ti).ToArray();
        var x = new List<double[]>(table.Rows.Count);
        var y = new List<double>(table.Rows.Count);
        var q = new List<BigInteger[]>(table.Rows.Count);
        var limit = BigInteger.One << (ValueBits - 1);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var fx = new double[features.Length];
            var qr = new BigInteger[features.Length + 1];
            var k = 0;
            for (var c = 0; c < row.Length; c++)
            {
                var v = Quantize(row[c], limit, table, r, c);
                if (c == ti) { qr[features.Length] = v; continue; }
                fx[k] = row[c];
                qr[k] = v;
                k++;
            }
            x.Add(fx);
            y.Add(row[ti]);
            q.Add(qr);
        }
        return new Dataset(table.Source, features, target, x, y, q, table.Lines);
    }

    /// <summary>
    /// This dataset with constant-zero feature columns "_pad1".."_pad{D−d}" appended after the real features, so that it
    /// has <paramref name="totalFeatures"/> features: the form committed by `data commit --pad-features D`. A zero column
    /// normalises to 0 (offset 0, scale 1), so its weights stay exactly 0 and the other weights are those of the unpadded
    /// data. Padding an already padded dataset re-pads its real features. Throws ArgumentException (parameter
    /// "pad-features") when D is below the real feature count or above <see cref="MaxPaddedFeatures"/>, or when the file
    /// already has a column named like a padding column.
    /// </summary>
    public Dataset WithPadding(int totalFeatures)
    {
        var d = RealFeatures;
        if (totalFeatures < d)
            throw new ArgumentException($"--pad-features {totalFeatures}: {Source} has {d} feature columns besides the target; padding can only add columns (use {d} or more)", "pad-features");
        if (totalFeatures > MaxPaddedFeatures)
            throw new ArgumentException($"--pad-features {totalFeatures}: at most {MaxPaddedFeatures} features (the largest catalog shape)", "pad-features");
        if (totalFeatures == D && PaddingFeatures == totalFeatures - d) return this;
        var pad = totalFeatures - d;
        var names = Enumerable.Range(1, pad).Select(PaddingName).ToArray();
        var real = Features.Take(d).ToArray();
        foreach (var name in names)
        {
            if (real.Contains(name) || name == Target)
                throw new ArgumentException($"--pad-features: {Source} already has a column named '{name}', the name of a padding column; rename it", "pad-features");
        }
        var x = X.Select(r => r.Take(d).Concat(new double[pad]).ToArray()).ToList();
        var q = Quantized.Select(r => r.Take(d).Concat(new BigInteger[pad]).Append(r[^1]).ToArray()).ToList();
        return new Dataset(Source, real.Concat(names).ToArray(), Target, x, Y.ToList(), q, _lines, pad);
    }

    public static BigInteger QuantizeValue(double v, int fracBits) =>
        new(Math.Round(v * Math.Pow(2, fracBits), MidpointRounding.AwayFromZero));

    private static BigInteger Quantize(double v, BigInteger limit, CsvTable t, int r, int c)
    {
        var scaled = v * Math.Pow(2, DataFracBits);
        if (!double.IsFinite(scaled) || Math.Abs(scaled) >= (double)limit)
        {
            throw new InvalidDataException(
                $"{t.Source}: line {t.Lines[r]}, column '{t.Columns[c]}': value {v} is outside the representable range " +
                $"(|x| < 2^{ValueBits - 1 - DataFracBits} with {DataFracBits} fractional bits)");
        }
        var q = QuantizeValue(v, DataFracBits);
        if (BigInteger.Abs(q) >= limit)
        {
            throw new InvalidDataException($"{t.Source}: line {t.Lines[r]}, column '{t.Columns[c]}': value {v} is outside the representable range");
        }
        return q;
    }

    /// <summary>The file line of a row, for messages.</summary>
    public int LineOf(int row) => _lines[row];
    private readonly IReadOnlyList<int> _lines;
}
