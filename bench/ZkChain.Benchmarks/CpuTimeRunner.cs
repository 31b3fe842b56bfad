using System.Diagnostics;
using System.Globalization;
using ZkChain.Algebra;

namespace ZkChain.Benchmarks;

/// <summary>
/// Measures process CPU time (user + system) rather than wall-clock, so time spent waiting for a
/// core on a loaded machine is not counted. Single-threaded primitives: CPU time per operation.
/// Parallel operations (MSM, NTT): both wall-clock and total CPU time are printed.
/// </summary>
internal static class CpuTimeRunner
{
    private static double CpuNs() => Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100.0;

    private static void Measure(string name, int ops, Action body, string unit = "ns")
    {
        // Warm up, then give tiered compilation time to install optimised code before measuring.
        body();
        Thread.Sleep(300);
        body();
        Thread.Sleep(300);
        body();
        double best = double.MaxValue;
        for (int rep = 0; rep < 5; rep++)
        {
            double c0 = CpuNs();
            body();
            best = Math.Min(best, (CpuNs() - c0) / ops);
        }
        double shown = unit == "us" ? best / 1e3 : unit == "ms" ? best / 1e6 : best;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {shown,12:F1} {unit} CPU/op"));
    }

    private static void MeasureParallel(string name, Action body)
    {
        body();
        double bestWall = double.MaxValue, cpuAtBest = 0;
        for (int rep = 0; rep < 3; rep++)
        {
            double c0 = CpuNs();
            var sw = Stopwatch.StartNew();
            body();
            sw.Stop();
            if (sw.Elapsed.TotalMilliseconds < bestWall) { bestWall = sw.Elapsed.TotalMilliseconds; cpuAtBest = (CpuNs() - c0) / 1e6; }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} wall {bestWall,10:F1} ms   CPU {cpuAtBest,10:F1} ms"));
    }

    public static void Run(int msmMaxLog)
    {
        Fr a = Fr.Random(), b = Fr.Random();
        Fq x = Fq.Random(), y = Fq.Random();
        const int N = 2_000_000;
        Fr sinkR = default; Fq sinkQ = default;
        Measure("Fr.Mul", N, () => { var acc = a; for (int i = 0; i < N; i++) Fr.Mul(acc, b, out acc); sinkR = acc; });
        Measure("Fr.Square", N, () => { var acc = a; for (int i = 0; i < N; i++) Fr.Square(acc, out acc); sinkR = acc; });
        Measure("Fq.Mul", N, () => { var acc = x; for (int i = 0; i < N; i++) Fq.Mul(acc, y, out acc); sinkQ = acc; });
        Measure("Fq.Mul (mulx variant)", N, () => { var acc = x.V; for (int i = 0; i < N; i++) Bmi2Mont.Mul(acc, y.V, out acc); sinkQ = new Fq(acc); });
        VectorFieldBench.Run();
        Measure("Fr.Add", N, () => { var acc = a; for (int i = 0; i < N; i++) Fr.Add(acc, b, out acc); sinkR = acc; });
        Measure("Fr.Inverse", 2000, () => { var acc = a; for (int i = 0; i < 2000; i++) acc = (acc + b).Inverse(); sinkR = acc; });

        var p = G1Affine.Generator * Fr.Random();
        var q = G1Affine.Generator * Fr.Random();
        var qa = q.ToAffine();
        const int M = 200_000;
        Measure("G1 add (Jacobian)", M, () => { var r = p; for (int i = 0; i < M; i++) r.Add(q); p = r; });
        Measure("G1 add mixed", M, () => { var r = p; for (int i = 0; i < M; i++) r.AddMixed(qa); p = r; });
        Measure("G1 double", M, () => { var r = p; for (int i = 0; i < M; i++) r.Double(); p = r; });
        var p2 = G2Affine.Generator * Fr.Random();
        var q2 = G2Affine.Generator * Fr.Random();
        Measure("G2 add (Jacobian)", M / 4, () => { var r = p2; for (int i = 0; i < M / 4; i++) r.Add(q2); p2 = r; });
        Measure("G1 scalar mul", 200, () => { for (int i = 0; i < 200; i++) p = qa * a; }, "us");
        var q2a = q2.ToAffine();
        G2Jacobian s2 = default;
        Measure("G2 double", M / 4, () => { var r = p2; for (int i = 0; i < M / 4; i++) r.Double(); p2 = r; });
        Measure("G2 scalar mul (d&a)", 100, () => { for (int i = 0; i < 100; i++) s2 = G2Jacobian.ScalarMul(q2a, a); }, "us");
        Measure("G2 scalar mul (GLV)", 100, () => { for (int i = 0; i < 100; i++) s2 = G2Jacobian.ScalarMulInSubgroup(q2a, a); }, "us");
        Measure("G2 subgroup check", 100, () => { for (int i = 0; i < 100; i++) _ = q2a.IsInSubgroup(); }, "us");
        p2 = p2 + s2;

        var pa = (G1Affine.Generator * Fr.Random()).ToAffine();
        var qg = (G2Affine.Generator * Fr.Random()).ToAffine();
        Gt g = default;
        Measure("Pairing", 20, () => { for (int i = 0; i < 20; i++) g = Pairing.Pair(pa, qg); }, "ms");
        Measure("4-pairing check", 10, () => { for (int i = 0; i < 10; i++) _ = Pairing.MultiPairingIsOne([pa, pa, pa, pa], [qg, qg, qg, qg]); }, "ms");

        for (int lg = 16; lg <= msmMaxLog; lg += 2)
        {
            int n = 1 << lg;
            var jac = new G1Jacobian[n];
            var step = (G1Affine.Generator * Fr.Random()).ToAffine();
            var acc = G1Affine.Generator * Fr.Random();
            for (int i = 0; i < n; i++) { acc.AddMixed(step); jac[i] = acc; }
            var bases = G1Jacobian.BatchToAffine(jac);
            var scalars = new Fr[n];
            for (int i = 0; i < n; i++) scalars[i] = Fr.Random();
            MeasureParallel($"MSM G1 2^{lg}", () => Msm.G1(bases, scalars));
        }
        var data = new Fr[1 << 20];
        for (int i = 0; i < data.Length; i++) data[i] = Fr.FromUInt64((ulong)i + 1);
        MeasureParallel("NTT 2^20", () => Ntt.Forward(data));

        // Group NTTs (powersoftau prepare phase2 runs them over every prefix of the ptau's point arrays).
        var g1pts = G1Jacobian.BatchToAffine(Enumerable.Range(1, 1 << 12).Select(i => G1Affine.Generator * Fr.FromUInt64((ulong)i * 7919)).ToArray());
        var g2pts = G2Jacobian.BatchToAffine(Enumerable.Range(1, 1 << 12).Select(i => G2Affine.Generator * Fr.FromUInt64((ulong)i * 7919)).ToArray());
        MeasureParallel("GroupNtt G1 2^12", () => ZkChain.Groth16.GroupNtt.InverseG1(g1pts));
        MeasureParallel("GroupNtt G2 2^12", () => ZkChain.Groth16.GroupNtt.InverseG2(g2pts));
        GC.KeepAlive(sinkR); GC.KeepAlive(sinkQ); GC.KeepAlive(g);
    }
}
