using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Signing;

/// <summary>An ECDSA signature (r, s, recovery id 0/1; low-s when produced here).</summary>
public sealed class EcdsaSignature
{
    private readonly byte[] _r;
    private readonly byte[] _s;

    public EcdsaSignature(ReadOnlySpan<byte> r32, ReadOnlySpan<byte> s32, byte recoveryId)
    {
        if (r32.Length > 32) throw new ArgumentException("r must be at most 32 bytes", nameof(r32));
        if (s32.Length > 32) throw new ArgumentException("s must be at most 32 bytes", nameof(s32));
        if (recoveryId > 3) throw new ArgumentOutOfRangeException(nameof(recoveryId), "recovery id must be 0..3");
        _r = new byte[32];
        _s = new byte[32];
        r32.CopyTo(_r.AsSpan(32 - r32.Length));
        s32.CopyTo(_s.AsSpan(32 - s32.Length));
        RecoveryId = recoveryId;
    }

    public ReadOnlySpan<byte> R => _r;
    public ReadOnlySpan<byte> S => _s;
    /// <summary>y parity of the nonce point (0 or 1; 2/3 only for the astronomically rare x >= n case).</summary>
    public byte RecoveryId { get; }

    /// <summary>r ++ s ++ v (v = 27 + recovery id), the 65-byte "eth_sign" shape.</summary>
    public byte[] ToRsv()
    {
        var b = new byte[65];
        _r.CopyTo(b, 0);
        _s.CopyTo(b, 32);
        b[64] = (byte)(27 + RecoveryId);
        return b;
    }

    public override string ToString() => $"Signature(r={Hex.ToHex(_r)}, s={Hex.ToHex(_s)}, recId={RecoveryId})";
}
