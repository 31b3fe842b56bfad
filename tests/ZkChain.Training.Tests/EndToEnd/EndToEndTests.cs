using System.Text.Json.Nodes;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.TestSupport;
using ZkChain.Training.Commitment;
using ZkChain.Training.Pipeline;
using ZkChain.Training.Training;

namespace ZkChain.Training.Tests;

/// <summary>One small real proof (8 rows × 3 features × 1 epoch), checked by our verifier, by snarkjs, and tampered with.</summary>
public class EndToEndTests
{
    private const string Publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    [Fact]
    public void Small_training_proof_verifies_here_and_in_snarkjs_and_tampering_is_caught()
    {
        var data = TestData.FromCsv(TestData.SmallBinaryCsv(8, 3), "label");
        var o = TrainingPipeline.Run(data, new TrainingOptions(ModelFamily.Logistic, 1, 4, 0.5, TestSplit: 0.25, Seed: 2), Publisher, null, null);
        Assert.True(o.Verified);
        Assert.True(o.DevelopmentSetup);
        Assert.Contains("DEVELOPMENT ONLY", o.SetupDescription);
        Assert.Equal(o.DataCommitment.Commitment, o.PublicSignals[0]);
        Assert.Equal(o.ModelCommitment, o.PublicSignals[1]);
        Assert.Equal(o.ConfigHash, o.PublicSignals[2]);
        Assert.Equal(Circuits.TrainingCircuit.PublisherToField(Publisher), o.PublicSignals[3]);

        using var tmp = new TempDirectory("zkchain-train-e2e");
        TestData.WriteTrainingFolder(tmp.Path, o);
        Assert.All(TrainingFiles.Verify(tmp.Path), c => Assert.True(c.Ok, c.Name + ": " + c.Detail));

        var snark = ProcessRunner.Snarkjs(["groth16", "verify", tmp.File("verification_key.json"), tmp.File("public.json"), tmp.File("proof.json")], timeout: TimeSpan.FromMinutes(3));
        Assert.True(snark.ExitCode == 0, snark.StdOut + snark.StdErr);
        Assert.Contains("OK", snark.StdOut);

        // Wrong publisher: the same proof with another address in the public inputs.
        var pub = o.PublicSignals.ToArray();
        pub[3] = Circuits.TrainingCircuit.PublisherToField("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        File.WriteAllText(tmp.File("public.json"), SnarkjsJson.WritePublic(pub));
        var bad = ProcessRunner.Snarkjs(["groth16", "verify", tmp.File("verification_key.json"), tmp.File("public.json"), tmp.File("proof.json")], timeout: TimeSpan.FromMinutes(3));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains(TrainingFiles.Verify(tmp.Path), c => c.Name == "groth16 proof" && c.Ok == false);

        // Wrong model: another model commitment in the public inputs.
        pub = o.PublicSignals.ToArray();
        pub[1] += Fr.One;
        File.WriteAllText(tmp.File("public.json"), SnarkjsJson.WritePublic(pub));
        Assert.Contains(TrainingFiles.Verify(tmp.Path), c => c.Name == "groth16 proof" && c.Ok == false);
        Assert.Contains(TrainingFiles.Verify(tmp.Path), c => c.Name == "model commitment" && c.Ok == false);

        // Honest public inputs again, but model.json edited: the opening check fails.
        File.WriteAllText(tmp.File("public.json"), SnarkjsJson.WritePublic(o.PublicSignals));
        var model = JsonNode.Parse(File.ReadAllText(tmp.File("model.json")))!;
        var w0 = model["fixedPoint"]!["weights"]![0]![0]!.GetValue<string>();
        model["fixedPoint"]!["weights"]![0]![0] = (System.Numerics.BigInteger.Parse(w0) + 1).ToString();
        File.WriteAllText(tmp.File("model.json"), model.ToJsonString());
        Assert.Contains(TrainingFiles.Verify(tmp.Path), c => c.Name == "model weights" && c.Ok == false);

        // Data commitment of another dataset.
        File.WriteAllText(tmp.File("model.json"), TrainingFiles.ModelJson(o));
        File.WriteAllText(tmp.File("commitment.json"), DataCommitment.Create(data, DataCommitment.NewSalt()).ToJson());
        Assert.Contains(TrainingFiles.Verify(tmp.Path), c => c.Name == "data commitment" && c.Ok == false);
    }
}
