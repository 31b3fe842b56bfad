using ZkChain.Algebra;

namespace ZkChain.Groth16.Ceremony;

/// <summary>
/// Windowed fixed-base multiplication for setups that know their scalars: after a one-off table of
/// digit · 2^(w·window) · P for every window, each scalar costs one mixed addition per window (no doublings).
/// 8-bit windows (32 additions, an 8,192-point table) suit a few thousand scalars; 16-bit windows (16 additions,
/// a 1,048,576-point table that takes a second or two to build) pay off from about 10^5 scalars.
/// Results are exact group elements, so the window size never changes an output.
/// </summary>
internal static class FixedBase
{
    /// <summary>The window that minimises table + per-scalar work for this many scalars.</summary>
    internal static int WindowBitsFor(long scalarCount) => scalarCount >= 200_000 ? 16 : 8;

    /// <summary>Scalars per parallel work item: each item converts its own results to affine with one inversion.</summary>
    private const int Chunk = 1024;

    /// <summary>Window <paramref name="w"/> of a canonical little-endian scalar.</summary>
    private static int Digit(ReadOnlySpan<byte> le, int w, int bits) =>
        bits == 8 ? le[w] : le[2 * w] | le[2 * w + 1] << 8;

    private static void CheckBits(int bits)
    {
        if (bits != 8 && bits != 16) throw new ArgumentOutOfRangeException(nameof(bits), "window must be 8 or 16 bits");
    }

    /// <summary>Forwards a count of finished scalars as a fraction of the total.</summary>
    private sealed class Counter(IProgress<double>? progress, long total)
    {
        private long _done;

        public void Add(int count)
        {
            var d = Interlocked.Add(ref _done, count);
            progress?.Report(total == 0 ? 1 : (double)d / total);
        }
    }

    internal sealed class G1
    {
        private readonly G1Affine[] _table; // [window · 2^bits + digit] = digit · 2^(bits·window) · P
        private readonly int _bits;

        public G1(G1Affine p, int bits = 8)
        {
            CheckBits(bits);
            _bits = bits;
            var windows = 256 / bits;
            var size = 1 << bits;
            var bases = new G1Jacobian[windows];
            bases[0] = p.ToJacobian();
            for (var w = 1; w < windows; w++)
            {
                var b = bases[w - 1];
                for (var k = 0; k < bits; k++) b.Double();
                bases[w] = b;
            }
            _table = new G1Affine[windows * size];
            Parallel.For(0, windows, w =>
            {
                var jac = new G1Jacobian[size];
                var baseAffine = bases[w].ToAffine();
                jac[0] = G1Jacobian.Infinity;
                for (var d = 1; d < size; d++)
                {
                    jac[d] = jac[d - 1];
                    jac[d].AddMixed(baseAffine);
                }
                G1Jacobian.BatchToAffine(jac, _table.AsSpan(w * size, size));
            });
        }

        public G1Affine[] MulMany(ReadOnlySpan<Fr> scalars, IProgress<double>? progress = null)
        {
            var s = scalars.ToArray();
            var result = new G1Affine[s.Length];
            MulManyInto(s, result, progress);
            Array.Clear(s);
            return result;
        }

        /// <summary>result[i] = scalars[i] · P, in parallel chunks.</summary>
        public void MulManyInto(Fr[] scalars, G1Affine[] result, IProgress<double>? progress = null)
        {
            if (result.Length < scalars.Length) throw new ArgumentException("result is shorter than the scalars", nameof(result));
            var counter = new Counter(progress, scalars.Length);
            var windows = 256 / _bits;
            var size = 1 << _bits;
            Parallel.For(0, (scalars.Length + Chunk - 1) / Chunk, chunk =>
            {
                Span<byte> bytes = stackalloc byte[32];
                var start = chunk * Chunk;
                var end = Math.Min(scalars.Length, start + Chunk);
                var jac = new G1Jacobian[end - start];
                for (var i = start; i < end; i++)
                {
                    scalars[i].ToCanonicalBytesLE(bytes);
                    var acc = G1Jacobian.Infinity;
                    for (var w = 0; w < windows; w++)
                    {
                        var d = Digit(bytes, w, _bits);
                        if (d != 0) acc.AddMixed(_table[w * size + d]);
                    }
                    jac[i - start] = acc;
                }
                bytes.Clear();
                G1Jacobian.BatchToAffine(jac, result.AsSpan(start, end - start));
                counter.Add(end - start);
            });
        }
    }

    internal sealed class G2
    {
        private readonly G2Affine[] _table;
        private readonly int _bits;

        public G2(G2Affine p, int bits = 8)
        {
            CheckBits(bits);
            _bits = bits;
            var windows = 256 / bits;
            var size = 1 << bits;
            var bases = new G2Jacobian[windows];
            bases[0] = p.ToJacobian();
            for (var w = 1; w < windows; w++)
            {
                var b = bases[w - 1];
                for (var k = 0; k < bits; k++) b.Double();
                bases[w] = b;
            }
            _table = new G2Affine[windows * size];
            Parallel.For(0, windows, w =>
            {
                var jac = new G2Jacobian[size];
                var baseAffine = bases[w].ToAffine();
                jac[0] = G2Jacobian.Infinity;
                for (var d = 1; d < size; d++)
                {
                    jac[d] = jac[d - 1];
                    jac[d].AddMixed(baseAffine);
                }
                G2Jacobian.BatchToAffine(jac, _table.AsSpan(w * size, size));
            });
        }

        public G2Affine[] MulMany(ReadOnlySpan<Fr> scalars, IProgress<double>? progress = null)
        {
            var s = scalars.ToArray();
            var result = new G2Affine[s.Length];
            var counter = new Counter(progress, s.Length);
            var windows = 256 / _bits;
            var size = 1 << _bits;
            Parallel.For(0, (s.Length + Chunk - 1) / Chunk, chunk =>
            {
                Span<byte> bytes = stackalloc byte[32];
                var start = chunk * Chunk;
                var end = Math.Min(s.Length, start + Chunk);
                var jac = new G2Jacobian[end - start];
                for (var i = start; i < end; i++)
                {
                    s[i].ToCanonicalBytesLE(bytes);
                    var acc = G2Jacobian.Infinity;
                    for (var w = 0; w < windows; w++)
                    {
                        var d = Digit(bytes, w, _bits);
                        if (d != 0) acc.AddMixed(_table[w * size + d]);
                    }
                    jac[i - start] = acc;
                }
                bytes.Clear();
                G2Jacobian.BatchToAffine(jac, result.AsSpan(start, end - start));
                counter.Add(end - start);
            });
            Array.Clear(s);
            return result;
        }
    }
}
