using ZkChain.Algebra;
using ZkChain.R1cs;

namespace ZkChain.Groth16.Ceremony;

/// <summary>
/// DEVELOPMENT ONLY — a Groth16 key made by one process that draws τ, α, β and δ from the OS CSPRNG, uses them and
/// erases them. While it runs the process knows the whole toxic waste, so whoever controls it could forge proofs of
/// false statements; the key records one phase-2 contribution named with a <see cref="SetupProvenance.LocalNamePrefixes"/>
/// prefix so that every provenance check reports it as development-only.
///
/// Why: <see cref="Groth16Setup.Setup"/> sums, per wire, points of the Lagrange-basis powers of tau (a variable-base
/// multiplication per R1CS term) and <see cref="ZkeyContributor"/> then multiplies every C and H point by 1/δ. Knowing
/// the secrets, every key point is a known scalar times a generator: the per-wire sums are done in Fr and each point
/// costs one fixed-base multiplication (16 or 32 mixed additions), which is what makes large training circuits usable.
///
/// The result equals, section by section, `Setup(ptau made from τ, α, β with power <c>ptauPower</c>)` followed by one
/// contribution with secret δ; only the contribution's random proof-of-knowledge base g1_s differs (it is fresh in
/// both). The ptau power matters only to the H section: when it equals the circuit's domain power, snarkjs's 2n-point
/// Lagrange basis misses the top tau power and the H points carry that correction.
/// </summary>
public static class DevelopmentSetup
{
    /// <summary>The contribution name; starts with "zkchain development" so <see cref="SetupProvenance"/> flags the key.</summary>
    public const string ContributionName = "zkchain development setup (single party, known trapdoor)";

    /// <summary>
    /// The smallest powers-of-tau power whose setup snarkjs can hash for this circuit: one above the domain (above
    /// 2^14 points snarkjs's circuit hash reads tau powers up to 2n − 1), the same power `zkchain train` used before.
    /// </summary>
    public static int DefaultPtauPower(ConstraintSystem cs) => Math.Max(1, Groth16Setup.DomainLog2(cs)) + 1;

    /// <summary>A development-only key for <paramref name="cs"/>; the secrets never leave this call.</summary>
    public static ProvingKey Create(ConstraintSystem cs, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var tau = NonZeroRandom();
        var alpha = NonZeroRandom();
        var beta = NonZeroRandom();
        var delta = NonZeroRandom();
        try
        {
            return CreateFromSecrets(cs, DefaultPtauPower(cs), tau, alpha, beta, delta, progress);
        }
        finally
        {
            tau = alpha = beta = delta = default;
        }
    }

