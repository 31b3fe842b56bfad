using ZkChain.Algebra;

namespace ZkChain.Groth16;

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
        var h = QapReduction.ComputeH(pk, w, progress);

        progress?.Report(("MSM A", 0));
        var aMsm = Msm.G1(pk.A, w, Stage(progress, "MSM A"));
        var b1Msm = Msm.G1(pk.B1, w, Stage(progress, "MSM B1"));
        var b2Msm = Msm.G2(pk.B2, w, Stage(progress, "MSM B2"));
        var cMsm = Msm.G1(pk.C, w.AsSpan(pk.NPublic + 1), Stage(progress, "MSM C"));
        var hMsm = Msm.G1(pk.H, h, Stage(progress, "MSM H"));

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
