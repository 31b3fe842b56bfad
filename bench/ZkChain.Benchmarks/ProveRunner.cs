using System.Diagnostics;
using System.Globalization;
using ZkChain.Algebra;
using ZkChain.Groth16;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Benchmarks;

/// <summary>
/// Reads a .zkey and a .wtns and proves, in-process, a number of times: wall-clock and process CPU
/// time for reading and for proving (the first repetition includes JIT warm-up). The proof is
/// verified against the zkey's verification key so a timing never comes from a wrong proof.
/// </summary>
internal static class ProveRunner
{
    private static double CpuMs() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    public static void Run(string zkeyPath, string wtnsPath, int reps)
    {
        for (int rep = 0; rep < reps; rep++)
        {
            var sw = Stopwatch.StartNew();
            double c0 = CpuMs();
            ProvingKey pk;
            using (var f = File.OpenRead(zkeyPath)) pk = ZkeyFile.Read(f);
            Fr[] w;
            using (var f = File.OpenRead(wtnsPath)) w = WtnsFile.Read(f);
            double readWall = sw.Elapsed.TotalMilliseconds, readCpu = CpuMs() - c0;
            if (rep == 0)
            {
                var h = QapReduction.ComputeH(pk, w);
                int small(Fr[] v) => v.Count(x => x.ToBigInteger() < (System.Numerics.BigInteger.One << 64));
                // Fixture sanity: a zkey made from tau = 1 has (almost) only points at infinity, which makes any timing meaningless.
                Console.WriteLine($"witness {w.Length}: zero {w.Count(x => x.IsZero)}, one {w.Count(x => x == Fr.One)}, < 2^64 {small(w)}; h {h.Length}: zero {h.Count(x => x.IsZero)}, < 2^64 {small(h)}; A inf {pk.A.Count(p => p.IsInfinity)}, B1 inf {pk.B1.Count(p => p.IsInfinity)}, C inf {pk.C.Count(p => p.IsInfinity)}, H inf {pk.H.Count(p => p.IsInfinity)}");
            }
            sw.Restart();
            c0 = CpuMs();
            var (proof, pub) = Groth16Prover.Prove(pk, w);
            double proveWall = sw.Elapsed.TotalMilliseconds, proveCpu = CpuMs() - c0;
            bool ok = Groth16Verifier.Verify(pk.VerificationKey, pub.Select(x => x.ToBigInteger()).ToList(), proof).IsValid;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rep {rep}: read wall {readWall,8:F0} ms cpu {readCpu,8:F0} ms | prove wall {proveWall,8:F0} ms cpu {proveCpu,8:F0} ms | verify {(ok ? "OK" : "FAILED")}"));
            if (!ok) Environment.Exit(1);
        }
    }
}
