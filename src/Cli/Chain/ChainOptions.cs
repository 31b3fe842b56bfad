using System.CommandLine;
using System.Numerics;
using System.Text.Json;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Keystore;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;
using ZkChain.ChainClient.Signing;
using ZkChain.Cli.Infrastructure;

namespace ZkChain.Cli.Chain;

/// <summary>The options every chain verb shares: where the node is, which registry, and whose key signs.</summary>
internal sealed class ChainOptions
{
    public const string DefaultRpc = "http://127.0.0.1:8545";
    /// <summary>Hardhat's well-known development account #0 (public test mnemonic): only ever used on chain id 31337.</summary>
    private const string HardhatDevKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public Option<string> Rpc { get; } = new("--rpc") { Description = "JSON-RPC URL of the chain", DefaultValueFactory = _ => DefaultRpc };
    public Option<string?> Registry { get; } = new("--registry") { Description = "AttestationRegistry address (default: from the deployments file)" };
    public Option<string?> Deployments { get; } = new("--deployments") { Description = "deployments JSON written by `chain deploy` (default: out/deployments/<chainId>.json)" };
    public Option<string?> Keystore { get; } = new("--keystore") { Description = "Web3 Secret Storage (v3) keystore file of the signing key" };
    public Option<string> PasswordEnv { get; } = new("--password-env") { Description = "environment variable holding the keystore password", DefaultValueFactory = _ => "ZKCHAIN_KEYSTORE_PASSWORD" };
    public Option<string?> KeyEnv { get; } = new("--key-env") { Description = "environment variable holding the signing key as hex (devnets)" };
    public Option<bool> Json { get; } = new("--json") { Description = "print the result as JSON" };

    public void AddReadOptions(Command c)
    {
        c.Options.Add(Rpc);
        c.Options.Add(Registry);
        c.Options.Add(Deployments);
        c.Options.Add(Json);
    }

    public void AddSigningOptions(Command c)
    {
        AddReadOptions(c);
        c.Options.Add(Keystore);
        c.Options.Add(PasswordEnv);
        c.Options.Add(KeyEnv);
    }

    public static string DeploymentsPath(BigInteger chainId) => Path.Combine("out", "deployments", $"{chainId}.json");

    /// <param name="registry">false for verbs that make a registry (`chain deploy`): then none is resolved or checked.</param>
    public Task<ChainSession> ConnectAsync(ParseResult parse, bool signing, CancellationToken ct, bool registry = true)
    {
        var keys = new KeyChoice(parse.GetValue(Keystore), parse.GetValue(PasswordEnv) ?? "ZKCHAIN_KEYSTORE_PASSWORD", parse.GetValue(KeyEnv));
        Func<BigInteger, Address>? resolve = registry ? chainId => ResolveRegistry(parse, chainId, required: false) : null;
        return ConnectAsync(parse.GetValue(Rpc) ?? DefaultRpc, signing ? keys : null, resolve, ct, RegistrySource(parse));
    }

    /// <summary>Where the registry address came from, for error messages.</summary>
    private string RegistrySource(ParseResult parse) =>
        parse.GetValue(Registry) != null ? "--registry" : $"deployments file '{parse.GetValue(Deployments) ?? "out/deployments/<chainId>.json"}'";

    /// <summary>Connects to the node; with <paramref name="keys"/>, also loads the signing key (never logged).</summary>
    /// <param name="registrySource">where <paramref name="registry"/> got the address (named in the error when no contract is there).</param>
    public static async Task<ChainSession> ConnectAsync(string url, KeyChoice? keys, Func<BigInteger, Address>? registry, CancellationToken ct,
        string registrySource = "--registry")
    {
        EthRpcClient rpc;
        try { rpc = new EthRpcClient(url); }
        catch (ArgumentException e) { throw new CliException($"--rpc '{url}': {e.Message}"); }
        var chainId = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
        var session = new ChainSession(rpc, url, chainId);
        if (keys != null)
        {
            var (key, note) = LoadKey(keys, chainId);
            session.Account = await EthAccount.CreateAsync(rpc, key, new SendOptions(), ct).ConfigureAwait(false);
            session.KeyNote = note;
            session.Key = key;
        }
        if (registry != null)
        {
            session.RegistryAddress = registry(chainId);
            if (session.RegistryAddress != default) await EnsureRegistryCodeAsync(session, registrySource.Replace("<chainId>", chainId.ToString()), ct).ConfigureAwait(false);
        }
        return session;
    }

    /// <summary>
    /// A devnet that was restarted (or reset) keeps its chain id but forgets its contracts, and a call to an address
    /// without code "succeeds" with empty data; so say plainly that the registry is not there instead of failing later.
    /// </summary>
    private static async Task EnsureRegistryCodeAsync(ChainSession s, string source, CancellationToken ct)
    {
        var code = await s.Rpc.GetCodeAsync(s.RegistryAddress, null, ct).ConfigureAwait(false);
        if (code.Length > 0) return;
        var hint = s.IsLocalDevnet
            ? "the devnet was probably restarted or reset since `zkchain chain deploy`; deploy again (and re-register the circuit)"
            : "check --rpc and the address, or deploy one with `zkchain chain deploy`";
        throw new CliException(
            $"no contract code at registry address {s.RegistryAddress} (from {source}) on chain {s.ChainId} at {s.Rpc.Endpoint}: {hint}",
            ExitCodes.ChainError);
    }