    /// <summary>
    /// The key for given secrets. Internal: only <see cref="Create"/> and the tests (which compare it with
    /// Setup + contribution from the same secrets) may choose them.
    /// </summary>
    internal static ProvingKey CreateFromSecrets(ConstraintSystem cs, int ptauPower, Fr tau, Fr alpha, Fr beta, Fr delta,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cs);
        if (tau.IsZero || alpha.IsZero || beta.IsZero || delta.IsZero) throw new ArgumentException("setup secrets must be non-zero");
        var cirPower = Groth16Setup.DomainLog2(cs);
        if (ptauPower < cirPower || ptauPower > Fr.TwoAdicity - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ptauPower), $"powers of tau power must be {cirPower}..{Fr.TwoAdicity - 1} for a circuit with domain 2^{cirPower}");
        }
        var n = 1 << cirPower;
        var hashCount = Groth16Setup.CircuitHashHPointCount(n);
        if (hashCount - 1 + n >= (2 << ptauPower) - 1)
        {
            throw new ArgumentException($"snarkjs-compatible circuit hash needs tau powers up to {hashCount - 1 + n}; use a powers of tau power above {ptauPower}", nameof(ptauPower));
        }
        var nVars = cs.NWires;
        var nPublic = cs.NPublic;
        var m = cs.Constraints.Count;
        const string stage = "development setup";
        void Done(string what) => progress?.Report(($"{stage}: {what}", 1));
        IProgress<double>? Stage(string what) => progress == null ? null : new StageProgress(progress, $"{stage}: {what}");

        // Scalars first (cheap field arithmetic), all derived from the secrets and erased at the end.
        var lagrange = LocalPowersOfTau.Lagrange(tau, cirPower);
        var a = new Fr[nVars];
        var b = new Fr[nVars];
        var icc = new Fr[nVars];
        var hashH = new Fr[hashCount];
        var h = new Fr[n];
        var scaled = new Fr[Math.Max(nVars, n)];
        try
        {
            // u_s(τ), v_s(τ), w_s(τ) per wire; the key's coefficient section is the circuit's A/B terms.
            for (var c = 0; c < m; c++)
            {
                var con = cs.Constraints[c];
                var lc = lagrange[c];
                foreach (var t in con.A.Terms)
                {
                    CheckWire(t.Wire, nVars, c);
                    a[t.Wire] += t.Coefficient * lc;
                }
                foreach (var t in con.B.Terms)
                {
                    CheckWire(t.Wire, nVars, c);
                    b[t.Wire] += t.Coefficient * lc;
                }
                foreach (var t in con.C.Terms)
                {
                    CheckWire(t.Wire, nVars, c);
                    icc[t.Wire] += t.Coefficient * lc;
                }
            }
            // The extra A rows m + s (s ≤ nPublic) that keep the public inputs independent.
            for (var s = 0; s <= nPublic; s++) a[s] += lagrange[m + s];
            var coefficients = ZkeyCircuitMatch.ExpectedCoefficients(cs);
            // IC and C before δ: β·u_s(τ) + α·v_s(τ) + w_s(τ).
            Parallel.For(0, nVars, s => icc[s] = beta * a[s] + alpha * b[s] + icc[s]);
            HashedHScalars(tau, n, hashH);
            HScalars(tau, cirPower, ptauPower == cirPower, h);
            Done("scalars");

            var pointCount = 4L * nVars + hashCount + n; // G1 points made below (B2 in G2 comes on top)
            var g1 = new FixedBase.G1(G1Affine.Generator, FixedBase.WindowBitsFor(pointCount));
            var g2 = new FixedBase.G2(G2Affine.Generator, FixedBase.WindowBitsFor(nVars));
            Done("fixed-base tables");

            var aPts = g1.MulMany(a, Stage("A"));
            var b1Pts = g1.MulMany(b, Stage("B1"));
            var b2Pts = g2.MulMany(b, Stage("B2"));
            var ic = g1.MulMany(icc.AsSpan(0, nPublic + 1), Stage("IC"));
            var cBeforeDelta = g1.MulMany(icc.AsSpan(nPublic + 1), Stage("C (for the circuit hash)"));
            var hashHPts = g1.MulMany(hashH, Stage("H (for the circuit hash)"));
            var alphaBeta1 = g1.MulMany([alpha, beta, delta]);
            var beta2 = g2.MulMany([beta])[0];

            // The key as Setup leaves it (δ = 1): its circuit hash is what the contribution's transcript starts from.
            var initial = new ProvingKey
            {
                NVars = nVars, NPublic = nPublic, DomainSize = n,
                Alpha1 = alphaBeta1[0], Beta1 = alphaBeta1[1], Beta2 = beta2,
                Gamma2 = G2Affine.Generator, Delta1 = G1Affine.Generator, Delta2 = G2Affine.Generator,
                IC = ic, Coefficients = coefficients, A = aPts, B1 = b1Pts, B2 = b2Pts, C = cBeforeDelta, H = [],
                Mpc = new MpcParams(new byte[64], []),
            };
            var csHash = Groth16Setup.CircuitHash(initial, hashHPts);
            Done("circuit hash");

            // The contribution record for δ (proof of knowledge with a fresh g1_s), computed on a key without C and H
            // points: those are made directly with 1/δ folded into their scalars below.
            var skeleton = initial.WithDelta(initial.Delta1, initial.Delta2, [], [], new MpcParams(csHash, []));
            var (contributed, _) = ZkeyContributor.ContributeWithKnownSecret(skeleton, ContributionName, delta);
            if (contributed.Delta1 != alphaBeta1[2]) throw new InvalidOperationException("development setup: the contribution's delta does not match (internal error)");

            var deltaInv = delta.Inverse();
            var nPrivate = nVars - nPublic - 1;
            Parallel.For(0, nPrivate, i => scaled[i] = icc[nPublic + 1 + i] * deltaInv);
            var cPts = g1.MulMany(scaled.AsSpan(0, nPrivate), Stage("C"));
            Parallel.For(0, n, i => scaled[i] = h[i] * deltaInv);
            var hPts = g1.MulMany(scaled.AsSpan(0, n), Stage("H"));
            deltaInv = default;

            return initial.WithDelta(contributed.Delta1, contributed.Delta2, cPts, hPts, contributed.Mpc);
        }
        finally
        {
            Array.Clear(lagrange);
            Array.Clear(a);
            Array.Clear(b);
            Array.Clear(icc);
            Array.Clear(hashH);
            Array.Clear(h);
            Array.Clear(scaled);
        }
    }

    /// <summary>The scalars of the points snarkjs's circuit hash covers: (τ^(i+n) − τ^i) = τ^i·(τ^n − 1).</summary>
    private static void HashedHScalars(Fr tau, int n, Fr[] into)
    {
        var factor = tau.Pow(n) - Fr.One;
        var p = factor;
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = p;
            p *= tau;
        }
        factor = p = default;
    }

    /// <summary>
    /// H before δ: the odd entries L_(2i+1)(τ) of the Lagrange basis over the 2n domain, as snarkjs takes them from the
    /// ptau. When the ptau's power equals the circuit's, that basis was the inverse NTT of (τ^0 .. τ^(2n−2), 0), which is
    /// L_j(τ) − τ^(2n−1)·ω^j / 2n (the same correction LocalPowersOfTau applies).
    /// </summary>
    private static void HScalars(Fr tau, int cirPower, bool topPowerMissing, Fr[] into)
    {
        var n = into.Length;
        var big = 2 * n;
        var omega = Fr.RootOfUnity(cirPower + 1);
        var omega2 = omega * omega;
        var tauBig = tau.Pow(big);
        var num = tauBig - Fr.One;
        if (num.IsZero) throw new InvalidOperationException("tau is a root of unity of the domain (probability ~2^-226); draw again");
        var invBig = Fr.FromUInt64((ulong)big).Inverse();
        var scale = num * invBig;
        // L_j(τ) = ω^j (τ^2n − 1) / (2n (τ − ω^j)); the top tau power τ^(2n−1) = τ^2n / τ.
        var top = topPowerMissing ? tauBig * tau.Inverse() * invBig : Fr.Zero;
        var ws = new Fr[n];
        var w = omega;
        for (var i = 0; i < n; i++)
        {
            ws[i] = w;
            into[i] = tau - w;
            w *= omega2;
        }
        LocalPowersOfTau.BatchInvert(into);
        for (var i = 0; i < n; i++) into[i] = scale * ws[i] * into[i] - top * ws[i];
        Array.Clear(ws);
        tauBig = num = scale = top = default;
    }

    private static void CheckWire(int wire, int nVars, int c)
    {
        if ((uint)wire >= (uint)nVars) throw new ArgumentException($"constraint {c} uses wire {wire} but the circuit has {nVars} wires");
    }

    private static Fr NonZeroRandom()
    {
        while (true)
        {
            var x = Fr.Random();
            if (!x.IsZero) return x;
        }
    }
}
