using System.Text.Json.Nodes;
using ZkChain.Groth16.Formats;
using ZkChain.TestSupport;
using ZkChain.Training.Catalog;
using ZkChain.Training.Pipeline;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

/// <summary>The catalog through the training pipeline: auto choice, config v2 files, and one key for two datasets.</summary>
public class CatalogPipelineTests
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Tiny = "logistic-d2-n8-e1-b4-f16";

    [Fact]
    public void Auto_picks_the_catalog_and_one_key_proves_two_different_datasets_and_v2_configs_verify()
    {
        var dataA = TestData.FromCsv(TestData.SmallBinaryCsv(7, 2, seed: 3), "label");
        var a = TrainingPipeline.Run(dataA, new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, TestSplit: 0.3), Publisher, null, null, circuit: CircuitMode.Auto);
        Assert.Equal(Tiny, a.CatalogEntry?.Name);
        Assert.Contains("committed order", a.CircuitNote);
        Assert.True(a.Verified);
        Assert.Equal(RowOrder.Committed, a.Spec.RowOrder);
        Assert.Equal(ConfigHash.VersionCatalog, (int)a.ConfigEncoding[1]);

        // Another dataset (5 rows), learning rate and L2 under the same proving key: the point of the catalog.
        var dataB = TestData.FromCsv(TestData.SmallBinaryCsv(5, 2, seed: 9), "label");
        var b = TrainingPipeline.Run(dataB, new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.25, L2: 0.01, TestSplit: 0.2), Publisher, null, null,
            zkey: a.ProvingKey, catalogEntry: Tiny);
        Assert.True(b.Verified);
        Assert.Same(a.ProvingKey, b.ProvingKey);
        Assert.NotEqual(a.ConfigHash, b.ConfigHash);
        Assert.True(b.DevelopmentSetup); // the key came from a local single-party setup

        using var tmp = new TempDirectory("zkchain-catalog-pipeline");
        TestData.WriteTrainingFolder(tmp.Path, b);
        Assert.All(TrainingFiles.Verify(tmp.Path), c => Assert.True(c.Ok != false, c.Name + ": " + c.Detail));
        var config = JsonNode.Parse(File.ReadAllText(tmp.File("config.json")))!.AsObject();
        Assert.Equal("catalog", config["circuit"]!["kind"]!.GetValue<string>());
        Assert.Equal(Tiny, config["circuit"]!["name"]!.GetValue<string>());
        Assert.Null(config["seed"]);
        Assert.IsType<Circuits.CatalogTrainingCircuit>(CircuitCatalog.CircuitFromConfig(config));

        // A config whose named fields disagree with its encoding (nTrain) fails the config check.
        var lying = config.DeepClone().AsObject();
        lying["nTrain"] = 3;
        lying["nTest"] = 2;
        File.WriteAllText(tmp.File("config.json"), lying.ToJsonString());
        Assert.Contains(TrainingFiles.Verify(tmp.Path), c => c.Name == "config hash" && c.Ok == false);
        // So does a v2 encoding under a config that claims a custom circuit.
        var custom = config.DeepClone().AsObject();
        custom["circuit"] = new JsonObject { ["kind"] = "custom" };
        File.WriteAllText(tmp.File("config.json"), custom.ToJsonString());
        Assert.Contains(TrainingFiles.Verify(tmp.Path), c => c.Name == "config hash" && c.Ok == false);
    }

    [Fact]
    public void Catalog_mode_without_a_fitting_entry_lists_the_close_ones_and_auto_falls_back_to_custom()
    {
        var data = TestData.FromCsv(TestData.SmallBinaryCsv(8, 2), "label");
        var twoEpochs = new TrainingOptions(ModelFamily.Logistic, 2, 4, 0.5, TestSplit: 0.25);
        var e = Assert.Throws<ArgumentException>(() => TrainingPipeline.ChooseCircuit(data, twoEpochs, CircuitMode.Catalog));
        Assert.Equal("circuit", e.ParamName);
        Assert.Contains(Tiny + " (2 epochs ≠ 1)", e.Message);
        var (spec, entry, _, note) = TrainingPipeline.ChooseCircuit(data, twoEpochs, CircuitMode.Auto);
        Assert.Null(entry);
        Assert.Equal(RowOrder.Shuffled, spec.RowOrder);
        Assert.Contains("custom circuit", note);
        var unknown = Assert.Throws<ArgumentException>(() => TrainingPipeline.ChooseCircuit(data, twoEpochs, CircuitMode.Auto, "logistic-d2-n9"));
        Assert.Equal("catalog-entry", unknown.ParamName);
        var (_, custom, _, _) = TrainingPipeline.ChooseCircuit(data, twoEpochs with { Epochs = 1 }, CircuitMode.Custom);
        Assert.Null(custom);
    }
}
