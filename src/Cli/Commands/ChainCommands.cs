using System.CommandLine;
using System.Numerics;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.Cli.Chain;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16;

namespace ZkChain.Cli.Commands;

/// <summary>
/// Chain verbs: `chain deploy`, `circuit register`, `attest`, `query`, `check`.
/// Publishers sign with --keystore or --key-env (on a local devnet, Hardhat's public test account by default).
/// </summary>
internal static class ChainCommands
{
    public static IEnumerable<Command> Create()
    {
        var o = new ChainOptions();
        yield return Deploy(o);
        yield return Circuit(o);
        yield return Attest(o);
        yield return Query(o);
        yield return Check(o);
    }

    private static Command Deploy(ChainOptions o)
    {
        var chain = new Command("chain", "Contracts on a chain");
        var deploy = new Command("deploy", "Deploy the AttestationRegistry; writes its address to a deployments JSON file");
        var outOpt = new Option<string?>("--out") { Description = "where to write the deployments JSON (default: out/deployments/<chainId>.json)" };
        o.AddSigningOptions(deploy);
        deploy.Options.Add(outOpt);
        deploy.SetHandler(async (parse, ct) =>
        {
            var repo = RepoLocator.Find();
            NodeTools.EnsureContractArtifacts(repo);
            using var s = await o.ConnectAsync(parse, signing: true, ct, registry: false);
            Note(s.KeyNote);
            var artifact = AttestationRegistryClient.LoadArtifact(ChainSession.RegistryArtifactPath());
            var (registry, tx) = await WithProgress("deploying AttestationRegistry", () => AttestationRegistryClient.DeployAsync(s.RequireAccount(), artifact, ct));
            var record = new DeploymentRecord(s.ChainId, s.Url, registry.Address.ToString(), s.RequireAccount().Address.ToString(), tx.TxHash, tx.BlockNumber, tx.GasUsed, DateTimeOffset.UtcNow);
            var path = parse.GetValue(outOpt) ?? ChainOptions.DeploymentsPath(s.ChainId);
            AtomicFile.WriteAllText(path, JsonOut.Serialize(record));
            if (parse.GetValue(o.Json)) Console.WriteLine(JsonOut.Serialize(record));
            else Table.Print(("registry", record.Registry), ("chain id", s.ChainId.ToString()), ("tx", tx.TxHash), ("gas used", tx.GasUsed.ToString("N0")), ("written to", path));
            return ExitCodes.Ok;
        });
        chain.Subcommands.Add(deploy);
        return chain;
    }

    private static Command Circuit(ChainOptions o)
    {
        var circuit = new Command("circuit", "Training circuits in the registry");
        var register = new Command("register", "Export, deploy and register the verifier of a training folder's circuit");
        var dir = new Argument<string>("training-dir") { Description = "output folder of `zkchain train`" };
        var uri = new Option<string>("--uri") { Description = "where the circuit's config, zkey and transcript can be found", DefaultValueFactory = _ => "" };
        var allowDev = new Option<bool>("--allow-development-setup") { Description = "register a single-party (development-only) setup on a chain that is not a local devnet" };
        register.Arguments.Add(dir);
        register.Options.Add(uri);
        register.Options.Add(allowDev);
        o.AddSigningOptions(register);
        register.SetHandler(async (parse, ct) =>
        {
            var repo = RepoLocator.Find();
            NodeTools.EnsureContractArtifacts(repo);
            var t = TrainingDirectory.Load(parse.GetValue(dir)!);
            using var s = await o.ConnectAsync(parse, signing: true, ct);
            Note(s.KeyNote);
            var result = await CircuitRegistration.RegisterAsync(repo, s, t, parse.GetValue(uri) ?? "", parse.GetValue(allowDev), Console.Error.WriteLine, ct);
            if (parse.GetValue(o.Json)) Console.WriteLine(JsonOut.Serialize(result));
            else Table.Print(
                ("circuit id", result.CircuitId),
                ("verifier", result.Verifier),
                ("status", result.AlreadyRegistered ? "already registered" : "registered"),
                ("setup", result.DevelopmentSetup ? "DEVELOPMENT ONLY (single-party)" : "has independent contributions"),
                ("gas used", result.GasUsed.ToString("N0")));
            return ExitCodes.Ok;
        });
        circuit.Subcommands.Add(register);
        CircuitCommands.AddTo(circuit, o);
        return circuit;
    }

