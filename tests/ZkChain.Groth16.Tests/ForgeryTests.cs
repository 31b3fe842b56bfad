using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>
/// Why a single-party setup is for development only: whoever knows a setup's secrets ("toxic waste") can make
/// proofs that verify for statements that are FALSE — here "y = x²" for x = 3, y = 10, which no witness satisfies.
/// Groth16's verifier checks e(A, B) = e(α, β) · e(vk_x, γ) · e(C, δ), where vk_x = IC₀ + Σ xᵢ·ICᵢ depends on the
/// public inputs. A prover who knows the scalars behind α, β, γ, δ can pick A and B at random and solve that
/// equation for C — no witness needed (the "simulation trapdoor" used in Groth16's zero-knowledge proof).
///
/// The tests show, with our verifier and with `snarkjs groth16 verify` as an independent judge:
///  1. the full trapdoor forges;
///  2. after one independent phase-2 contribution (a δ' nobody in the test knows) the same forgery fails;
///  3. but phase-1 secrets alone (τ, α, β of a single-party powers of tau) still forge after that contribution —
///     so the powers of tau must come from a multi-party ceremony too;
///  4. and a zkey with NO contribution (δ = 1, public) can be forged by anybody, not only by its maker.
/// </summary>
[Collection(SnarkjsCollection.Name)]
public sealed class ForgeryTests(SnarkjsPipeline p)
{
    /// <summary>Public x and y with one constraint x·x = y (wires: 0 = one, 1 = x, 2 = y).</summary>
    private static ConstraintSystem SquareCircuit() => new(3, 0, 2, 0,
        [new Constraint(LinearCombination.FromWire(1), LinearCombination.FromWire(1), LinearCombination.FromWire(2))]);

    /// <summary>A false statement for <see cref="SquareCircuit"/>: 3² ≠ 10.</summary>
    private static readonly BigInteger[] FalseStatement = [3, 10];

    private static G1Affine VkX(VerificationKey vk, IReadOnlyList<BigInteger> pub)
    {
        var acc = vk.IC[0].ToJacobian();
        for (var i = 0; i < pub.Count; i++) acc = acc + G1Jacobian.ScalarMul(vk.IC[i + 1], Fr.FromBigInteger(pub[i]));
        return acc.ToAffine();
    }

    private static Fr NonZero()
    {
        while (true) { var r = Fr.Random(); if (!r.IsZero) return r; }
    }

    /// <summary>
    /// Simulation with the full trapdoor: A = a·G1, B = b·G2 for random a, b, and
    /// C = ((a·b − α·β)/δ)·G1 − (γ/δ)·vk_x, so e(C, δ) = e(G1, G2)^(ab − αβ) · e(vk_x, γ)⁻¹.
    /// </summary>
    private static Proof ForgeWithTrapdoor(VerificationKey vk, IReadOnlyList<BigInteger> pub, Fr alpha, Fr beta, Fr gamma, Fr delta)
    {
        var a = NonZero();
        var b = NonZero();
        var dInv = delta.Inverse();
        var c = G1Jacobian.ScalarMul(G1Affine.Generator, (a * b - alpha * beta) * dInv)
                + G1Jacobian.ScalarMul(VkX(vk, pub), -(gamma * dInv));
        return new Proof(G1Jacobian.ScalarMul(G1Affine.Generator, a).ToAffine(), G2Jacobian.ScalarMul(G2Affine.Generator, b).ToAffine(), c.ToAffine());
    }

