using BenchmarkDotNet.Running;

namespace ZkChain.Benchmarks;

public static class Program
{
    // BenchmarkDotNet: dotnet run -c Release --project bench/ZkChain.Benchmarks -- --filter '*FieldBench*' --job short
    // CPU-time mode (robust on a shared, overloaded machine): ... -- --cpu [msm-log2-max]
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--cpu")
        {
            CpuTimeRunner.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
