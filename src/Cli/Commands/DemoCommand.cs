using System.CommandLine;
using System.Globalization;
using System.Numerics;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.Cli.Chain;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16.Formats;
using ZkChain.Training.Data;
using ZkChain.Training.Pipeline;
using ZkChain.Training.Training;

namespace ZkChain.Cli.Commands;

/// <summary>
/// `zkchain demo`: the whole product in one run on the shipped breast_cancer data — devnet, data commitment,
/// fixed-point training with a Groth16 proof, registry deployment, circuit registration, attestation, read-back
/// and a third party's re-check — ending in one summary table and out/demo/attestation.json.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var cmd = new Command("demo", "End-to-end attestation demo on the shipped data (local devnet; DEVELOPMENT-ONLY setup)");
        var data = new Option<string?>("--data") { Description = "CSV to train on (default: data/breast_cancer.csv of the checkout)" };
        var target = new Option<string>("--target") { Description = "label column", DefaultValueFactory = _ => "diagnosis_benign" };
        var sample = new Option<int>("--rows") { Description = "rows to use, evenly spaced over the file so both classes appear (0 = all rows; the full 569-row run is a benchmark, not a demo)", DefaultValueFactory = _ => 40 };
        var epochs = new Option<int>("--epochs") { Description = "passes over the training split", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "mini-batch size", DefaultValueFactory = _ => 8 };
        var lr = new Option<double>("--lr") { Description = "learning rate", DefaultValueFactory = _ => 0.5 };
        var rpc = new Option<string?>("--rpc") { Description = "use this chain instead of a local devnet (a devnet is started when none answers)" };
        var outDir = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var keep = new Option<bool>("--keep-devnet") { Description = "leave a devnet that the demo started running (so third parties can query it)" };
        var keyEnv = new Option<string?>("--key-env") { Description = "environment variable holding the publisher's key as hex (default on a devnet: Hardhat's public test account #0)" };
        var circuit = new Option<string>("--circuit") { Description = "auto (default: the shipped catalog circuit when the run fits one) | catalog | custom", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "print the summary as JSON" };
        foreach (var o in new Option[] { data, target, sample, epochs, batch, lr, circuit, rpc, outDir, keep, keyEnv, json }) cmd.Options.Add(o);
        cmd.SetHandler(async (parse, ct) =>
        {
            var repo = RepoLocator.Find();
            var csv = parse.GetValue(data) ?? Path.Combine(repo, "data", "breast_cancer.csv");
            var dir = parse.GetValue(outDir)!;
            var trainingDir = Path.Combine(dir, "training");
            var asJson = parse.GetValue(json);
            void Step(string s) => Console.Error.WriteLine($"==> {s}");

            Step("contracts: compile (Hardhat, offline solc) if needed");
            NodeTools.EnsureContractArtifacts(repo);

            var (rpcUrl, startedDevnet) = await ChooseChainAsync(repo, parse.GetValue(rpc), Step);
            try
            {
                using var session = await ConnectDemoAsync(rpcUrl, parse.GetValue(keyEnv), ct);
                var account = session.RequireAccount();
                Console.Error.WriteLine($"    chain {session.ChainId} at {rpcUrl}; publisher {account.Address} ({session.KeyNote})");

                Step($"data: load {csv}");
                if (!File.Exists(csv)) throw new CliException($"data file '{csv}': file not found");
                var rows = parse.GetValue(sample);
                if (rows < 0) throw new CliException($"--rows {rows}: must be 0 (all) or a positive number of rows");
                var used = rows == 0 ? csv : EvenlySpacedRows(csv, rows, Path.Combine(dir, "data.csv"));
                var dataset = Dataset.Load(used, parse.GetValue(target)!);

                Step("train in fixed point, commit to the data, prove (Groth16; local single-party setup: DEVELOPMENT ONLY)");
                var options = new TrainingOptions(ModelFamily.Logistic, parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(lr));
                TrainingOutput o;
                using (var progress = new ConsoleProgress(quiet: false))
                {
                    o = TrainingPipeline.Run(dataset, options, account.Address.ToString(), ptau: null, dataSalt: null, progress,
                        circuit: TrainingCommands.ParseCircuitMode(parse.GetValue(circuit)!));
                }
                if (!o.Verified) throw new CliException("internal error: the proof just made does not verify", ExitCodes.InternalError);
                TrainingCommands.WriteOutputs(o, trainingDir);
                var t = TrainingDirectory.Load(trainingDir);

                Step("deploy the AttestationRegistry");
                var (registry, deployTx) = await AttestationRegistryClient.DeployAsync(account, AttestationRegistryClient.LoadArtifact(ChainSession.RegistryArtifactPath()), ct);
                session.RegistryAddress = registry.Address;
                AtomicFile.WriteAllText(Path.Combine(dir, "deployment.json"), JsonOut.Serialize(new DeploymentRecord(session.ChainId, rpcUrl, registry.Address.ToString(),
                    account.Address.ToString(), deployTx.TxHash, deployTx.BlockNumber, deployTx.GasUsed, DateTimeOffset.UtcNow)));

                Step("export, deploy and register the circuit's verifier");
                var reg = await CircuitRegistration.RegisterAsync(repo, session, t, "", allowDevelopmentSetup: false, s => Console.Error.WriteLine("  " + s.Trim()), ct);

                Step("attest");
                var attest = await registry.AttestAsync(account, t.CircuitId, t.ProofWords(), t.PublicInputs, $"file://{Path.GetFullPath(trainingDir)}", ct);

                Step("read the attestation back");
                var view = await AttestationView.ReadAsync(registry, attest.Id, ct);

                Step("re-check as a third party (read-only: no key)");
                using var third = new ChainSession(new EthRpcClient(rpcUrl), rpcUrl, session.ChainId) { RegistryAddress = registry.Address };
                var report = await AttestationCheck.RunAsync(third, t, attest.Id, ct);

                var record = new DemoAttestation((long)session.ChainId, rpcUrl, registry.Address.ToString(), attest.Tx.TxHash, attest.IdHex,
                    view.ModelCommitment, view.DataCommitment, view.ConfigHash, attest.Tx.GasUsed, view.Publisher, reg.CircuitId, reg.Verifier,
                    DevelopmentSetup: true, Path.GetFullPath(trainingDir));
                AtomicFile.WriteAllText(Path.Combine(dir, "attestation.json"), JsonOut.Serialize(record));

                var proofBytes = new FileInfo(Path.Combine(trainingDir, "proof.json")).Length;
                var circuitName = o.CatalogEntry is { } entry
                    ? $"catalog {entry.Name} ({entry.MaxRows} row slots; committed row order, tail test split)"
                    : "custom (this dataset only)";
                string Pct(double v) => double.IsNaN(v) ? "n/a" : (v * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";
                if (asJson)
                {
                    Console.WriteLine(JsonOut.Serialize(new
                    {
                        record, fixedPointTestAccuracy = o.FixedTestScore, float64TestAccuracy = o.FloatTestScore, circuit = o.CatalogEntry?.Name ?? "custom", constraints = o.Circuit.NConstraints,
                        setupSeconds = o.SetupTime.TotalSeconds, proveSeconds = o.ProveTime.TotalSeconds, proofJsonBytes = proofBytes,
                        attestGas = attest.Tx.GasUsed, registerGas = reg.GasUsed, thirdPartyCheck = report.Passed, setup = report.TrustVerdict,
                    }));
                }
                else
                {
                    Console.WriteLine();
                    Console.WriteLine($"ZkChain demo: logistic regression on {Path.GetFileName(csv)}{(rows == 0 ? "" : $" ({rows} evenly spaced rows)")}: {o.Spec.NTrain} training rows, {o.Spec.NTest} held out, {o.Spec.D} features, {o.Spec.Epochs} epoch(s)");
                    Table.Print(
                        ("test accuracy (fixed point)", Pct(o.FixedTestScore)),
                        ("test accuracy (float64, same training)", Pct(o.FloatTestScore)),
                        ("circuit", circuitName),
                        ("constraints", o.Circuit.NConstraints.ToString("N0", CultureInfo.InvariantCulture)),
                        ("setup time", $"{o.SetupTime.TotalSeconds:F1} s"),
                        ("proving time", $"{o.ProveTime.TotalSeconds:F1} s"),
                        ("proof size", $"256 bytes on chain (8 words); proof.json {proofBytes} bytes"),
                        ("gas: register circuit (verifier deploy + register)", reg.GasUsed.ToString("N0", CultureInfo.InvariantCulture)),
                        ("gas: attest (incl. on-chain verification)", attest.Tx.GasUsed.ToString("N0", CultureInfo.InvariantCulture)),
                        ("attestation id", attest.IdHex),
                        ("tx", attest.Tx.TxHash),
                        ("registry", registry.Address.ToString()),
                        ("third-party re-check", report.Passed ? "VALID (proof off chain and on chain, files and record agree)" : "FAILED"),
                        ("setup", "DEVELOPMENT ONLY: single-party setup made by this demo; it proves nothing against whoever ran it"),
                        ("wrote", $"{Path.Combine(dir, "attestation.json")}, {trainingDir}/"));
                    if (!report.Passed) report.Print();
                }
                return report.Passed ? ExitCodes.Ok : ExitCodes.CheckFailed;
            }
            finally
            {
                if (startedDevnet is { } state)
                {
                    if (parse.GetValue(keep)) Console.Error.WriteLine($"devnet left running at {state.Rpc} (pid {state.Pid}); stop it with `zkchain devnet stop`");
                    else
                    {
                        Devnet.Stop(repo, state);
                        Console.Error.WriteLine($"devnet stopped (pid {state.Pid}); run `zkchain devnet start` first to keep the chain for third-party queries");
                    }
                }
            }
        });
        return cmd;
    }

    /// <summary>Writes the header and <paramref name="count"/> evenly spaced data rows of a CSV (the demo's quick subset).</summary>
    private static string EvenlySpacedRows(string csv, int count, string outPath)
    {
        var lines = File.ReadAllLines(csv);
        if (lines.Length < 2) throw new CliException($"data file '{csv}': no data rows");
        var data = lines.Skip(1).Where(l => l.Length > 0).ToArray();
        if (count >= data.Length) return csv;
        var picked = Enumerable.Range(0, count).Select(i => data[(int)((long)i * data.Length / count)]);
        AtomicFile.WriteAllText(outPath, string.Join('\n', new[] { lines[0] }.Concat(picked)) + "\n");
        return outPath;
    }

    internal sealed record DemoAttestation(long ChainId, string Rpc, string Registry, string TxHash, string AttestationId,
        BigInteger ModelCommitment, BigInteger DataCommitment, BigInteger ConfigHash, ulong GasUsed, string Publisher, string CircuitId, string Verifier,
        bool DevelopmentSetup, string TrainingDir);

    /// <summary>An explicit --rpc; else the devnet `devnet start` recorded; else 127.0.0.1:8545 if a devnet answers; else a new one.</summary>
    private static async Task<(string Rpc, DevnetState? Started)> ChooseChainAsync(string repo, string? rpc, Action<string> step)
    {
        if (rpc != null) return (rpc, null);
        if (Devnet.ReadState(repo) is { } recorded && Devnet.IsOurNodeAlive(recorded)
            && await Devnet.TryChainIdAsync(recorded.Rpc, TimeSpan.FromSeconds(3)) == Devnet.ChainId)
        {
            step($"chain: using the running devnet at {recorded.Rpc}");
            return (recorded.Rpc, null);
        }
        var local = $"http://127.0.0.1:{Devnet.DefaultPort}";
        if (await Devnet.TryChainIdAsync(local, TimeSpan.FromSeconds(3)) == Devnet.ChainId)
        {
            step($"chain: using the devnet answering at {local}");
            return (local, null);
        }
        var port = Devnet.PortIsFree(Devnet.DefaultPort) ? Devnet.DefaultPort : Devnet.FreeLoopbackPort();
        step($"chain: starting a local devnet on 127.0.0.1:{port}");
        var state = Devnet.Start(repo, port, TimeSpan.FromSeconds(90), Console.Error.WriteLine);
        return (state.Rpc, state);
    }

    private static Task<ChainSession> ConnectDemoAsync(string rpcUrl, string? keyEnv, CancellationToken ct) =>
        ChainOptions.ConnectAsync(rpcUrl, KeyChoice.DevnetDefault with { KeyEnv = keyEnv }, null, ct);
}
