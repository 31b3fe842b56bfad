using System.Buffers.Binary;
using System.Numerics;

namespace ZkChain.Groth16;

/// <summary>
/// Unkeyed Blake2b-512 (RFC 7693) with lazy last-block processing, whose intermediate state can be
/// exported in the 216-byte "partial hash" layout snarkjs stores in ptau contributions
/// (128-byte block buffer, h[0..7] as little-endian u64, then u64 (length − pos) and u64 pos), and resumed from it:
/// snarkjs finishes a contribution's partial hash with the contributor's public key to get its response hash.
/// </summary>
internal sealed class Blake2b512
{
    private static readonly ulong[] IV =
    [
        0x6a09e667f3bcc908UL, 0xbb67ae8584caa73bUL, 0x3c6ef372fe94f82bUL, 0xa54ff53a5f1d36f1UL,
        0x510e527fade682d1UL, 0x9b05688c2b3e6c1fUL, 0x1f83d9abfb41bd6bUL, 0x5be0cd19137e2179UL,
    ];

    private static readonly byte[,] Sigma =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
        { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
        { 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
        { 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
        { 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
        { 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
        { 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
        { 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
        { 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
        { 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
    };

    private readonly ulong[] _h = new ulong[8];
    private readonly byte[] _buf = new byte[128];
    private int _pos;
    private ulong _length;

    public Blake2b512()
    {
        Array.Copy(IV, _h, 8);
        _h[0] ^= 0x01010000UL ^ 64UL;
    }

    /// <summary>Resumes from a 216-byte partial hash; throws <see cref="InvalidDataException"/> when its counters are inconsistent.</summary>
    public static Blake2b512 FromPartial(ReadOnlySpan<byte> partial, string where)
    {
        if (partial.Length != 216) throw new InvalidDataException($"{where}: partial hash has {partial.Length} bytes, expected 216");
        var r = new Blake2b512();
        partial[..128].CopyTo(r._buf);
        for (var i = 0; i < 8; i++) r._h[i] = BinaryPrimitives.ReadUInt64LittleEndian(partial[(128 + i * 8)..]);
        var done = BinaryPrimitives.ReadUInt64LittleEndian(partial[192..]);
        var pos = BinaryPrimitives.ReadUInt64LittleEndian(partial[200..]);
        if (pos > 128 || done > ulong.MaxValue - pos) throw new InvalidDataException($"{where}: partial hash state is inconsistent (pos {pos}, length {done})");
        r._pos = (int)pos;
        r._length = done + pos;
        return r;
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (_pos == 128)
            {
                Compress(_buf, last: false);
                _pos = 0;
            }
            var take = Math.Min(128 - _pos, data.Length);
            data[..take].CopyTo(_buf.AsSpan(_pos));
            _pos += take;
            _length += (ulong)take;
            data = data[take..];
        }
    }

    public byte[] Digest()
    {
        _buf.AsSpan(_pos).Clear();
        Compress(_buf, last: true);
        var o = new byte[64];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(o.AsSpan(i * 8), _h[i]);
        return o;
    }

    /// <summary>snarkjs's toPartialHash layout (see class summary).</summary>
    public byte[] ExportPartial()
    {
        var r = new byte[216];
        _buf.CopyTo(r, 0);
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(128 + i * 8), _h[i]);
        BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(192), _length - (ulong)_pos);
        BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(200), (ulong)_pos);
        return r;
    }

    private void Compress(byte[] block, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (var i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(i * 8));
        Span<ulong> v = stackalloc ulong[16];
        for (var i = 0; i < 8; i++) { v[i] = _h[i]; v[i + 8] = IV[i]; }
        v[12] ^= _length;
        if (last) v[14] = ~v[14];
        for (var r = 0; r < 12; r++)
        {
            var s = r % 10;
            G(v, 0, 4, 8, 12, m[Sigma[s, 0]], m[Sigma[s, 1]]);
            G(v, 1, 5, 9, 13, m[Sigma[s, 2]], m[Sigma[s, 3]]);
            G(v, 2, 6, 10, 14, m[Sigma[s, 4]], m[Sigma[s, 5]]);
            G(v, 3, 7, 11, 15, m[Sigma[s, 6]], m[Sigma[s, 7]]);
            G(v, 0, 5, 10, 15, m[Sigma[s, 8]], m[Sigma[s, 9]]);
            G(v, 1, 6, 11, 12, m[Sigma[s, 10]], m[Sigma[s, 11]]);
            G(v, 2, 7, 8, 13, m[Sigma[s, 12]], m[Sigma[s, 13]]);
            G(v, 3, 4, 9, 14, m[Sigma[s, 14]], m[Sigma[s, 15]]);
        }
        for (var i = 0; i < 8; i++) _h[i] ^= v[i] ^ v[i + 8];
    }

    private static void G(Span<ulong> v, int a, int b, int c, int d, ulong x, ulong y)
    {
        v[a] = v[a] + v[b] + x; v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d]; v[b] = BitOperations.RotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y; v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d]; v[b] = BitOperations.RotateRight(v[b] ^ v[c], 63);
    }
}
