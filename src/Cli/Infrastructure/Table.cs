namespace ZkChain.Cli.Infrastructure;

/// <summary>Plain-text tables for results on stdout (no colours, so output stays readable when piped).</summary>
public static class Table
{
    /// <summary>Two columns: a label and its value.</summary>
    public static void Print(params (string Label, string Value)[] rows)
    {
        var w = rows.Length == 0 ? 0 : rows.Max(r => r.Label.Length);
        foreach (var (label, value) in rows) Console.WriteLine($"  {label.PadRight(w)}  {value}");
    }

    /// <summary>A header row and data rows, columns padded to their widest cell.</summary>
    public static void PrintGrid(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count).Select(c => all.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        string Line(IReadOnlyList<string> r) => "  " + string.Join("  ", Enumerable.Range(0, header.Count).Select(c => (c < r.Count ? r[c] : "").PadRight(widths[c]))).TrimEnd();
        Console.WriteLine(Line(header));
        Console.WriteLine("  " + string.Join("  ", widths.Select(x => new string('-', x))));
        foreach (var r in all.Skip(1)) Console.WriteLine(Line(r));
    }
}
