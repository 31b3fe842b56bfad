using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Groth16.Ceremony;

/// <summary>
/// The secret values behind a Groth16 setup ("toxic waste"). Whoever holds them can make proofs that
/// verify for ANY public inputs, true or false. They must never exist outside a test.
/// gamma is 1 in every snarkjs-style setup (the vk's gamma is the G2 generator).
/// </summary>
internal sealed record Trapdoor(Fr Tau, Fr Alpha, Fr Beta, Fr Gamma, Fr Delta);

/// <summary>
/// TEST ONLY — a deliberately broken, single-party setup that RETURNS its toxic waste, so that tests can show
/// what such a setup allows (forging proofs of false statements). Internal: visible only to the test project;
/// the CLI never calls it. Real setups (`ceremony init/contribute/beacon`) never hold more than one
/// contribution's secret at a time and erase it.
/// </summary>
internal static class ToxicWasteSetup
{
    /// <summary>
    /// Powers of tau made directly from fresh τ, α, β (no transcript), prepared for phase 2; the circuit key
    /// from it; then one phase-2 contribution with a known δ. Returns the key and (τ, α, β, γ = 1, δ).
    /// </summary>
    internal static (ProvingKey Key, Trapdoor Trapdoor) CreateWithToxicWaste(ConstraintSystem cs)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var power = Math.Max(1, Groth16Setup.DomainLog2(cs));
        var tau = NonZero();
        var alpha = NonZero();
        var beta = NonZero();
        var delta = NonZero();
        var ptau = PowersOfTau.PreparePhase2(PtauFromSecrets(power, tau, alpha, beta));
        var pk = Groth16Setup.Setup(cs, ptau);
        var (withDelta, _) = ZkeyContributor.ContributeWithKnownSecret(pk, "toxic-waste test setup", delta);
        return (withDelta, new Trapdoor(tau, alpha, beta, Fr.One, delta));
    }

    /// <summary>A powers of tau computed directly from τ, α, β, with no transcript (what a single party holding them would make).</summary>
    internal static PowersOfTauData PtauFromSecrets(int power, Fr tau, Fr alpha, Fr beta)
    {
        var n = 1 << power;
        var pow = new Fr[2 * n - 1];
        pow[0] = Fr.One;
        for (var i = 1; i < pow.Length; i++) pow[i] = pow[i - 1] * tau;
        var tauG1 = new G1Jacobian[pow.Length];
        var tauG2 = new G2Jacobian[n];
        var alphaG1 = new G1Jacobian[n];
        var betaG1 = new G1Jacobian[n];
        for (var i = 0; i < pow.Length; i++)
        {
            tauG1[i] = G1Jacobian.ScalarMul(G1Affine.Generator, pow[i]);
            if (i >= n) continue;
            tauG2[i] = G2Jacobian.ScalarMulInSubgroup(G2Affine.Generator, pow[i]);
            alphaG1[i] = G1Jacobian.ScalarMul(G1Affine.Generator, alpha * pow[i]);
            betaG1[i] = G1Jacobian.ScalarMul(G1Affine.Generator, beta * pow[i]);
        }
        return new PowersOfTauData
        {
            Power = power, CeremonyPower = power,
            TauG1 = G1Jacobian.BatchToAffine(tauG1), TauG2 = G2Jacobian.BatchToAffine(tauG2),
            AlphaTauG1 = G1Jacobian.BatchToAffine(alphaG1), BetaTauG1 = G1Jacobian.BatchToAffine(betaG1),
            BetaG2 = G2Jacobian.ScalarMulInSubgroup(G2Affine.Generator, beta).ToAffine(),
            Contributions = [],
        };
    }

    private static Fr NonZero()
    {
        while (true)
        {
            var r = Fr.Random();
            if (!r.IsZero) return r;
        }
    }
}
