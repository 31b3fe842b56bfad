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
