using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>Outcome of a verification; <see cref="Reason"/> says why when it failed.</summary>
public sealed record VerificationResult(bool IsValid, string? Reason)
{
    public static readonly VerificationResult Valid = new(true, null);
    public static VerificationResult Invalid(string reason) => new(false, reason);
}

/// <summary>
/// Groth16 verifier over BN254: e(A, B) = e(alpha, beta) · e(vk_x, gamma) · e(C, delta) with
/// vk_x = IC[0] + Σ x_i·IC[i+1], checked as one multi-pairing. Every input is validated first:
/// the number of public inputs, each input &lt; r, every point on its curve and B (and the key's
/// G2 points) in the order-r subgroup.
/// </summary>
public static class Groth16Verifier
{
    public static VerificationResult Verify(VerificationKey vk, IReadOnlyList<BigInteger> publicInputs, Proof proof)
    {
        ArgumentNullException.ThrowIfNull(vk);
        ArgumentNullException.ThrowIfNull(publicInputs);
        ArgumentNullException.ThrowIfNull(proof);

        if (vk.IC.Length < 1) return VerificationResult.Invalid("verification key has no IC points");
        if (publicInputs.Count != vk.NPublic)
        {
            return VerificationResult.Invalid($"wrong number of public inputs: got {publicInputs.Count}, the verification key expects {vk.NPublic}");
        }
        var scalars = new Fr[publicInputs.Count];
        for (var i = 0; i < publicInputs.Count; i++)
        {
            if (!Fr.TryFromCanonical(publicInputs[i], out scalars[i]))
            {
                return VerificationResult.Invalid($"public input {i} is not a canonical field element (must be 0 <= x < r)");
            }
        }

        var keyProblem = CheckKey(vk);
        if (keyProblem != null) return VerificationResult.Invalid(keyProblem);

        if (!proof.A.IsOnCurve()) return VerificationResult.Invalid("proof point A is not on the curve");
        if (!proof.C.IsOnCurve()) return VerificationResult.Invalid("proof point C is not on the curve");
        if (!proof.B.IsOnCurve()) return VerificationResult.Invalid("proof point B is not on the twist curve");
        if (!proof.B.IsInSubgroup()) return VerificationResult.Invalid("proof point B is not in the order-r subgroup of G2");

        var vkx = Curve.ToJacobian(vk.IC[0]);
        if (scalars.Length > 0)
        {
            vkx = Curve.Add(Msm.G1(vk.IC.AsSpan(1), scalars), vk.IC[0]);
        }

        G1Affine[] g1 = [Curve.Neg(proof.A), vk.Alpha1, Curve.ToAffine(vkx), proof.C];
        G2Affine[] g2 = [proof.B, vk.Beta2, vk.Gamma2, vk.Delta2];
        return Pairing.MultiPairingIsOne(g1, g2)
            ? VerificationResult.Valid
            : VerificationResult.Invalid("pairing check failed: the proof does not match these public inputs and verification key");
    }

    private static string? CheckKey(VerificationKey vk)
    {
        if (!vk.Alpha1.IsOnCurve()) return "verification key: alpha is not on the curve";
        for (var i = 0; i < vk.IC.Length; i++)
        {
            if (!vk.IC[i].IsOnCurve()) return $"verification key: IC[{i}] is not on the curve";
        }
        foreach (var (p, name) in new[] { (vk.Beta2, "beta"), (vk.Gamma2, "gamma"), (vk.Delta2, "delta") })
        {
            if (!p.IsOnCurve() || !p.IsInSubgroup()) return $"verification key: {name} is not a valid G2 point (off the curve or outside the subgroup)";
        }
        return null;
    }
}