    private static (PrivateKey Key, string? Note) LoadKey(KeyChoice k, BigInteger chainId)
    {
        var (keystore, pwVar, keyEnv) = (k.Keystore, k.PasswordEnv, k.KeyEnv);
        if (keystore != null && keyEnv != null) throw new CliException("give either --keystore or --key-env, not both");
        if (keystore != null)
        {
            var pw = Environment.GetEnvironmentVariable(pwVar)
                ?? throw new CliException($"--keystore '{keystore}': set the password in environment variable {pwVar} (passwords are never taken as arguments)");
            if (!File.Exists(keystore)) throw new CliException($"--keystore '{keystore}': file not found");
            try { return (KeySource.FromKeystoreFile(keystore, pw), null); }
            catch (System.Security.Cryptography.CryptographicException e) { throw new CliException($"--keystore '{keystore}': {e.Message}"); }
            catch (Exception e) when (e is InvalidDataException or FormatException or JsonException or ArgumentException)
            { throw new CliException($"--keystore '{keystore}': not a valid v3 keystore: {e.Message}"); }
        }
        if (keyEnv != null)
        {
            try { return (KeySource.FromEnvironment(keyEnv), null); }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or InvalidDataException)
            { throw new CliException($"--key-env {keyEnv}: {e.Message}"); }
        }
        if (chainId == 31337)
        {
            return (PrivateKey.FromHex(HardhatDevKey0), "signing with Hardhat development account #0 (a public test key: devnet only)");
        }
        throw new CliException($"chain id {chainId} is not a local devnet: give the signing key with --keystore <file> or --key-env <VAR>");
    }

    public Address ResolveRegistry(ParseResult parse, BigInteger chainId, bool required = true)
    {
        var explicitAddr = parse.GetValue(Registry);
        if (explicitAddr != null)
        {
            try { return Address.Parse(explicitAddr); }
            catch (Exception e) when (e is FormatException or ArgumentException) { throw new CliException($"--registry '{explicitAddr}': {e.Message}"); }
        }
        var path = parse.GetValue(Deployments) ?? DeploymentsPath(chainId);
        if (!File.Exists(path))
        {
            if (!required) return default;
            throw new CliException($"no registry address: pass --registry <address> or deploy one with `zkchain chain deploy` (looked for {path})");
        }
        var d = CliRunner.ReadInput(path, "deployments file", s => JsonSerializer.Deserialize(s, CliJsonContext.Default.DeploymentRecord))
            ?? throw new CliException($"deployments file '{path}' is empty");
        if (d.ChainId != chainId) throw new CliException($"deployments file '{path}' is for chain {d.ChainId}, but the node at --rpc is chain {chainId}");
        try { return Address.Parse(d.Registry); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new CliException($"deployments file '{path}': registry '{d.Registry}': {e.Message}"); }
    }
}

/// <summary>Where the signing key comes from: a keystore (password in an environment variable) or a hex key in an environment variable.</summary>
internal sealed record KeyChoice(string? Keystore, string PasswordEnv, string? KeyEnv)
{
    public static readonly KeyChoice DevnetDefault = new(null, "ZKCHAIN_KEYSTORE_PASSWORD", null);
}

/// <summary>What `zkchain chain deploy` records.</summary>
internal sealed record DeploymentRecord(BigInteger ChainId, string Rpc, string Registry, string Deployer, string TxHash, ulong BlockNumber, ulong GasUsed, DateTimeOffset DeployedAt);

internal sealed class ChainSession(EthRpcClient rpc, string url, BigInteger chainId) : IDisposable
{
    public EthRpcClient Rpc { get; } = rpc;
    public string Url { get; } = url;
    public BigInteger ChainId { get; } = chainId;
    public EthAccount? Account { get; set; }
    public PrivateKey? Key { get; set; }
    public string? KeyNote { get; set; }
    public Address RegistryAddress { get; set; }
    public bool IsLocalDevnet => ChainId == 31337;

    public EthAccount RequireAccount() => Account ?? throw new InvalidOperationException("this verb needs a signing key");

    public AttestationRegistryClient Registry()
    {
        if (RegistryAddress == default) throw new CliException("no registry address: pass --registry <address> or run `zkchain chain deploy` first");
        return AttestationRegistryClient.At(Rpc, RegistryAddress, AttestationRegistryClient.LoadArtifact(RegistryArtifactPath()));
    }

    public static string RegistryArtifactPath() =>
        Path.Combine(RepoLocator.Find(), "artifacts", "contracts", AttestationRegistryClient.SourceFile, AttestationRegistryClient.ContractName + ".json");

    public void Dispose()
    {
        Key?.Dispose();
        Rpc.Dispose();
    }
}
