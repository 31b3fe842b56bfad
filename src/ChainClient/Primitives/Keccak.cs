using Org.BouncyCastle.Crypto.Digests;

namespace ZkChain.ChainClient.Primitives;

/// <summary>Keccak-256 (the Ethereum hash, original Keccak padding — not SHA3-256).</summary>
public static class Keccak
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var result = new byte[32];
        Hash(data, result);
        return result;
    }

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination32)
    {
        if (destination32.Length < 32) throw new ArgumentException("destination must hold 32 bytes", nameof(destination32));
        var d = new KeccakDigest(256);
        var buf = data.ToArray();
        d.BlockUpdate(buf, 0, buf.Length);
        var outBuf = new byte[32];
        d.DoFinal(outBuf, 0);
        outBuf.CopyTo(destination32);
    }

    public static byte[] Hash(string utf8) => Hash(System.Text.Encoding.UTF8.GetBytes(utf8));

    /// <summary>Keccak-256 of the concatenation of the parts.</summary>
    public static byte[] HashConcat(params byte[][] parts)
    {
        var d = new KeccakDigest(256);
        foreach (var p in parts) d.BlockUpdate(p, 0, p.Length);
        var outBuf = new byte[32];
        d.DoFinal(outBuf, 0);
        return outBuf;
    }
}
