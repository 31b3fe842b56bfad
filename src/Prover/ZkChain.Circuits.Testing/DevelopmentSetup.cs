using System.Collections.Concurrent;
using System.Security.Cryptography;
using ZkChain.Algebra;
using ZkChain.Groth16;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Circuits.Testing;

/// <summary>
/// DEVELOPMENT ONLY: a single-party Groth16 setup for tests. A powers-of-tau accumulator is built directly from fresh
/// random tau, alpha, beta (then discarded), prepared for phase 2, and the circuit key gets one random phase-2
/// contribution. Whoever runs this could forge proofs; never use its keys for anything but tests.
/// </summary>
public static class DevelopmentSetup
{
    private static readonly ConcurrentDictionary<int, PowersOfTauData> PtauCache = new();

    /// <summary>A prepared single-party ptau of the given power (cached per process).</summary>
    public static PowersOfTauData Ptau(int power) => PtauCache.GetOrAdd(power, static p => PowersOfTau.PreparePhase2(NewRandomPtau(p)));

    private static PowersOfTauData NewRandomPtau(int power)
    {
        int n = 1 << power;
        var tau = NonZeroRandom();
        var alpha = NonZeroRandom();
        var beta = NonZeroRandom();
        var pow = new Fr[2 * n - 1];
        pow[0] = Fr.One;
        for (int i = 1; i < pow.Length; i++) pow[i] = pow[i - 1] * tau;
        var g1 = G1Affine.Generator;
        var g2 = G2Affine.Generator;
        var tauG1 = new G1Jacobian[pow.Length];
        var tauG2 = new G2Jacobian[n];
        var alphaG1 = new G1Jacobian[n];
        var betaG1 = new G1Jacobian[n];
        Parallel.For(0, pow.Length, i =>
        {
            tauG1[i] = G1Jacobian.ScalarMul(g1, pow[i]);
            if (i < n)
            {
                tauG2[i] = G2Jacobian.ScalarMulInSubgroup(g2, pow[i]);
                alphaG1[i] = G1Jacobian.ScalarMul(g1, alpha * pow[i]);
                betaG1[i] = G1Jacobian.ScalarMul(g1, beta * pow[i]);
            }
        });
        return new PowersOfTauData
        {
            Power = power,
            CeremonyPower = power,
            TauG1 = G1Jacobian.BatchToAffine(tauG1),
            TauG2 = G2Jacobian.BatchToAffine(tauG2),
            AlphaTauG1 = G1Jacobian.BatchToAffine(alphaG1),
            BetaTauG1 = G1Jacobian.BatchToAffine(betaG1),
            BetaG2 = G2Jacobian.ScalarMulInSubgroup(g2, beta).ToAffine(),
            Contributions = [],
        };
    }

    private static Fr NonZeroRandom()
    {
        while (true)
        {
            var r = Fr.Random();
            if (!r.IsZero) return r;
        }
    }

    /// <summary>Proving key for <paramref name="cs"/> with one random phase-2 contribution (delta ≠ 1).</summary>
    public static ProvingKey Keys(ConstraintSystem cs)
    {
        var ptau = Ptau(Math.Max(1, Groth16Setup.DomainLog2(cs)));
        var pk = Groth16Setup.Setup(cs, ptau);
        return ZkeyContributor.Contribute(pk, "zkchain development test setup", RandomNumberGenerator.GetBytes(32)).Key;
    }
}
