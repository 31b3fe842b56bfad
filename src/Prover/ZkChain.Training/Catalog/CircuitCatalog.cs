using System.Text.Json.Nodes;
using ZkChain.Circuits;
using ZkChain.Training.Circuits;
using ZkChain.Training.Training;

namespace ZkChain.Training.Catalog;

/// <summary>
/// The shipped catalog: padded training circuits whose setup (ceremony) is shared by every dataset that fits.
/// This table is the one source of truth; names are derived from the shapes (<see cref="CatalogEntry.Name"/>).
/// </summary>
public static class CircuitCatalog
{
    public static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        // The demo's default run (breast_cancer subset: 30 features, up to 64 committed rows, 1 epoch, batch 8).
        CatalogEntry.Create(ModelFamily.Logistic, d: 30, classes: 2, maxRows: 64, epochs: 1, batchSize: 8, fracBits: 16),
        // breast_cancer's training split (455 rows, committed alone with --test-split 0): a benchmark entry (3.07 M
        // constraints, 3.9 GiB peak and about 80 s of CPU to compile — not for tests).
        CatalogEntry.Create(ModelFamily.Logistic, d: 30, classes: 2, maxRows: 512, epochs: 10, batchSize: 32, fracBits: 16),
        // iris (150 rows, 4 features, 3 classes), ten epochs: 2.6 M constraints, compiled in about 20 s with 2.3 GiB peak
        // (weights are fresh wires after each update, so the A-matrix stays small).
        CatalogEntry.Create(ModelFamily.Softmax, d: 4, classes: 3, maxRows: 256, epochs: 10, batchSize: 16, fracBits: 16),
        // diabetes (442 rows, 10 features), ten epochs: 1.3 M constraints, about 30 s and 1.7 GiB to compile. Datasets with
        // fewer features fit these entries too: `train` commits them with constant-zero padding columns.
        CatalogEntry.Create(ModelFamily.Linear, d: 10, classes: 0, maxRows: 512, epochs: 10, batchSize: 32, fracBits: 16),
        // Tiny, for tests.
        CatalogEntry.Create(ModelFamily.Logistic, d: 2, classes: 2, maxRows: 8, epochs: 1, batchSize: 4, fracBits: 16),
    ];

    public static CatalogEntry? Find(string name) =>
        Entries.FirstOrDefault(e => string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The smallest entry (fewest row slots) that fits the spec, or null.</summary>
    public static CatalogEntry? BestFit(TrainingSpec s) =>
        Entries.Where(e => e.Misfit(s) == null).OrderBy(e => e.MaxRows).FirstOrDefault();

    /// <summary>Entries of the same family and feature count, with why each does not fit (for error messages).</summary>
    public static IEnumerable<(CatalogEntry Entry, string? Misfit)> Close(TrainingSpec s) =>
        Entries.Where(e => e.Family == s.Family).OrderBy(e => e.D == s.D ? 0 : 1).ThenBy(e => e.MaxRows).Select(e => (e, e.Misfit(s)));

    /// <summary>
    /// The circuit a config.json describes when it names a catalog circuit ("circuit": {"kind": "catalog", "name": ...}),
    /// or null for any other config. Throws InvalidDataException when the name is unknown or its recorded shape
    /// disagrees with the catalog's.
    /// </summary>
    public static ICircuit? CircuitFromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var entry = EntryFromConfig(config);
        return entry == null ? null : new CatalogTrainingCircuit(entry);
    }

    /// <summary>The catalog entry a config.json names, or null when it is not a catalog config (see <see cref="CircuitFromConfig"/>).</summary>
    public static CatalogEntry? EntryFromConfig(JsonObject config)
    {
        if (config["circuit"] is not JsonObject circuit) return null;
        string? kind;
        try { kind = circuit["kind"]?.GetValue<string>(); }
        catch (InvalidOperationException) { throw new InvalidDataException("config.json: 'circuit.kind' must be a string"); }
        if (kind != "catalog") return null;
        string name;
        try { name = circuit["name"]?.GetValue<string>() ?? throw new InvalidDataException("config.json: 'circuit.name' is missing"); }
        catch (InvalidOperationException) { throw new InvalidDataException("config.json: 'circuit.name' must be a string"); }
        var entry = Find(name) ?? throw new InvalidDataException(
            $"config.json: catalog circuit '{name}' is not in this version's catalog (known: {string.Join(", ", Entries.Select(x => x.Name))})");
        if (circuit["shape"] is JsonObject shape && !JsonNode.DeepEquals(shape, ShapeJson(entry)))
            throw new InvalidDataException($"config.json: 'circuit.shape' differs from catalog entry {entry.Name}'s shape {ShapeJson(entry).ToJsonString()}");
        return entry;
    }

    /// <summary>The shape as config.json records it.</summary>
    public static JsonObject ShapeJson(CatalogEntry e) => new()
    {
        ["family"] = TrainingSpec.FamilyName(e.Family),
        ["nFeatures"] = e.D,
        ["nClasses"] = e.Classes,
        ["maxRows"] = e.MaxRows,
        ["epochs"] = e.Epochs,
        ["batchSize"] = e.BatchSize,
        ["fracBits"] = e.FracBits,
    };
}
