using ZkChain.Algebra;
using ZkChain.Groth16.Formats;

namespace ZkChain.Groth16;

/// <summary>Phase 1 (universal powers of tau) in the snarkjs .ptau layout.</summary>
public static class PowersOfTau
{
    /// <summary>
    /// A fresh accumulator with tau = alpha = beta = 1 (every point the generator) and no contributions,
    /// exactly as `snarkjs powersoftau new bn128 &lt;power&gt;` writes it. Useless until contributed to.
    /// </summary>
    public static PowersOfTauData New(int power)
    {
        if (power < 1 || power >= Fr.TwoAdicity)
        {
            throw new ArgumentException($"power must be between 1 and {Fr.TwoAdicity - 1}, got {power}", nameof(power));
        }
        var n = 1 << power;
        return new PowersOfTauData
        {
            Power = power,
            CeremonyPower = power,
            TauG1 = Enumerable.Repeat(G1Affine.Generator, 2 * n - 1).ToArray(),
            TauG2 = Enumerable.Repeat(G2Affine.Generator, n).ToArray(),
            AlphaTauG1 = Enumerable.Repeat(G1Affine.Generator, n).ToArray(),
            BetaTauG1 = Enumerable.Repeat(G1Affine.Generator, n).ToArray(),
            BetaG2 = G2Affine.Generator,
            Contributions = [],
        };
    }

    /// <summary>
    /// Adds the Lagrange-basis sections 12–15 that phase 2 reads, exactly as `snarkjs powersoftau
    /// prepare phase2` computes them: for every k = 0..power the inverse NTT of the first 2^k points of
    /// tauG1, tauG2, alphaTauG1 and betaTauG1; and for tauG1 also k = power+1 over the 2^(power+1) − 1
    /// tau powers padded with the point at infinity.
    /// </summary>
    public static PowersOfTauData PreparePhase2(PowersOfTauData ptau, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ptau);
        var power = ptau.Power;
        var l12 = new List<G1Affine>();
        var l13 = new List<G2Affine>();
        var l14 = new List<G1Affine>();
        var l15 = new List<G1Affine>();
        // The Lagrange transform of tauG2 is only meaningful inside G2 (and uses GLV there): refuse a file whose
        // tauG2 points are not, rather than write sections computed from them.
        var outside = GroupNtt.FirstOutsideG2(ptau.TauG2);
        if (outside >= 0)
        {
            throw new InvalidDataException($"ptau section 3 (tauG2): point {outside} is not in the G2 subgroup; this is not a valid powers of tau");
        }
        var total = 4.0 * (power + 1) + 1;
        var done = 0;
        void Step(string what) => progress?.Report(("prepare phase2: " + what, ++done / total));
        for (var k = 0; k <= power; k++)
        {
            var m = 1 << k;
            l12.AddRange(GroupNtt.InverseG1(ptau.TauG1.AsSpan(0, m))); Step("tauG1");
            l13.AddRange(GroupNtt.InverseG2(ptau.TauG2.AsSpan(0, m), inputsCheckedInG2: true)); Step("tauG2");
            l14.AddRange(GroupNtt.InverseG1(ptau.AlphaTauG1.AsSpan(0, m))); Step("alphaTauG1");
            l15.AddRange(GroupNtt.InverseG1(ptau.BetaTauG1.AsSpan(0, m))); Step("betaTauG1");
        }
        var last = new G1Affine[2 << power];
        ptau.TauG1.AsSpan().CopyTo(last);
        last[^1] = G1Affine.Infinity;
        l12.AddRange(GroupNtt.InverseG1(last)); Step("tauG1");
        return new PowersOfTauData
        {
            Power = ptau.Power,
            CeremonyPower = ptau.Power,
            TauG1 = ptau.TauG1, TauG2 = ptau.TauG2, AlphaTauG1 = ptau.AlphaTauG1, BetaTauG1 = ptau.BetaTauG1,
            BetaG2 = ptau.BetaG2, Contributions = ptau.Contributions,
            LagrangeTauG1 = l12.ToArray(), LagrangeTauG2 = l13.ToArray(),
            LagrangeAlphaTauG1 = l14.ToArray(), LagrangeBetaTauG1 = l15.ToArray(),
        };
    }
}
