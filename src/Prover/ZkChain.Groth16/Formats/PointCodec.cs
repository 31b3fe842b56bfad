using ZkChain.Algebra;

namespace ZkChain.Groth16.Formats;

/// <summary>
/// Point encodings used by snarkjs files: "LEM" (affine, little-endian Montgomery limbs, G2 as
/// x.c0, x.c1, y.c0, y.c1; infinity = all zero bytes) and "uncompressed" (affine, big-endian
/// canonical, G2 as x.c1, x.c0, y.c1, y.c0; infinity = all zero bytes) used inside hashes.
/// </summary>
public static class PointCodec
{
    public const int G1Size = 64;
    public const int G2Size = 128;
    public const int FrSize = 32;

    public static G1Affine ReadG1(ReadOnlySpan<byte> src, string where, bool checkOnCurve = true)
    {
        if (src.Length < G1Size) throw new InvalidDataException($"{where}: G1 point needs 64 bytes, got {src.Length}");
        if (IsAllZero(src[..G1Size])) return Curve.G1Infinity;
        Fq x, y;
        try
        {
            x = Fq.FromMontgomeryBytesLE(src[..32]);
            y = Fq.FromMontgomeryBytesLE(src.Slice(32, 32));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{where}: G1 coordinate is not a field element ({e.Message})");
        }
        var p = Curve.G1(x, y);
        if (checkOnCurve && !p.IsOnCurve()) throw new InvalidDataException($"{where}: G1 point is not on the curve");
        return p;
    }

    public static G2Affine ReadG2(ReadOnlySpan<byte> src, string where, bool checkOnCurve = true)
    {
        if (src.Length < G2Size) throw new InvalidDataException($"{where}: G2 point needs 128 bytes, got {src.Length}");
        if (IsAllZero(src[..G2Size])) return Curve.G2Infinity;
        Fq x0, x1, y0, y1;
        try
        {
            x0 = Fq.FromMontgomeryBytesLE(src[..32]);
            x1 = Fq.FromMontgomeryBytesLE(src.Slice(32, 32));
            y0 = Fq.FromMontgomeryBytesLE(src.Slice(64, 32));
            y1 = Fq.FromMontgomeryBytesLE(src.Slice(96, 32));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{where}: G2 coordinate is not a field element ({e.Message})");
        }
        var p = Curve.G2(x0, x1, y0, y1);
        if (checkOnCurve && !p.IsOnCurve()) throw new InvalidDataException($"{where}: G2 point is not on the curve");
        return p;
    }

    public static void WriteG1(in G1Affine p, Span<byte> dst)
    {
        if (p.IsInfinity) { dst[..G1Size].Clear(); return; }
        p.X.ToMontgomeryBytesLE(dst[..32]);
        p.Y.ToMontgomeryBytesLE(dst.Slice(32, 32));
    }

    public static void WriteG2(in G2Affine p, Span<byte> dst)
    {
        if (p.IsInfinity) { dst[..G2Size].Clear(); return; }
        p.X.C0.ToMontgomeryBytesLE(dst[..32]);
        p.X.C1.ToMontgomeryBytesLE(dst.Slice(32, 32));
        p.Y.C0.ToMontgomeryBytesLE(dst.Slice(64, 32));
        p.Y.C1.ToMontgomeryBytesLE(dst.Slice(96, 32));
    }

    public static void WriteG1Uncompressed(in G1Affine p, Span<byte> dst)
    {
        if (p.IsInfinity) { dst[..G1Size].Clear(); return; }
        p.X.ToCanonicalBytesBE(dst[..32]);
        p.Y.ToCanonicalBytesBE(dst.Slice(32, 32));
    }

    public static void WriteG2Uncompressed(in G2Affine p, Span<byte> dst)
    {
        if (p.IsInfinity) { dst[..G2Size].Clear(); return; }
        p.X.C1.ToCanonicalBytesBE(dst[..32]);
        p.X.C0.ToCanonicalBytesBE(dst.Slice(32, 32));
        p.Y.C1.ToCanonicalBytesBE(dst.Slice(64, 32));
        p.Y.C0.ToCanonicalBytesBE(dst.Slice(96, 32));
    }

    public static byte[] G1Uncompressed(in G1Affine p) { var b = new byte[G1Size]; WriteG1Uncompressed(p, b); return b; }
    public static byte[] G2Uncompressed(in G2Affine p) { var b = new byte[G2Size]; WriteG2Uncompressed(p, b); return b; }

