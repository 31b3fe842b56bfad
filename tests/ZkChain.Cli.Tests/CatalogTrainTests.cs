using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ZkChain.TestSupport;

namespace ZkChain.Cli.Tests;

/// <summary>`zkchain train` with the tiny catalog entry: auto choice, verify-training, --zkey reuse across datasets, clear refusals.</summary>
public class CatalogTrainTests
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    private static string Csv(int rows, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("f0,f1,label\n");
        for (var i = 0; i < rows; i++)
        {
            var x0 = Math.Round(rng.NextDouble() * 10 - 3, 3);
            var x1 = Math.Round(rng.NextDouble() * 10 - 3, 3);
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{x0},{x1},{(x0 - 0.5 * x1 > 1 ? 1 : 0)}"));
        }
        return sb.ToString();
    }

    private static string[] Train(string csv, string outDir, params string[] extra) =>
        ["train", csv, "--target", "label", "--model", "logistic", "--epochs", "1", "--batch", "4", "--lr", "0.5", "--test-split", "0.3",
         "--publisher", Publisher, "--out", outDir, .. extra];

    [Fact]
    public void Train_picks_the_tiny_catalog_entry_and_its_key_proves_another_dataset()
    {
        using var tmp = new TempDirectory("zkchain-cli-catalog");
        File.WriteAllText(tmp.File("a.csv"), Csv(7, 3));
        File.WriteAllText(tmp.File("b.csv"), Csv(6, 8));

        var a = ZkchainProcess.Run(Train(tmp.File("a.csv"), tmp.File("a"), "--json"));
        Assert.True(a.ExitCode == 0, a.StdErr);
        var json = JsonNode.Parse(a.StdOut)!;
        Assert.Equal("catalog", json["circuit"]!.GetValue<string>());
        Assert.Equal("logistic-d2-n8-e1-b4-f16", json["catalogEntry"]!.GetValue<string>());
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.File("a"), "config.json")))!;
        Assert.Equal(2, config["version"]!.GetValue<int>());
        Assert.Equal("catalog", config["circuit"]!["kind"]!.GetValue<string>());
        var check = ZkchainProcess.Run(["verify-training", tmp.File("a")]);
        Assert.True(check.ExitCode == 0, check.StdOut + check.StdErr);
        Assert.Contains("VALID", check.StdOut);

        // The same catalog key proves another dataset; the setup is still reported as development-only.
        var b = ZkchainProcess.Run(Train(tmp.File("b.csv"), tmp.File("b"), "--zkey", Path.Combine(tmp.File("a"), "circuit.zkey")));
        Assert.True(b.ExitCode == 0, b.StdErr);
        Assert.Contains("catalog circuit logistic-d2-n8-e1-b4-f16", b.StdOut);
        Assert.Contains("DEVELOPMENT ONLY", b.StdErr);
        Assert.Equal(File.ReadAllText(Path.Combine(tmp.File("a"), "verification_key.json")), File.ReadAllText(Path.Combine(tmp.File("b"), "verification_key.json")));
        Assert.Equal(0, ZkchainProcess.Run(["verify-training", tmp.File("b")]).ExitCode);

        // The catalog key is refused for a custom circuit, naming the file.
        var custom = ZkchainProcess.Run(Train(tmp.File("b.csv"), tmp.File("c"), "--circuit", "custom", "--zkey", Path.Combine(tmp.File("a"), "circuit.zkey")));
        Assert.Equal(2, custom.ExitCode);
        Assert.Contains("circuit.zkey", custom.StdErr);
        Assert.Contains("another circuit", custom.StdErr);
        Assert.Contains("pass --catalog-entry", custom.StdErr);
        Assert.DoesNotContain("(Parameter", custom.StdErr);

        // --circuit catalog with no fitting entry: a clear error listing the close ones.
        var none = ZkchainProcess.Run(["train", tmp.File("a.csv"), "--target", "label", "--model", "logistic", "--epochs", "3", "--batch", "4", "--lr", "0.5",
            "--publisher", Publisher, "--out", tmp.File("d"), "--circuit", "catalog"]);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no catalog entry fits", none.StdErr);
        Assert.Contains("logistic-d2-n8-e1-b4-f16 (3 epochs ≠ 1)", none.StdErr);
    }

    private static string OneFeatureCsv(int rows)
    {
        var sb = new StringBuilder("x,label\n");
        for (var i = 0; i < rows; i++)
        {
            var x = Math.Round((i * 0.37 % 1) * 10 - 4, 3);
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{x},{(x > 0.5 ? 1 : 0)}"));
        }
        return sb.ToString();
    }

    [Fact]
    public void Train_pads_a_one_feature_csv_to_the_tiny_entry_and_the_padded_commitment_opens_rows()
    {
        using var tmp = new TempDirectory("zkchain-cli-catalog-pad");
        var csv = tmp.File("one.csv");
        File.WriteAllText(csv, OneFeatureCsv(7));

        var run = ZkchainProcess.Run(Train(csv, tmp.File("a"), "--json"));
        Assert.True(run.ExitCode == 0, run.StdErr);
        var json = JsonNode.Parse(run.StdOut)!;
        Assert.Equal("logistic-d2-n8-e1-b4-f16", json["catalogEntry"]!.GetValue<string>());
        Assert.Equal("_pad1", json["paddingFeatures"]![0]!.GetValue<string>());
        Assert.Contains("1 constant-zero padding column(s) (_pad1)", run.StdErr);
        string F(string name) => Path.Combine(tmp.File("a"), name);
        var model = JsonNode.Parse(File.ReadAllText(F("model.json")))!;
        Assert.Equal("_pad1", model["paddingFeatures"]![0]!.GetValue<string>());
        Assert.Equal("0", model["fixedPoint"]!["weights"]![0]![1]!.GetValue<string>());
        Assert.NotEqual("0", model["fixedPoint"]!["weights"]![0]![0]!.GetValue<string>());
        Assert.Contains("_pad1", JsonNode.Parse(File.ReadAllText(F("config.json")))!["circuitChoice"]!.GetValue<string>());
        var check = ZkchainProcess.Run(["verify-training", tmp.File("a")]);
        Assert.True(check.ExitCode == 0, check.StdOut + check.StdErr);
        Assert.Contains("padding columns", check.StdOut);
        Assert.Contains("VALID", check.StdOut);

        // The data owner opens a row from the 1-feature CSV: the recorded padding is re-applied.
        var prove = ZkchainProcess.Run(["data", "prove-row", csv, "--row", "2", "--secret", F("data.secret.json"), "--out", tmp.File("row2.json")]);
        Assert.True(prove.ExitCode == 0, prove.StdErr);
        var verify = ZkchainProcess.Run(["data", "verify-row", tmp.File("row2.json"), F("commitment.json")]);
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
        Assert.Contains("_pad1 (padding)", verify.StdOut);

        // --pad-features below the CSV's feature count names the argument.
        var below = ZkchainProcess.Run(["data", "commit", csv, "--target", "label", "--pad-features", "0", "--out", tmp.File("c0")]);
        Assert.Equal(2, below.ExitCode);
        Assert.Contains("--pad-features 0", below.StdErr);
        Assert.False(Directory.Exists(tmp.File("c0")));

        // An existing unpadded commitment: --circuit catalog refuses with the exact re-commit command.
        Assert.Equal(0, ZkchainProcess.Run(["data", "commit", csv, "--target", "label", "--out", tmp.File("c1")]).ExitCode);
        var refused = ZkchainProcess.Run(Train(csv, tmp.File("b"), "--circuit", "catalog", "--data-secret", Path.Combine(tmp.File("c1"), "data.secret.json")));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"zkchain data commit {csv} --target label --pad-features 2 --out {tmp.File("c1")}-pad2", refused.StdErr);
        Assert.DoesNotContain("(Parameter", refused.StdErr);

        // Committed with the padding as advised, the commitment trains on the catalog entry and its rows open.
        var padded = ZkchainProcess.Run(["data", "commit", csv, "--target", "label", "--pad-features", "2", "--out", tmp.File("c1-pad2"), "--json"]);
        Assert.True(padded.ExitCode == 0, padded.StdErr);
        Assert.Equal(1, JsonNode.Parse(padded.StdOut)!["paddingFeatures"]!.GetValue<int>());
        var reused = ZkchainProcess.Run(Train(csv, tmp.File("c"), "--circuit", "catalog", "--data-secret", Path.Combine(tmp.File("c1-pad2"), "data.secret.json"), "--json"));
        Assert.True(reused.ExitCode == 0, reused.StdErr);
        Assert.Equal(
            JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.File("c1-pad2"), "commitment.json")))!["commitment"]!.GetValue<string>(),
            JsonNode.Parse(reused.StdOut)!["dataCommitment"]!.GetValue<string>());
        Assert.Equal(0, ZkchainProcess.Run(["verify-training", tmp.File("c")]).ExitCode);
    }
}
