using ZkChain.Algebra;
using ZkChain.Groth16.Formats;

namespace ZkChain.Groth16.Ceremony;

/// <summary>
/// A prepared (phase-2-ready) powers of tau made in memory by one party who draws τ, α, β, uses them and forgets them.
/// DEVELOPMENT ONLY: while it runs, this process knows the toxic waste, and a setup built on it can be forged by
/// whoever controls the process. It records no contribution, so every provenance check reports it single-party.
///
/// Why not `new` + `contribute` + `prepare phase2`: that path multiplies every point by a full scalar in each of the
/// log n stages of a group NTT (n log n variable-base multiplications). Knowing τ, the Lagrange bases are scalars
/// L_i(τ) = ω^i (τ^m − 1) / (m (τ − ω^i)) times the generator, so everything is a fixed-base multiplication with a
/// precomputed table: seconds instead of minutes. It is never written as a .ptau file (a file with this content and
/// no transcript would not pass `snarkjs powersoftau verify`); callers use it directly for a development setup.
/// </summary>
public static class LocalPowersOfTau
{
    public static PowersOfTauData CreatePrepared(int power, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        if (power < 1 || power > Fr.TwoAdicity - 1) throw new ArgumentOutOfRangeException(nameof(power), $"power must be 1..{Fr.TwoAdicity - 1}");
        var tau = NonZeroRandom();
        var alpha = NonZeroRandom();
        var beta = NonZeroRandom();
        var g1 = new FixedBase.G1(G1Affine.Generator);
        var g2 = new FixedBase.G2(G2Affine.Generator);
        var n = 1 << power;
        var stages = 4.0 + 4 * (power + 1) + 1;
        var done = 0;
        void Step(string what) => progress?.Report(($"local powers of tau: {what}", ++done / stages));

        var tauPowers = Powers(tau, 2 * n - 1);
        var tauG1 = g1.MulMany(tauPowers); Step("tau·G1");
        var tauG2 = g2.MulMany(tauPowers.AsSpan(0, n)); Step("tau·G2");
        var alphaTau = Scaled(tauPowers.AsSpan(0, n), alpha);
        var alphaTauG1 = g1.MulMany(alphaTau); Step("alpha·tau·G1");
        var betaTau = Scaled(tauPowers.AsSpan(0, n), beta);
        var betaTauG1 = g1.MulMany(betaTau); Step("beta·tau·G1");
        var betaG2 = g2.MulMany([beta])[0];

        var l12 = new List<G1Affine>();
        var l13 = new List<G2Affine>();
        var l14 = new List<G1Affine>();
        var l15 = new List<G1Affine>();
        for (var k = 0; k <= power; k++)
        {
            var lag = Lagrange(tau, k);
            l12.AddRange(g1.MulMany(lag)); Step("Lagrange tau·G1");
            l13.AddRange(g2.MulMany(lag)); Step("Lagrange tau·G2");
            l14.AddRange(g1.MulMany(Scaled(lag, alpha))); Step("Lagrange alpha·tau·G1");
            l15.AddRange(g1.MulMany(Scaled(lag, beta))); Step("Lagrange beta·tau·G1");
        }
        // snarkjs appends, for tau·G1 only, the inverse NTT over the doubled domain N = 2n of (τ^0 .. τ^(N-2), 0): the
        // ptau stops at τ^(N-2). That is L_i(τ) minus the missing top term's share, τ^(N-1)·ω^i / N.
        var big = Lagrange(tau, power + 1);
        var omega = Fr.RootOfUnity(power + 1);
        var top = tauPowers[^1] * tau * Fr.FromUInt64((ulong)big.Length).Inverse();
        var wi = Fr.One;
        for (var i = 0; i < big.Length; i++)
        {
            big[i] -= top * wi;
            wi *= omega;
        }
        l12.AddRange(g1.MulMany(big)); Step("Lagrange tau·G1 (2n)");

        return new PowersOfTauData
        {
            Power = power,
            CeremonyPower = power,
            TauG1 = tauG1, TauG2 = tauG2, AlphaTauG1 = alphaTauG1, BetaTauG1 = betaTauG1, BetaG2 = betaG2,
            Contributions = [],
            LagrangeTauG1 = l12.ToArray(), LagrangeTauG2 = l13.ToArray(),
            LagrangeAlphaTauG1 = l14.ToArray(), LagrangeBetaTauG1 = l15.ToArray(),
        };
    }

    private static Fr NonZeroRandom()
    {
        while (true)
        {
            var x = Fr.Random();
            if (!x.IsZero) return x;
        }
    }

    private static Fr[] Powers(Fr x, int count)
    {
        var r = new Fr[count];
        r[0] = Fr.One;
        for (var i = 1; i < count; i++) r[i] = r[i - 1] * x;
        return r;
    }

    private static Fr[] Scaled(ReadOnlySpan<Fr> v, Fr s)
    {
        var r = new Fr[v.Length];
        for (var i = 0; i < v.Length; i++) r[i] = v[i] * s;
        return r;
    }

    /// <summary>L_i(τ) for the domain of size m = 2^k with generator ω = Fr.RootOfUnity(k) (snarkjs's roots), i in natural order.</summary>
    internal static Fr[] Lagrange(Fr tau, int k)
    {
        var m = 1 << k;
        var omega = Fr.RootOfUnity(k);
        var tauM = tau.Pow(m);
        var num = tauM - Fr.One;
        if (num.IsZero) throw new InvalidOperationException("tau is a root of unity of the domain (probability ~2^-226); draw again");
        var denoms = new Fr[m];
        var w = Fr.One;
        var ws = new Fr[m];
        for (var i = 0; i < m; i++)
        {
            ws[i] = w;
            denoms[i] = tau - w;
            w *= omega;
        }
        BatchInvert(denoms);
        var scale = num * Fr.FromUInt64((ulong)m).Inverse();
        var r = new Fr[m];
        for (var i = 0; i < m; i++) r[i] = scale * ws[i] * denoms[i];
        return r;
    }

    internal static void BatchInvert(Fr[] v)
    {
        var prefix = new Fr[v.Length];
        var acc = Fr.One;
        for (var i = 0; i < v.Length; i++)
        {
            prefix[i] = acc;
            acc *= v[i];
        }
        var inv = acc.Inverse();
        for (var i = v.Length - 1; i >= 0; i--)
        {
            var vi = v[i];
            v[i] = inv * prefix[i];
            inv *= vi;
        }
    }
}
