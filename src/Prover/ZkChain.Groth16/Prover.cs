using System.Diagnostics;
using System.Globalization;
using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>
/// Stage timing for the prover and the zkey reader, printed to stderr when the environment variable
/// ZKCHAIN_PROFILE is 1: wall-clock and process CPU time (all threads) per stage, so the profile is
/// still meaningful on a loaded machine.
/// </summary>
internal static class ProveProfile
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("ZKCHAIN_PROFILE") == "1";

    public readonly struct Scope : IDisposable
    {
        private readonly string? _name;
        private readonly long _t0;
        private readonly TimeSpan _c0;

        public Scope(string name)
        {
            _name = name;
            _t0 = Stopwatch.GetTimestamp();
            _c0 = Process.GetCurrentProcess().TotalProcessorTime;
        }

        public void Dispose()
        {
            if (_name == null) return;
            var wall = Stopwatch.GetElapsedTime(_t0).TotalMilliseconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - _c0).TotalMilliseconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"profile: {_name,-26} wall {wall,9:F1} ms  cpu {cpu,9:F1} ms  (GCs so far: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() >> 20} MiB, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F1} ms)"));
        }
    }

    /// <summary>A timing scope, or a no-op when profiling is off.</summary>
    public static Scope Stage(string name) => Enabled ? new Scope(name) : default;
}

/// <summary>Groth16 prover over BN254 with snarkjs's QAP reduction (any snarkjs .zkey works).</summary>
public static class Groth16Prover
{
    /// <summary>
    /// Proves with fresh random r and s (CSPRNG); returns the proof and the public signals
    /// (witness[1..nPublic]). The witness is not checked against the constraints here: a bad witness
    /// yields a proof that fails verification (use WitnessChecker first for a precise error).
    /// </summary>
    public static (Proof Proof, Fr[] PublicSignals) Prove(ProvingKey pk, ReadOnlySpan<Fr> witness,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        using var total = ProveProfile.Stage("prove (total)");
        ArgumentNullException.ThrowIfNull(pk);
        if (witness.Length != pk.NVars)
        {
            throw new ArgumentException($"witness has {witness.Length} values but the proving key expects {pk.NVars} signals", nameof(witness));
        }
        if (witness[0] != Fr.One)
        {
            throw new ArgumentException("witness[0] must be 1 (the constant signal)", nameof(witness));
        }
        var w = witness.ToArray();

        // Two independent chains run side by side so both cores stay busy through each MSM's serial
        // tail (bucket reduction, window combination): (1) the QAP reduction, then the H MSM;
        // (2) the A, B1, B2 and C MSMs. Each MSM is itself parallel.
        progress?.Report(("MSM A", 0));
        G1Jacobian aMsm = default, b1Msm = default, cMsm = default, hMsm = default;
        G2Jacobian b2Msm = default;
        Parallel.Invoke(
            () =>
            {
                Fr[] h;
                using (ProveProfile.Stage("QAP (h)")) h = QapReduction.ComputeH(pk, w, progress);
                using (ProveProfile.Stage("MSM H (G1)")) hMsm = Msm.G1(pk.H, h, Stage(progress, "MSM H"));
            },
            () =>
            {
                // A, B1, B2 and C all run over the witness: its window digits are computed once.
                MsmDigits digits;
                using (ProveProfile.Stage("witness digits")) digits = Msm.Digits(w);
                using (ProveProfile.Stage("MSM A (G1)")) aMsm = Msm.G1(pk.A, digits, 0, Stage(progress, "MSM A"));
                using (ProveProfile.Stage("MSM B1 (G1)")) b1Msm = Msm.G1(pk.B1, digits, 0, Stage(progress, "MSM B1"));
                using (ProveProfile.Stage("MSM B2 (G2)")) b2Msm = Msm.G2(pk.B2, digits, 0, Stage(progress, "MSM B2"));
                using (ProveProfile.Stage("MSM C (G1)")) cMsm = Msm.G1(pk.C, digits, pk.NPublic + 1, Stage(progress, "MSM C"));
            });

        var r = Fr.Random();
        var s = Fr.Random();

        var piA = Curve.Add(Curve.Add(aMsm, pk.Alpha1), Curve.Mul(pk.Delta1, r));
        var piB = Curve.Add(Curve.Add(b2Msm, pk.Beta2), Curve.Mul(pk.Delta2, s));
        var b1 = Curve.Add(Curve.Add(b1Msm, pk.Beta1), Curve.Mul(pk.Delta1, s));
        var piAAff = Curve.ToAffine(piA);
        var piC = Curve.Add(cMsm, hMsm);
        piC = Curve.Add(piC, Curve.Mul(piAAff, s));
        piC = Curve.Add(piC, Curve.Mul(Curve.ToAffine(b1), r));
        piC = Curve.Add(piC, Curve.Mul(pk.Delta1, -(r * s)));

        var pub = w.AsSpan(1, pk.NPublic).ToArray();
        progress?.Report(("prove", 1));
        return (new Proof(piAAff, Curve.ToAffine(piB), Curve.ToAffine(piC)), pub);
    }

    private static IProgress<double>? Stage(IProgress<(string Stage, double Fraction)>? p, string name) =>
        p == null ? null : new StageProgress(p, name);
}
