using System.Globalization;

namespace ZkChain.Training.Data;

/// <summary>
/// A numeric table read from CSV: a header row of unique column names, then rows of finite numbers.
/// Every error names the source, the line (1-based, the header is line 1), the column and what is wrong.
/// </summary>
public sealed class CsvTable
{
    public string Source { get; }
    public IReadOnlyList<string> Columns { get; }
    /// <summary>Rows in file order; Values[row][column].</summary>
    public IReadOnlyList<double[]> Rows { get; }
    /// <summary>The 1-based file line of each row (for error messages).</summary>
    public IReadOnlyList<int> Lines { get; }

    private CsvTable(string source, string[] columns, List<double[]> rows, List<int> lines)
    {
        Source = source;
        Columns = columns;
        Rows = rows;
        Lines = lines;
    }

    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == name) return i;
        }
        return -1;
    }

    public static CsvTable Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path);
    }

    public static CsvTable Parse(TextReader reader, string source)
    {
        string? header = null;
        var lineNo = 0;
        while (header == null)
        {
            var l = reader.ReadLine();
            lineNo++;
            if (l == null) throw new InvalidDataException($"{source}: the file is empty (no header row)");
            if (l.Trim().Length > 0) header = l;
        }
        var headerLine = lineNo;
        var columns = SplitLine(header).Select(c => c.Trim()).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i].Length == 0) throw new InvalidDataException($"{source}: line {headerLine}: header column {i + 1} has an empty name");
            if (seen.TryGetValue(columns[i], out var first))
            {
                throw new InvalidDataException($"{source}: line {headerLine}: duplicate header name '{columns[i]}' (columns {first + 1} and {i + 1})");
            }
            seen[columns[i]] = i;
        }
        var rows = new List<double[]>();
        var lines = new List<int>();
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var cells = SplitLine(line);
            if (cells.Count != columns.Length)
            {
                throw new InvalidDataException($"{source}: line {lineNo}: has {cells.Count} cells but the header has {columns.Length} columns");
            }
            var values = new double[columns.Length];
            for (var c = 0; c < cells.Count; c++)
            {
                var cell = cells[c].Trim();
                if (cell.Length == 0)
                {
                    throw new InvalidDataException($"{source}: line {lineNo}, column '{columns[c]}': empty cell (missing value)");
                }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    throw new InvalidDataException($"{source}: line {lineNo}, column '{columns[c]}': '{Shorten(cell)}' is not a number");
                }
                if (!double.IsFinite(v))
                {
                    throw new InvalidDataException($"{source}: line {lineNo}, column '{columns[c]}': '{Shorten(cell)}' is not a finite number (NaN and infinity are not allowed)");
                }
                values[c] = v;
            }
            rows.Add(values);
            lines.Add(lineNo);
        }
        if (rows.Count == 0) throw new InvalidDataException($"{source}: no data rows after the header");
        return new CsvTable(source, columns, rows, lines);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

    /// <summary>Comma separated; a cell may be wrapped in double quotes (with "" for a quote inside).</summary>
    private static List<string> SplitLine(string line)
    {
        var cells = new List<string>();
        var sb = new System.Text.StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else inQuotes = false;
                }
                else sb.Append(ch);
            }
            else if (ch == '"') inQuotes = true;
            else if (ch == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        cells.Add(sb.ToString());
        return cells;
    }
}
