using System.Diagnostics;
using System.Globalization;
using ZkChain.Algebra;

namespace ZkChain.Benchmarks;

/// <summary>
/// Throughput (not latency) of independent Fq Montgomery products: the scalar 4x64-bit product
/// against the 8-lane AVX-512 product, with and without the AoS/SoA conversions. CPU time per product.
/// </summary>
internal static unsafe class VectorFieldBench
{
    private static double CpuNs() => Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100.0;

    private static void Report(string name, int products, Action body)
    {
        body();
        Thread.Sleep(300);
        body();
        double best = double.MaxValue;
        for (int rep = 0; rep < 7; rep++)
        {
            double c0 = CpuNs();
            body();
            best = Math.Min(best, (CpuNs() - c0) / products);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {best,8:F2} ns CPU/product"));
    }

    /// <summary>The Fq2 lane product as it was before the dual-product reductions: 3 full products, 2 additions, 3 subtractions.</summary>
    private static void KaratsubaFq2(in Fq2x8 a, in Fq2x8 b, out Fq2x8 r)
    {
        Fq8.Mul(a.C0, b.C0, out var t0);
        Fq8.Mul(a.C1, b.C1, out var t1);
        Fq8.Add(a.C0, a.C1, out var s0);
        Fq8.Add(b.C0, b.C1, out var s1);
        Fq8.Mul(s0, s1, out var m);
        Fq8.Sub(t0, t1, out var c0);
        Fq8.Sub(m, t0, out m);
        Fq8.Sub(m, t1, out var c1);
        r = new Fq2x8 { C0 = c0, C1 = c1 };
    }

    public static void Run()
    {
        if (!Fq8.IsSupported) { Console.WriteLine("Fq8: AVX-512 not supported on this machine, skipped"); return; }
        const int N = 1024;   // one MSM batch worth, L1/L2 resident
        const int Reps = 400;
        var a = new U256[N];
        var b = new U256[N];
        var r = new U256[N];
        for (int i = 0; i < N; i++) { a[i] = Fq.Random().V; b[i] = Fq.Random().V; }
        var va = new Fq8[N / 8];
        var vb = new Fq8[N / 8];
        var vr = new Fq8[N / 8];
        fixed (U256* pa = a, pb = b)
        {
            for (int g = 0; g < N / 8; g++) { Fq8.Load(pa + 8 * g, out va[g]); Fq8.Load(pb + 8 * g, out vb[g]); }
        }

        Report("Fq scalar Mont.Mul (independent)", N * Reps, () =>
        {
            for (int rep = 0; rep < Reps; rep++)
                for (int i = 0; i < N; i++) Mont<FqModulus>.Mul(a[i], b[i], out r[i]);
        });
        Report("Fq8.Mul (SoA in, SoA out)", N * Reps, () =>
        {
            for (int rep = 0; rep < Reps; rep++)
                for (int g = 0; g < N / 8; g++) Fq8.Mul(va[g], vb[g], out vr[g]);
        });
        Report("Fq8.MulSum a*b + c*d (one reduction)", N * Reps, () =>
        {
            for (int rep = 0; rep < Reps; rep++)
                for (int g = 0; g < N / 8; g++) Fq8.MulSum(va[g], vb[g], vb[g], va[g], out vr[g]);
        });
        // The Fq2 product: two dual-product reductions (current) against Karatsuba's three products and five additions.
        var wa = new Fq2x8[N / 16];
        var wb = new Fq2x8[N / 16];
        var wr = new Fq2x8[N / 16];
        for (int g = 0; g < N / 16; g++) { wa[g] = new Fq2x8 { C0 = va[2 * g], C1 = vb[2 * g] }; wb[g] = new Fq2x8 { C0 = vb[2 * g + 1], C1 = va[2 * g + 1] }; }
        Report("Fq2x8.Mul (per Fq2 product)", N / 2 * Reps, () =>
        {
            for (int rep = 0; rep < Reps; rep++)
                for (int g = 0; g < N / 16; g++) Fq2x8.Mul(wa[g], wb[g], out wr[g]);
        });
        Report("Fq2 Karatsuba in Fq8 lanes (reference)", N / 2 * Reps, () =>
        {
            for (int rep = 0; rep < Reps; rep++)
                for (int g = 0; g < N / 16; g++) KaratsubaFq2(wa[g], wb[g], out wr[g]);
        });
        Report("Fq8 load+Mul+reduce+store (AoS)", N * Reps, () =>
        {
            fixed (U256* pa = a, pb = b, pr = r)
            {
                for (int rep = 0; rep < Reps; rep++)
                    for (int g = 0; g < N / 8; g++)
                    {
                        Fq8.Load(pa + 8 * g, out var x);
                        Fq8.Load(pb + 8 * g, out var y);
                        Fq8.Mul(x, y, out var z);
                        Fq8.ReduceOnce(ref z);
                        Fq8.Store(z, pr + 8 * g);
                    }
            }
        });
    }
}
