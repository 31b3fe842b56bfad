namespace ZkChain.Groth16;

/// <summary>Forwards a fraction-only progress (e.g. from an MSM) as a named stage, synchronously.</summary>
internal sealed class StageProgress(IProgress<(string Stage, double Fraction)> inner, string stage) : IProgress<double>
{
    public void Report(double value) => inner.Report((stage, value));
}
