using System.Numerics;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;

namespace ZkChain.ChainClient.Contracts;

/// <summary>The registry's CircuitInfo struct.</summary>
public sealed record CircuitInfo(
    Address Verifier,
    string ModelFamily,
    uint NFeatures,
    uint NClasses,
    uint NRows,
    BigInteger ConfigHash,
    byte[] R1csHash,
    bool DevelopmentSetup,
    string Uri)
{
    internal object?[] ToAbi()
    {
        if (R1csHash is not { Length: 32 }) throw new ArgumentException("R1csHash must be 32 bytes", nameof(R1csHash));
        return [Verifier, ModelFamily, NFeatures, NClasses, NRows, ConfigHash, R1csHash, DevelopmentSetup, Uri];
    }

    internal static CircuitInfo FromAbi(object?[] t) => new((Address)t[0]!, (string)t[1]!, (uint)(BigInteger)t[2]!, (uint)(BigInteger)t[3]!,
        (uint)(BigInteger)t[4]!, (BigInteger)t[5]!, (byte[])t[6]!, (bool)t[7]!, (string)t[8]!);
}

public sealed record CircuitRecord(byte[] CircuitId, CircuitInfo Info, bool Deprecated, ulong RegisteredAt)
{
    public string CircuitIdHex => Hex.ToHex(CircuitId);
}

public sealed record AttestationRecord(byte[] Id, byte[] CircuitId, Address Publisher, ulong Timestamp, bool Revoked,
    BigInteger ModelCommitment, BigInteger DataCommitment, BigInteger ConfigHash)
{
    public string IdHex => Hex.ToHex(Id);
}

/// <summary>An AttestationRecorded event with where it was logged.</summary>
public sealed record AttestationRecordedEvent(byte[] Id, Address Publisher, BigInteger ModelCommitment, BigInteger DataCommitment,
    byte[] CircuitId, BigInteger ConfigHash, string Uri, ulong BlockNumber, string TxHash);

public sealed record AttestationRevokedEvent(byte[] Id, Address Publisher, ulong BlockNumber, string TxHash);

public sealed record CircuitRegisteredEvent(byte[] CircuitId, Address Verifier, bool DevelopmentSetup, string Uri, ulong BlockNumber, string TxHash);

public sealed record AttestResult(byte[] Id, TxResult Tx, AttestationRecordedEvent Event)
{
    public string IdHex => Hex.ToHex(Id);
}

public sealed record IdPage(IReadOnlyList<byte[]> Ids, BigInteger Total);

/// <summary>
/// Typed client for contracts/AttestationRegistry.sol. Reverts surface as <see cref="ContractRevertException"/> with the
/// registry's error name (e.g. "PublisherMismatch") and arguments.
/// </summary>
public sealed class AttestationRegistryClient
{
    public const string SourceFile = "AttestationRegistry.sol";
    public const string ContractName = "AttestationRegistry";

    public AttestationRegistryClient(Contract contract) => Contract = contract ?? throw new ArgumentNullException(nameof(contract));

    public Contract Contract { get; }
    public Address Address => Contract.Address;

    /// <summary>The Hardhat artifact, from <paramref name="artifactPath"/> or found under artifacts/ above the current folder.</summary>
    public static ContractArtifact LoadArtifact(string? artifactPath = null) =>
        ContractArtifact.Load(artifactPath ?? ContractArtifact.FindHardhatArtifact(SourceFile, ContractName));

    public static AttestationRegistryClient At(EthRpcClient rpc, Address address, ContractArtifact? artifact = null) =>
        new(new Contract(rpc, address, (artifact ?? LoadArtifact()).Abi));

    /// <summary>Deploys a registry; the deployer becomes its admin.</summary>
    public static async Task<(AttestationRegistryClient Client, TxResult Result)> DeployAsync(EthAccount account, ContractArtifact? artifact = null, CancellationToken ct = default)
    {
        var (c, r) = await Contract.DeployAsync(account, artifact ?? LoadArtifact(), [], ct).ConfigureAwait(false);
        return (new AttestationRegistryClient(c), r);
    }

    /// <summary>id = keccak256(abi.encode(circuitId, modelCommitment, dataCommitment)).</summary>
    public static byte[] ComputeAttestationId(byte[] circuitId, BigInteger modelCommitment, BigInteger dataCommitment) =>
        Keccak.Hash(AbiEncoder.Encode([AbiType.Bytes32, AbiType.UInt256, AbiType.UInt256], [CheckId(circuitId, nameof(circuitId)), modelCommitment, dataCommitment]));