    private static Command Attest(ChainOptions o)
    {
        var attest = new Command("attest", "Submit a training proof to the registry (the signer must be the proof's publisher)");
        var dir = new Argument<string>("training-dir") { Description = "output folder of `zkchain train`" };
        var uri = new Option<string>("--uri") { Description = "where the model card / files can be found", DefaultValueFactory = _ => "" };
        attest.Arguments.Add(dir);
        attest.Options.Add(uri);
        o.AddSigningOptions(attest);
        attest.SetHandler(async (parse, ct) =>
        {
            RepoLocator.Find();
            var t = TrainingDirectory.Load(parse.GetValue(dir)!);
            using var s = await o.ConnectAsync(parse, signing: true, ct);
            Note(s.KeyNote);
            var account = s.RequireAccount();
            if (account.Address != t.Publisher)
                throw new CliException($"the proof in '{t.Path}' is bound to publisher {t.Publisher}, but the signing key is {account.Address}; only the publisher can attest it");
            var registry = s.Registry();
            AttestResult r;
            try { r = await WithProgress("attesting", () => registry.AttestAsync(account, t.CircuitId, t.ProofWords(), t.PublicInputs, parse.GetValue(uri) ?? "", ct)); }
            catch (ContractRevertException e) when (e.ErrorName == "AlreadyAttested")
            {
                var existing = e.ErrorArgs[0] is byte[] b ? Hex.ToHex(b) : "?";
                throw new CliException($"already attested: the proof in '{t.Path}' (same circuit, model and data commitments) is attestation {existing} in registry {registry.Address}; see `zkchain query id {existing}`", ExitCodes.ChainError);
            }
            var output = new AttestOutput(r.IdHex, r.Tx.TxHash, r.Tx.GasUsed, r.Tx.BlockNumber, registry.Address.ToString(), s.ChainId, Hex.ToHex(t.CircuitId));
            if (parse.GetValue(o.Json)) Console.WriteLine(JsonOut.Serialize(output));
            else Table.Print(("attestation id", output.AttestationId), ("tx", output.TxHash), ("block", output.BlockNumber.ToString()), ("gas used", output.GasUsed.ToString("N0")), ("registry", output.Registry));
            return ExitCodes.Ok;
        });
        return attest;
    }

    internal sealed record AttestOutput(string AttestationId, string TxHash, ulong GasUsed, ulong BlockNumber, string Registry, BigInteger ChainId, string CircuitId);

    private static Command Query(ChainOptions o)
    {
        var query = new Command("query", "Read attestations from the registry");
        var model = new Command("model", "Attestations of a model commitment");
        var commitment = new Argument<string>("commitment") { Description = "model commitment (decimal or 0x-hex)" };
        model.Arguments.Add(commitment);
        o.AddReadOptions(model);
        model.SetHandler(async (parse, ct) =>
        {
            var c = ParseField(parse.GetValue(commitment)!, "commitment");
            using var s = await o.ConnectAsync(parse, signing: false, ct);
            var reg = s.Registry();
            var ids = await reg.AllAttestationsByModelAsync(c, 100, ct);
            return await PrintAttestations(s, reg, ids, parse.GetValue(o.Json), ct);
        });
        var publisher = new Command("publisher", "Attestations submitted by an address");
        var address = new Argument<string>("address") { Description = "publisher address (0x...)" };
        publisher.Arguments.Add(address);
        o.AddReadOptions(publisher);
        publisher.SetHandler(async (parse, ct) =>
        {
            Address a;
            try { a = Address.Parse(parse.GetValue(address)!); }
            catch (Exception e) when (e is FormatException or ArgumentException) { throw new CliException($"address '{parse.GetValue(address)}': {e.Message}"); }
            using var s = await o.ConnectAsync(parse, signing: false, ct);
            var reg = s.Registry();
            var ids = new List<byte[]>();
            for (BigInteger offset = 0; ;)
            {
                var page = await reg.AttestationsByPublisherAsync(a, offset, 100, ct);
                ids.AddRange(page.Ids);
                offset += page.Ids.Count;
                if (page.Ids.Count == 0 || offset >= page.Total) break;
            }
            return await PrintAttestations(s, reg, ids, parse.GetValue(o.Json), ct);
        });
        var id = new Command("id", "One attestation by its id");
        var idArg = new Argument<string>("id") { Description = "attestation id (0x + 64 hex digits)" };
        id.Arguments.Add(idArg);
        o.AddReadOptions(id);
        id.SetHandler(async (parse, ct) =>
        {
            var bytes = ParseId(parse.GetValue(idArg)!);
            using var s = await o.ConnectAsync(parse, signing: false, ct);
            return await PrintAttestations(s, s.Registry(), [bytes], parse.GetValue(o.Json), ct);
        });
        query.Subcommands.Add(model);
        query.Subcommands.Add(publisher);
        query.Subcommands.Add(id);
        return query;
    }

