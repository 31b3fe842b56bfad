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

    private Dataset(string source, string[] features, string target, List<double[]> x, List<double> y, List<BigInteger[]> q, IReadOnlyList<int> lines)
    {
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
