using ZkChain.Training.Pipeline;
using ZkChain.Groth16.Formats;
using ZkChain.TestSupport;
using ZkChain.Training.Data;

namespace ZkChain.Training.Tests;

internal static class TestData
{
    /// <summary>The datasets the product ships (data/ in the repository).</summary>
    public static string Path(string name) => RepoPaths.Combine("data", name);

    public static Dataset Load(string name, string target) => Dataset.Load(Path(name), target);

    public static Dataset FromCsv(string csv, string target) =>
        Dataset.FromTable(CsvTable.Parse(new StringReader(csv), "test.csv"), target);

    /// <summary>A small deterministic binary dataset: label = 1 when a weighted sum of the features is positive.</summary>
    public static string SmallBinaryCsv(int rows, int features, int seed = 7)
    {
        var rng = new Random(seed);
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(string.Join(",", Enumerable.Range(0, features).Select(j => $"f{j}").Append("label")));
        for (var i = 0; i < rows; i++)
        {
            var x = Enumerable.Range(0, features).Select(_ => Math.Round(rng.NextDouble() * 10 - 3, 3)).ToArray();
            var s = x.Select((v, j) => v * (j % 2 == 0 ? 1 : -0.5)).Sum();
            sb.AppendLine(string.Join(",", x.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(s > 1 ? "1" : "0")));
        }
        return sb.ToString();
    }

    /// <summary>The public files (and the model opening) of a training folder, as `zkchain train` writes them.</summary>
    public static void WriteTrainingFolder(string dir, TrainingOutput o)
    {
        string F(string n) => System.IO.Path.Combine(dir, n);
        File.WriteAllText(F("commitment.json"), o.DataCommitment.ToJson());
        File.WriteAllText(F("config.json"), TrainingFiles.ConfigJson(o));
        File.WriteAllText(F("model.json"), TrainingFiles.ModelJson(o));
        File.WriteAllText(F("model.secret.json"), TrainingFiles.ModelSecretJson(o.ModelSalt, o.ModelCommitment));
        File.WriteAllText(F("verification_key.json"), SnarkjsJson.WriteVerificationKey(o.ProvingKey.VerificationKey));
        File.WriteAllText(F("proof.json"), SnarkjsJson.WriteProof(o.Proof));
        File.WriteAllText(F("public.json"), SnarkjsJson.WritePublic(o.PublicSignals));
    }
}