    /// <summary>
    /// Forgery from phase-1 secrets only (τ, α, β), δ unknown. The zkey's H points are [ℓᵢ(τ)/δ]·G1 with ℓᵢ the
    /// Lagrange basis of the 2n-point domain at odd positions — a known scalar when τ is known — so H₀·(k/ℓ₀) is
    /// [k/δ]·G1 for any k. Pick b, k; set a = (αβ + k)/b, A = a·G1 + b⁻¹·vk_x, B = b·G2, C = (k/ℓ₀)·H₀:
    /// e(A, B) = e(G1,G2)^(αβ + k) · e(vk_x, G2) = e(α, β) · e(vk_x, γ) · e(C, δ).
    /// </summary>
    private static Proof ForgeWithPhaseOneSecrets(ProvingKey pk, IReadOnlyList<BigInteger> pub, Fr tau, Fr alpha, Fr beta, int ptauPower)
    {
        var m = 2 * pk.DomainSize;
        var log2m = BitOperations.Log2((uint)m);
        // ℓ = point 1 of the inverse NTT of [τ^j] (padded with 0 at the end when the ptau has no 2n-th power).
        var wInv = Fr.RootOfUnity(log2m).Inverse();
        var terms = log2m > ptauPower ? m - 1 : m;
        var sum = Fr.Zero;
        var x = Fr.One;
        var step = tau * wInv;
        for (var j = 0; j < terms; j++) { sum += x; x *= step; }
        var ell = sum * Fr.FromUInt64((ulong)m).Inverse();
        // The scalar is right: e(H₀, δ) = e(ℓ·G1, G2) — checked with public values only.
        Assert.True(Pairing.MultiPairingIsOne([pk.H[0], G1Jacobian.ScalarMul(G1Affine.Generator, ell).ToAffine().Neg()], [pk.Delta2, G2Affine.Generator]));

        var b = NonZero();
        var k = NonZero();
        var a = (alpha * beta + k) * b.Inverse();
        var A = G1Jacobian.ScalarMul(G1Affine.Generator, a) + G1Jacobian.ScalarMul(VkX(pk.VerificationKey, pub), b.Inverse());
        var C = G1Jacobian.ScalarMul(pk.H[0], k * ell.Inverse());
        return new Proof(A.ToAffine(), G2Jacobian.ScalarMul(G2Affine.Generator, b).ToAffine(), C.ToAffine());
    }

    /// <summary>
    /// Forgery knowing δ only (phase 1 may be honest): B = β₂ (public), A = α₁ + a'·G1, C = δ⁻¹·(a'·β₁ − vk_x):
    /// e(A, B) = e(α, β)·e(G1, G2)^(a'β) and e(C, δ) = e(G1, G2)^(a'β)·e(vk_x, G2)⁻¹. With no contribution δ = 1.
    /// </summary>
    private static Proof ForgeWithDeltaOnly(ProvingKey pk, IReadOnlyList<BigInteger> pub, Fr delta)
    {
        var a2 = NonZero();
        var A = pk.Alpha1.ToJacobian() + G1Jacobian.ScalarMul(G1Affine.Generator, a2);
        var C = G1Jacobian.ScalarMul((G1Jacobian.ScalarMul(pk.Beta1, a2) + VkX(pk.VerificationKey, pub).Neg().ToJacobian()).ToAffine(), delta.Inverse());
        return new Proof(A.ToAffine(), pk.Beta2, C.ToAffine());
    }

    /// <summary>Asks snarkjs (an implementation we did not write) whether the proof verifies.</summary>
    private static bool SnarkjsAccepts(VerificationKey vk, IReadOnlyList<BigInteger> pub, Proof proof)
    {
        using var dir = new TempDirectory("zkchain-forgery");
        File.WriteAllText(dir.File("vk.json"), SnarkjsJson.WriteVerificationKey(vk));
        File.WriteAllText(dir.File("public.json"), SnarkjsJson.WritePublic(pub.Select(Fr.FromBigInteger)));
        File.WriteAllText(dir.File("proof.json"), SnarkjsJson.WriteProof(proof));
        var r = ProcessRunner.Snarkjs(["groth16", "verify", dir.File("vk.json"), dir.File("public.json"), dir.File("proof.json")]);
        var ok = r.ExitCode == 0 && r.StdOut.Contains("OK!");
        Assert.True(ok || r.StdOut.Contains("Invalid proof") || r.StdErr.Contains("Invalid proof"), "unexpected snarkjs output: " + r.StdOut + r.StdErr);
        return ok;
    }

    [Fact]
    public void StatementIsFalse_NoWitnessExists()
    {
        // y = x² has exactly one satisfying y per x: with x = 3 every witness has y = 9, never 10.
        var cs = SquareCircuit();
        Assert.True(WitnessChecker.Check(cs, [Fr.One, Fr.FromUInt64(3), Fr.FromUInt64(9)]).IsSatisfied);
        Assert.False(WitnessChecker.Check(cs, [Fr.One, Fr.FromUInt64(3), Fr.FromUInt64(10)]).IsSatisfied);
    }