    // ------------------------------------------------------------ transactions

    public Task<TxResult> RegisterCircuitAsync(EthAccount admin, byte[] circuitId, CircuitInfo info, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        return Contract.SendAsync(admin, "registerCircuit", [CheckId(circuitId, nameof(circuitId)), info.ToAbi()], ct);
    }

    public Task<TxResult> DeprecateCircuitAsync(EthAccount admin, byte[] circuitId, CancellationToken ct = default) =>
        Contract.SendAsync(admin, "deprecateCircuit", [CheckId(circuitId, nameof(circuitId))], ct);

    /// <summary>
    /// Submits a proof. publicInputs = [dataCommitment, modelCommitment, configHash, publisher, ...extras]; the publisher must
    /// be the sending account.
    /// </summary>
    public async Task<AttestResult> AttestAsync(EthAccount publisher, byte[] circuitId, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> publicInputs, string uri, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        Groth16VerifierClient.CheckProof(proof);
        ArgumentNullException.ThrowIfNull(publicInputs);
        ArgumentNullException.ThrowIfNull(uri);
        var tx = await Contract.SendAsync(publisher, "attest",
            [CheckId(circuitId, nameof(circuitId)), proof.Cast<object?>().ToArray(), publicInputs.Cast<object?>().ToArray(), uri], ct).ConfigureAwait(false);
        var ev = AttestationsRecorded(tx.Receipt).SingleOrDefault()
            ?? throw new InvalidDataException($"attest transaction {tx.TxHash} has no AttestationRecorded event");
        return new AttestResult(ev.Id, tx, ev);
    }

    public Task<TxResult> RevokeAsync(EthAccount publisher, byte[] id, CancellationToken ct = default) =>
        Contract.SendAsync(publisher, "revoke", [CheckId(id, nameof(id))], ct);

    public Task<TxResult> TransferAdminAsync(EthAccount admin, Address next, CancellationToken ct = default) =>
        Contract.SendAsync(admin, "transferAdmin", [next], ct);

    public Task<TxResult> AcceptAdminAsync(EthAccount pending, CancellationToken ct = default) =>
        Contract.SendAsync(pending, "acceptAdmin", [], ct);

    // ------------------------------------------------------------ reads

    public async Task<CircuitRecord> GetCircuitAsync(byte[] circuitId, CancellationToken ct = default)
    {
        var r = await Contract.CallAsync("getCircuit", [CheckId(circuitId, nameof(circuitId))], null, ct).ConfigureAwait(false);
        return new CircuitRecord(circuitId.ToArray(), CircuitInfo.FromAbi((object?[])r[0]!), (bool)r[1]!, (ulong)(BigInteger)r[2]!);
    }

    public async Task<AttestationRecord> GetAttestationAsync(byte[] id, CancellationToken ct = default)
    {
        var r = await Contract.CallAsync("getAttestation", [CheckId(id, nameof(id))], null, ct).ConfigureAwait(false);
        var t = (object?[])r[0]!;
        return new AttestationRecord(id.ToArray(), (byte[])t[0]!, (Address)t[1]!, (ulong)(BigInteger)t[2]!, (bool)t[3]!,
            (BigInteger)t[4]!, (BigInteger)t[5]!, (BigInteger)t[6]!);
    }

    public async Task<bool> IsAttestedAsync(BigInteger modelCommitment, BigInteger dataCommitment, CancellationToken ct = default) =>
        (bool)(await Contract.CallAsync("isAttested", [modelCommitment, dataCommitment], null, ct).ConfigureAwait(false))[0]!;

    public async Task<IdPage> AttestationsByModelAsync(BigInteger modelCommitment, BigInteger offset, BigInteger limit, CancellationToken ct = default) =>
        ToPage(await Contract.CallAsync("attestationsByModel", [modelCommitment, offset, limit], null, ct).ConfigureAwait(false));

    public async Task<IdPage> AttestationsByPublisherAsync(Address publisher, BigInteger offset, BigInteger limit, CancellationToken ct = default) =>
        ToPage(await Contract.CallAsync("attestationsByPublisher", [publisher, offset, limit], null, ct).ConfigureAwait(false));

