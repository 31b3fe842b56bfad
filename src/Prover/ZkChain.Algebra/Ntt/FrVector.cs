namespace ZkChain.Algebra;

/// <summary>
/// Element-wise products of Fr vectors (the QAP's pointwise steps and the NTT's coset factors): eight at a time in
/// <see cref="Fr8"/> lanes when AVX-512 is there, the scalar Fr code otherwise and for the last n mod 8 entries.
/// </summary>
public static unsafe class FrVector
{
    /// <summary>dst[i] = x[i] * y[i]; dst may be x or y.</summary>
    public static void Mul(ReadOnlySpan<Fr> x, ReadOnlySpan<Fr> y, Span<Fr> dst) => MulSub(x, y, default, dst, subtract: false);

    /// <summary>dst[i] = x[i] * y[i] - z[i]; dst may be any of x, y, z.</summary>
    public static void MulSub(ReadOnlySpan<Fr> x, ReadOnlySpan<Fr> y, ReadOnlySpan<Fr> z, Span<Fr> dst) => MulSub(x, y, z, dst, subtract: true);

    private static void MulSub(ReadOnlySpan<Fr> x, ReadOnlySpan<Fr> y, ReadOnlySpan<Fr> z, Span<Fr> dst, bool subtract)
    {
        int n = dst.Length;
        if (x.Length != n || y.Length != n || (subtract && z.Length != n))
        {
            throw new ArgumentException($"vector lengths differ: x {x.Length}, y {y.Length}{(subtract ? $", z {z.Length}" : "")}, dst {n}");
        }
        int i = 0;
        fixed (Fr* px = x, py = y, pz = z, pd = dst)
        {
            if (Ntt.Lanes)
            {
                for (; i + 8 <= n; i += 8)
                {
                    Fr8.Load((U256*)(px + i), out var a);
                    Fr8.Load((U256*)(py + i), out var b);
                    Fr8.Mul(a, b, out var r);
                    if (subtract)
                    {
                        Fr8.Load((U256*)(pz + i), out var c);
                        Fr8.Sub(r, c, out r);
                    }
                    Fr8.ReduceOnce(ref r);
                    Fr8.Store(r, (U256*)(pd + i));
                }
            }
            for (; i < n; i++)
            {
                Fr.Mul(px[i], py[i], out var r);
                if (subtract) Fr.Sub(r, pz[i], out r);
                pd[i] = r;
            }
        }
    }
}