    [Fact]
    public void SingleParty_FullTrapdoor_ForgesFalseStatement_AndAnIndependentContributionStopsThatForgery()
    {
        var (pk, t) = ToxicWasteSetup.CreateWithToxicWaste(SquareCircuit());
        var vk = pk.VerificationKey;

        var forged = ForgeWithTrapdoor(vk, FalseStatement, t.Alpha, t.Beta, t.Gamma, t.Delta);
        Assert.True(Groth16Verifier.Verify(vk, FalseStatement, forged).IsValid);
        Assert.True(SnarkjsAccepts(vk, FalseStatement, forged));
        // Any public inputs at all.
        BigInteger[] random = [Fr.Random().ToBigInteger(), Fr.Random().ToBigInteger()];
        Assert.True(Groth16Verifier.Verify(vk, random, ForgeWithTrapdoor(vk, random, t.Alpha, t.Beta, t.Gamma, t.Delta)).IsValid);

        // An independent contributor multiplies delta by a secret d' and erases it. The forger still knows
        // alpha, beta, gamma and the old delta, but not d': the same forgery no longer verifies.
        var (after, _) = ZkeyContributor.Contribute(pk, "independent contributor", []);
        var vk2 = after.VerificationKey;
        var attempt = ForgeWithTrapdoor(vk2, FalseStatement, t.Alpha, t.Beta, t.Gamma, t.Delta);
        var r = Groth16Verifier.Verify(vk2, FalseStatement, attempt);
        Assert.False(r.IsValid);
        Assert.Contains("pairing", r.Reason);
        Assert.False(SnarkjsAccepts(vk2, FalseStatement, attempt));
    }

    [Fact]
    public void SinglePartyPowersOfTau_StillForges_AfterAnIndependentPhaseTwoContribution()
    {
        var (pk, t) = ToxicWasteSetup.CreateWithToxicWaste(SquareCircuit());
        var (after, _) = ZkeyContributor.Contribute(pk, "independent contributor", []);
        // The forger knows tau, alpha, beta from phase 1, but no delta at all.
        var forged = ForgeWithPhaseOneSecrets(after, FalseStatement, t.Tau, t.Alpha, t.Beta, ptauPower: Groth16Setup.DomainLog2(SquareCircuit()));
        Assert.True(Groth16Verifier.Verify(after.VerificationKey, FalseStatement, forged).IsValid);
        Assert.True(SnarkjsAccepts(after.VerificationKey, FalseStatement, forged));
        // Which is why SetupProvenance flags a single-party ptau even when the zkey has contributions.
        Assert.True(SetupProvenance.Assess(after, ToxicWasteSetup.PtauFromSecrets(2, t.Tau, t.Alpha, t.Beta)).IsDevelopmentOnly);
    }

    [Fact]
    public void ZkeyWithoutContribution_AnybodyCanForge_DeltaIsOne()
    {
        // snarkjs's own setup (phase 1 from snarkjs with a secret we do not know), no phase-2 contribution.
        ProvingKey pk0;
        using (var s = File.OpenRead(p.Zkey0)) pk0 = ZkeyFile.Read(s);
        Assert.True(pk0.IsSingleParty);
        // The multiplier's public values are [c, b]; c = f(a, b) for a secret a. Claim an arbitrary pair.
        BigInteger[] claim = [Fr.Random().ToBigInteger(), 11];
        var forged = ForgeWithDeltaOnly(pk0, claim, Fr.One);
        Assert.True(Groth16Verifier.Verify(pk0.VerificationKey, claim, forged).IsValid);
        Assert.True(SnarkjsAccepts(pk0.VerificationKey, claim, forged));

        // After snarkjs's contribution (zkey 1), the same attack with delta = 1 fails.
        ProvingKey pk1;
        using (var s = File.OpenRead(p.Zkey1)) pk1 = ZkeyFile.Read(s);
        var attempt = ForgeWithDeltaOnly(pk1, claim, Fr.One);
        Assert.False(Groth16Verifier.Verify(pk1.VerificationKey, claim, attempt).IsValid);
        Assert.True(SetupProvenance.Assess(pk0).IsDevelopmentOnly);
    }
}