    /// <summary>All ids for a model, fetched page by page.</summary>
    public async Task<IReadOnlyList<byte[]>> AllAttestationsByModelAsync(BigInteger modelCommitment, int pageSize = 100, CancellationToken ct = default)
    {
        if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize));
        var all = new List<byte[]>();
        while (true)
        {
            var page = await AttestationsByModelAsync(modelCommitment, all.Count, pageSize, ct).ConfigureAwait(false);
            all.AddRange(page.Ids);
            if (page.Ids.Count == 0 || all.Count >= page.Total) return all;
        }
    }

    public async Task<BigInteger> AttestationCountAsync(CancellationToken ct = default) =>
        (BigInteger)(await Contract.CallAsync("attestationCount", [], null, ct).ConfigureAwait(false))[0]!;

    public async Task<Address> AdminAsync(CancellationToken ct = default) =>
        (Address)(await Contract.CallAsync("admin", [], null, ct).ConfigureAwait(false))[0]!;

    public async Task<Address> PendingAdminAsync(CancellationToken ct = default) =>
        (Address)(await Contract.CallAsync("pendingAdmin", [], null, ct).ConfigureAwait(false))[0]!;

    // ------------------------------------------------------------ events

    public IReadOnlyList<AttestationRecordedEvent> AttestationsRecorded(TransactionReceipt receipt) => AttestationsRecorded(receipt.Logs);

    public IReadOnlyList<AttestationRecordedEvent> AttestationsRecorded(IEnumerable<LogEntry> logs) =>
        Decode(logs, "AttestationRecorded", (e, l) => new AttestationRecordedEvent((byte[])e["id"]!, (Address)e["publisher"]!,
            (BigInteger)e["modelCommitment"]!, (BigInteger)e["dataCommitment"]!, (byte[])e["circuitId"]!, (BigInteger)e["configHash"]!,
            (string)e["uri"]!, l.BlockNumber, l.TransactionHash));

    public IReadOnlyList<AttestationRevokedEvent> AttestationsRevoked(IEnumerable<LogEntry> logs) =>
        Decode(logs, "AttestationRevoked", (e, l) => new AttestationRevokedEvent((byte[])e["id"]!, (Address)e["publisher"]!, l.BlockNumber, l.TransactionHash));

    public IReadOnlyList<CircuitRegisteredEvent> CircuitsRegistered(IEnumerable<LogEntry> logs) =>
        Decode(logs, "CircuitRegistered", (e, l) => new CircuitRegisteredEvent((byte[])e["circuitId"]!, (Address)e["verifier"]!,
            (bool)e["developmentSetup"]!, (string)e["uri"]!, l.BlockNumber, l.TransactionHash));

    /// <summary>
    /// AttestationRecorded events via eth_getLogs, filtered by any of id / publisher / model (the indexed arguments), over
    /// [fromBlock, toBlock] in pages.
    /// </summary>
    public async Task<IReadOnlyList<AttestationRecordedEvent>> FindAttestationEventsAsync(byte[]? id = null, Address? publisher = null,
        BigInteger? modelCommitment = null, ulong fromBlock = 0, ulong? toBlock = null, ulong maxRange = 5000, CancellationToken ct = default)
    {
        var ev = Contract.Abi.Event("AttestationRecorded");
        var filter = new LogFilter
        {
            Addresses = [Address],
            Topics =
            [
                [ev.Topic],
                id == null ? null : [CheckId(id, nameof(id))],
                publisher == null ? null : [AbiEncoder.Encode(AbiType.Address, publisher.Value)],
                modelCommitment == null ? null : [AbiEncoder.Encode(AbiType.UInt256, modelCommitment.Value)],
            ],
        };
        var logs = await Contract.Rpc.GetLogsPagedAsync(filter, fromBlock, toBlock, maxRange, ct).ConfigureAwait(false);
        return AttestationsRecorded(logs);
    }

    private IReadOnlyList<T> Decode<T>(IEnumerable<LogEntry> logs, string name, Func<DecodedEvent, LogEntry, T> map)
    {
        var ev = Contract.Abi.Event(name);
        return logs.Where(l => l.Address == Address && !l.Removed && l.Topics.Count > 0 && l.Topics[0].AsSpan().SequenceEqual(ev.Topic))
            .Select(l => map(ContractAbi.DecodeLog(ev, l.Topics, l.Data), l)).ToArray();
    }

    private static IdPage ToPage(object?[] r) => new(((object?[])r[0]!).Select(x => (byte[])x!).ToArray(), (BigInteger)r[1]!);

    private static byte[] CheckId(byte[] id, string name)
    {
        ArgumentNullException.ThrowIfNull(id, name);
        if (id.Length != 32) throw new ArgumentException($"{name} must be 32 bytes, got {id.Length}", name);
        return id;
    }
}
