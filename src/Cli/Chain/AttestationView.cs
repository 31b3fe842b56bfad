using System.Numerics;
using ZkChain.ChainClient.Contracts;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.Cli.Chain;

/// <summary>An attestation as a third party reads it: the stored record, its circuit, and the uri from its event.</summary>
internal sealed record AttestationView(
    string Id, string Publisher, BigInteger ModelCommitment, BigInteger DataCommitment, BigInteger ConfigHash, string CircuitId,
    ulong Timestamp, bool Revoked, string ModelFamily, bool DevelopmentSetup, bool CircuitDeprecated, string Verifier, string? Uri, string? TxHash)
{
    public static async Task<AttestationView> ReadAsync(AttestationRegistryClient reg, byte[] id, CancellationToken ct)
    {
        var a = await reg.GetAttestationAsync(id, ct);
        var c = await reg.GetCircuitAsync(a.CircuitId, ct);
        var events = await reg.FindAttestationEventsAsync(id: id, ct: ct);
        var e = events.FirstOrDefault();
        return new AttestationView(Hex.ToHex(id), a.Publisher.ToString(), a.ModelCommitment, a.DataCommitment, a.ConfigHash, Hex.ToHex(a.CircuitId),
            a.Timestamp, a.Revoked, c.Info.ModelFamily, c.Info.DevelopmentSetup, c.Deprecated, c.Info.Verifier.ToString(), e?.Uri, e?.TxHash);
    }
}
