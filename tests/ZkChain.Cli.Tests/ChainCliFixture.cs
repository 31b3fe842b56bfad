using System.Text.Json;
using ZkChain.ChainClient.Signing;
using ZkChain.TestSupport;
using ZkChain.Training.Training;

namespace ZkChain.Cli.Tests;

/// <summary>
/// The chain tests share one tiny `zkchain train` run (8 rows × 2 features, 1 epoch, a development setup): the
/// setup is the slow part, and every chain test only needs the public files of one training folder (copied per test,
/// because `circuit register` writes Verifier.sol into it). The tests of this collection run one after another,
/// which also keeps the shared 2-core machine from running two Hardhat nodes and proofs at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChainCliCollection : ICollectionFixture<TrainedFolderFixture>
{
    public const string Name = "zkchain chain CLI";
}

public sealed class TrainedFolderFixture : IDisposable
{
    /// <summary>Hardhat dev account #1 publishes the fixture's proof; #0 (the CLI's devnet default) deploys and registers.</summary>
    public const int PublisherAccount = 1;

    /// <summary>Two separable features, so one epoch already learns something; values the quantiser takes exactly.</summary>
    public const string Csv = """
        x1,x2,y
        0.10,0.50,0
        0.90,0.20,1
        0.30,0.80,0
        0.70,0.10,1
        0.20,0.40,0
        0.80,0.60,1
        0.40,0.90,0
        0.60,0.30,1

        """;

    /// <summary>The options given to `zkchain train` (and, in process, to the concurrent test's own proofs).</summary>
    public static readonly TrainingOptions Options = new(ModelFamily.Logistic, Epochs: 1, BatchSize: 4, LearningRate: 0.5, TestSplit: 0);

    private readonly TempDirectory _root = new("zkchain-chain-fixture");

    public TrainedFolderFixture()
    {
        File.WriteAllText(CsvPath, Csv.ReplaceLineEndings("\n"));
        var r = ZkchainProcess.Run(
        [
            "train", CsvPath, "--target", "y", "--model", "logistic", "--epochs", "1", "--batch", "4", "--lr", "0.5", "--test-split", "0",
            "--publisher", Publisher, "--out", Folder, "--json", "--circuit", "custom",
        ], timeout: TimeSpan.FromMinutes(15));
        r.EnsureSuccess("zkchain train (chain test fixture)");
        TrainJson = JsonDocument.Parse(r.StdOut).RootElement.Clone();
        TrainStdErr = r.StdErr;
        PublicInputs = ZkChain.Groth16.Formats.SnarkjsJson.ReadPublic(File.ReadAllText(Path.Combine(Folder, "public.json")));
    }

    public string CsvPath => _root.File("data.csv");
    /// <summary>The pristine training folder; copy it (<see cref="CopyTo"/>) before running chain verbs on it.</summary>
    public string Folder => _root.File("trained");
    public JsonElement TrainJson { get; }
    public string TrainStdErr { get; }
    /// <summary>public.json: [dataCommitment, modelCommitment, configHash, publisher].</summary>
    public System.Numerics.BigInteger[] PublicInputs { get; }

    public static string Key(int account) => HardhatNode.DevPrivateKeys[account];

    public static string AddressOf(int account)
    {
        using var k = PrivateKey.FromHex(Key(account));
        return k.Address.ToString();
    }

    public static string Publisher => AddressOf(PublisherAccount);

    /// <summary>A copy of the training folder under <paramref name="dir"/>/<paramref name="name"/>.</summary>
    public string CopyTo(string dir, string name = "training")
    {
        var dest = Path.Combine(dir, name);
        Directory.CreateDirectory(dest);
        foreach (var f in Directory.GetFiles(Folder)) File.Copy(f, Path.Combine(dest, Path.GetFileName(f)));
        return dest;
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>Small helpers for reading the CLI's results.</summary>
public static class CliOutput
{
    /// <summary>The value of a `label  value` row of a result table.</summary>
    public static string Row(string stdout, string label)
    {
        foreach (var line in stdout.Split('\n'))
        {
            var t = line.Trim();
            if (t.StartsWith(label + "  ", StringComparison.Ordinal)) return t[label.Length..].Trim();
        }
        throw new Xunit.Sdk.XunitException($"no '{label}' row in:\n{stdout}");
    }

    /// <summary>A readable failure message for a CLI run.</summary>
    public static string Show(this ProcessResult r) => $"exit {r.ExitCode}\nstdout:\n{r.StdOut}\nstderr:\n{r.StdErr}";

    /// <summary>Every file under <paramref name="dir"/> with its bytes (to show that a failed run wrote nothing).</summary>
    public static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    public static void AssertSameFiles(Dictionary<string, byte[]> before, Dictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
    }

    /// <summary>No .NET stack trace and no private key in anything the CLI printed.</summary>
    public static void AssertClean(ProcessResult r, params string[] secrets)
    {
        Assert.DoesNotContain("   at ", r.StdErr + r.StdOut);
        foreach (var s in secrets)
        {
            var hex = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
            Assert.DoesNotContain(hex, r.StdOut + r.StdErr, StringComparison.OrdinalIgnoreCase);
        }
    }
}
