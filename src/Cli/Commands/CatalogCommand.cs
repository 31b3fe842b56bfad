using System.CommandLine;
using System.Globalization;
using ZkChain.Circuits;
using ZkChain.Cli.Infrastructure;
using ZkChain.Training.Catalog;
using ZkChain.Training.Circuits;
using ZkChain.Training.Training;

namespace ZkChain.Cli.Commands;

/// <summary>
/// `zkchain circuit catalog [--constraints] [--json]`: the shipped catalog circuits (padded shapes whose one setup serves
/// every dataset that fits). Added to `circuit` by <see cref="CircuitCommands.AddTo"/>.
/// </summary>
internal static class CatalogCommand
{
    internal static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var constraints = new Option<bool>("--constraints") { Description = "compile every entry and print its constraint count (the large entries take minutes and GiBs)" };
        var cmd = new Command("catalog", "List the catalog circuits: padded training circuits shared by every dataset that fits (committed row order, tail test split)");
        cmd.Options.Add(json);
        cmd.Options.Add(constraints);
        cmd.SetHandler(parse =>
        {
            var count = parse.GetValue(constraints);
            var rows = new List<(CatalogEntry Entry, int? Constraints)>();
            using (var progress = new ConsoleProgress(quiet: parse.GetValue(json)))
            {
                foreach (var e in CircuitCatalog.Entries)
                {
                    int? n = null;
                    if (count)
                    {
                        progress.Report(($"compiling {e.Name}", 0));
                        n = CircuitCompiler.Compile(new CatalogTrainingCircuit(e)).NConstraints;
                    }
                    rows.Add((e, n));
                }
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonOut.Serialize(rows.Select(r => new
                {
                    name = r.Entry.Name, family = TrainingSpec.FamilyName(r.Entry.Family), nFeatures = r.Entry.D, nClasses = r.Entry.Classes,
                    maxRows = r.Entry.MaxRows, epochs = r.Entry.Epochs, batchSize = r.Entry.BatchSize, fracBits = r.Entry.FracBits,
                    constraints = r.Constraints,
                })));
            }
            else
            {
                string I(int v) => v.ToString(CultureInfo.InvariantCulture);
                Table.PrintGrid(["name", "family", "features", "classes", "max rows", "epochs", "batch", "frac bits", "constraints"],
                    rows.Select(r => (IReadOnlyList<string>)[r.Entry.Name, TrainingSpec.FamilyName(r.Entry.Family), I(r.Entry.D), I(r.Entry.Classes),
                        I(r.Entry.MaxRows), I(r.Entry.Epochs), I(r.Entry.BatchSize), I(r.Entry.FracBits),
                        r.Constraints is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "(--constraints)"]));
                Console.WriteLine("A dataset fits an entry with the same family, features, classes, epochs, batch and frac bits and at most 'max rows' committed rows.");
                Console.WriteLine("Catalog semantics: rows train in committed order every epoch; the last round(n × test-split) rows are the test set.");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