    private static async Task<int> PrintAttestations(ChainSession s, AttestationRegistryClient reg, IReadOnlyList<byte[]> ids, bool json, CancellationToken ct)
    {
        var views = new List<AttestationView>();
        foreach (var id in ids)
        {
            try { views.Add(await AttestationView.ReadAsync(reg, id, ct)); }
            catch (ContractRevertException e) when (e.ErrorName == "UnknownAttestation")
            {
                throw new CliException($"no attestation with id {Hex.ToHex(id)} in registry {reg.Address} on chain {s.ChainId}", ExitCodes.CheckFailed);
            }
        }
        if (json) Console.WriteLine(JsonOut.Serialize(views));
        else if (views.Count == 0) Console.WriteLine("no attestations found");
        else
        {
            foreach (var v in views)
            {
                Table.Print(
                    ("attestation id", v.Id), ("publisher", v.Publisher), ("model commitment", v.ModelCommitment.ToString()),
                    ("data commitment", v.DataCommitment.ToString()), ("config hash", v.ConfigHash.ToString()), ("circuit", v.CircuitId),
                    ("model family", v.ModelFamily), ("recorded", DateTimeOffset.FromUnixTimeSeconds((long)v.Timestamp).ToString("u")),
                    ("status", v.Revoked ? "REVOKED" : "active"),
                    ("setup", v.DevelopmentSetup ? "DEVELOPMENT ONLY (single-party setup: its maker could forge proofs)" : "multi-party"),
                    ("circuit deprecated", v.CircuitDeprecated ? "yes" : "no"), ("uri", v.Uri ?? ""));
                Console.WriteLine();
            }
        }
        return ExitCodes.Ok;
    }

    private static Command Check(ChainOptions o)
    {
        var check = new Command("check", "Re-check an attestation as a third party: the proof off chain, the files, and the on-chain record");
        var dir = new Argument<string>("training-dir") { Description = "the publisher's public training files" };
        var idOpt = new Option<string>("--attestation") { Description = "attestation id (0x + 64 hex digits)", Required = true };
        check.Arguments.Add(dir);
        check.Options.Add(idOpt);
        o.AddReadOptions(check);
        check.SetHandler(async (parse, ct) =>
        {
            var t = TrainingDirectory.Load(parse.GetValue(dir)!);
            var id = ParseId(parse.GetValue(idOpt)!);
            using var s = await o.ConnectAsync(parse, signing: false, ct);
            var report = await AttestationCheck.RunAsync(s, t, id, ct);
            if (parse.GetValue(o.Json)) Console.WriteLine(JsonOut.Serialize(report));
            else report.Print();
            return report.Passed ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return check;
    }

    internal static BigInteger ParseField(string text, string what)
    {
        BigInteger v;
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? BigInteger.TryParse("0" + text[2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out v)
            : BigInteger.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v);
        if (!ok) throw new CliException($"{what} '{text}' is not a decimal or 0x-hex integer");
        if (v >= ZkChain.Algebra.Fr.Modulus) throw new CliException($"{what} '{text}' is not below the BN254 scalar field prime");
        return v;
    }

    internal static byte[] ParseId(string text)
    {
        try
        {
            var b = Hex.Parse(text);
            if (b.Length != 32) throw new CliException($"attestation id '{text}' must be 32 bytes (0x + 64 hex digits), got {b.Length}");
            return b;
        }
        catch (FormatException e) { throw new CliException($"attestation id '{text}': {e.Message}"); }
    }

    internal static void Note(string? note)
    {
        if (note != null) Console.Error.WriteLine($"note: {note}");
    }

    internal static async Task<T> WithProgress<T>(string what, Func<Task<T>> action)
    {
        Console.Error.WriteLine($"  {what}…");
        return await action();
    }
}
