using BenchmarkDotNet.Running;

namespace ZkChain.Benchmarks;

public static class Program
{
    // BenchmarkDotNet: dotnet run -c Release --project bench/ZkChain.Benchmarks -- --filter '*FieldBench*' --job short
    // In-process prover timing (set ZKCHAIN_PROFILE=1 for stages): ... -- --prove circuit.zkey witness.wtns [repetitions]
    // CPU-time mode (robust on a shared, overloaded machine): ... -- --cpu [msm-log2-max]
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--cpu")
        {
            CpuTimeRunner.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16);
            return;
        }
        if (args.Length > 2 && args[0] == "--prove")
        {
            ProveRunner.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
