using ZkChain.Training.Pipeline;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

/// <summary>`train --zkey`: an existing proving key is reused only for exactly the circuit it was made for.</summary>
public class CatalogExistingKeyTests
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    [Fact]
    public void A_key_from_an_earlier_run_of_the_same_config_proves_again_and_a_key_for_another_config_is_refused()
    {
        var data = TestData.FromCsv(TestData.SmallBinaryCsv(8, 2), "label");
        var options = new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, TestSplit: 0.25, Seed: 2);
        var first = TrainingPipeline.Run(data, options, Publisher, null, null);
        Assert.True(first.Verified);

        // Same config, fresh salts: the same circuit, so the same key proves it; provenance comes from the key's transcript.
        var second = TrainingPipeline.Run(data, options, Publisher, null, null, zkey: first.ProvingKey);
        Assert.True(second.Verified);
        Assert.Same(first.ProvingKey, second.ProvingKey);
        Assert.True(second.DevelopmentSetup);
        Assert.Contains("DEVELOPMENT ONLY", second.SetupDescription);
        Assert.NotEqual(first.ModelCommitment, second.ModelCommitment);

        // Another configuration (one more epoch) compiles to another circuit: refused with a clear message.
        var e = Assert.Throws<ArgumentException>(() =>
            TrainingPipeline.Run(data, options with { Epochs = 2 }, Publisher, null, null, zkey: first.ProvingKey));
        Assert.Equal("zkey", e.ParamName);
        Assert.Contains("another circuit", e.Message);
    }
}