    public static G1Affine[] ReadG1Array(ReadOnlySpan<byte> src, int count, string where, bool checkOnCurve = true)
    {
        if ((long)count * G1Size != src.Length)
        {
            throw new InvalidDataException($"{where}: expected {count} G1 points ({(long)count * G1Size} bytes), section has {src.Length} bytes");
        }
        var res = new G1Affine[count];
        ParseArray(src, count, G1Size, (chunk, i) => res[i] = ReadG1(chunk, where, checkOnCurve: false),
            (chunk, i) => ReadG1(chunk, $"{where}, point {i}", checkOnCurve: false));
        // The curve equation is checked for whole blocks at once (vectorised), with the same message as ReadG1.
        if (checkOnCurve) CheckBlocks(count, (lo, len) => G1Affine.FirstOffCurve(res.AsSpan(lo, len)), i => $"{where}, point {i}: G1 point is not on the curve");
        return res;
    }

    public static G2Affine[] ReadG2Array(ReadOnlySpan<byte> src, int count, string where, bool checkOnCurve = true)
    {
        if ((long)count * G2Size != src.Length)
        {
            throw new InvalidDataException($"{where}: expected {count} G2 points ({(long)count * G2Size} bytes), section has {src.Length} bytes");
        }
        var res = new G2Affine[count];
        ParseArray(src, count, G2Size, (chunk, i) => res[i] = ReadG2(chunk, where, checkOnCurve: false),
            (chunk, i) => ReadG2(chunk, $"{where}, point {i}", checkOnCurve: false));
        if (checkOnCurve) CheckBlocks(count, (lo, len) => G2Affine.FirstOffCurve(res.AsSpan(lo, len)), i => $"{where}, point {i}: G2 point is not on the curve");
        return res;
    }

    private delegate void PointParser(ReadOnlySpan<byte> chunk, int index);

    /// <summary>Runs firstBad(lo, length) over parallel blocks of [0, count) and throws for the lowest bad index.</summary>
    private static void CheckBlocks(int count, Func<int, int, int> firstBad, Func<int, string> message)
    {
        const int Block = 8192;
        int blocks = (count + Block - 1) / Block;
        var bad = new int[blocks];
        Parallel.For(0, blocks, blk =>
        {
            int lo = blk * Block, len = Math.Min(Block, count - lo);
            int k = firstBad(lo, len);
            bad[blk] = k < 0 ? -1 : lo + k;
        });
        foreach (var i in bad)
        {
            if (i >= 0) throw new InvalidDataException(message(i));
        }
    }

    /// <summary>
    /// Parses fixed-size records in parallel blocks straight from the caller's bytes (no copy, no
    /// per-point message string). On the first malformed record the parser runs once more with the
    /// point index in the location, so the error message is exactly what a per-point parse reports.
    /// </summary>
    private static unsafe void ParseArray(ReadOnlySpan<byte> src, int count, int size, PointParser parse, PointParser parseNamed)
    {
        const int Block = 2048;
        int blocks = (count + Block - 1) / Block;
        string? error = null;
        fixed (byte* p = src)
        {
            nint addr = (nint)p;
            long total = src.Length;
            Parallel.For(0, blocks, (blk, state) =>
            {
                var all = new ReadOnlySpan<byte>((void*)addr, (int)total);
                int lo = blk * Block, hi = Math.Min(count, lo + Block);
                for (int i = lo; i < hi; i++)
                {
                    var chunk = all.Slice(i * size, size);
                    try { parse(chunk, i); }
                    catch (InvalidDataException)
                    {
                        try { parseNamed(chunk, i); }
                        catch (InvalidDataException e) { Interlocked.CompareExchange(ref error, e.Message, null); }
                        state.Stop();
                        return;
                    }
                }
            });
        }
        if (error != null) throw new InvalidDataException(error);
    }

    public static byte[] G1ArrayBytes(ReadOnlySpan<G1Affine> pts)
    {
        var b = new byte[pts.Length * G1Size];
        for (var i = 0; i < pts.Length; i++) WriteG1(pts[i], b.AsSpan(i * G1Size, G1Size));
        return b;
    }

    public static byte[] G2ArrayBytes(ReadOnlySpan<G2Affine> pts)
    {
        var b = new byte[pts.Length * G2Size];
        for (var i = 0; i < pts.Length; i++) WriteG2(pts[i], b.AsSpan(i * G2Size, G2Size));
        return b;
    }

    internal static bool IsAllZero(ReadOnlySpan<byte> b) => b.IndexOfAnyExcept((byte)0) < 0;
}
