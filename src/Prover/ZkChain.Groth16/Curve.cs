using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>Thin helpers over ZkChain.Algebra's group types used throughout this project.</summary>
internal static class Curve
{
    public static G1Affine G1(in Fq x, in Fq y) => new(x, y);
    public static G2Affine G2(in Fq x0, in Fq x1, in Fq y0, in Fq y1) => new(new Fq2(x0, x1), new Fq2(y0, y1));
    public static G1Affine G1Infinity => G1Affine.Infinity;
    public static G2Affine G2Infinity => G2Affine.Infinity;
    public static G1Jacobian G1JacobianInfinity => G1Jacobian.Infinity;
    public static G2Jacobian G2JacobianInfinity => G2Jacobian.Infinity;
    public static G1Affine G1Generator => G1Affine.Generator;
    public static G2Affine G2Generator => G2Affine.Generator;

    public static G1Jacobian Add(in G1Jacobian a, in G1Affine b) => a + b;
    public static G1Jacobian Add(in G1Jacobian a, in G1Jacobian b) => a + b;
    public static G2Jacobian Add(in G2Jacobian a, in G2Affine b) => a + b;
    public static G2Jacobian Add(in G2Jacobian a, in G2Jacobian b) => a + b;
    // Double-and-add costs one doubling per bit of the scalar. R1CS coefficients are mostly small or small negatives
    // (r - 1 for -1 has 254 bits), so multiply by the shorter of k and r - k, negating the point for the latter.
    public static G1Jacobian Mul(in G1Affine p, in Fr k) =>
        IsShortNegative(k) ? G1Jacobian.ScalarMul(p.Neg(), -k) : G1Jacobian.ScalarMul(p, k);

    public static G2Jacobian Mul(in G2Affine p, in Fr k) =>
        IsShortNegative(k) ? G2Jacobian.ScalarMul(p.Neg(), -k) : G2Jacobian.ScalarMul(p, k);

    private static readonly System.Numerics.BigInteger HalfR = Fr.Modulus / 2;

    private static bool IsShortNegative(in Fr k) => k.ToBigInteger() > HalfR;
    public static G1Jacobian ToJacobian(in G1Affine p) => p.ToJacobian();
    public static G2Jacobian ToJacobian(in G2Affine p) => p.ToJacobian();
    public static G1Affine ToAffine(in G1Jacobian p) => p.ToAffine();
    public static G2Affine ToAffine(in G2Jacobian p) => p.ToAffine();
    public static G1Affine Neg(in G1Affine p) => p.Neg();
    public static G1Jacobian Neg(in G1Jacobian p) => p.Neg();
    public static G1Affine[] BatchToAffine(ReadOnlySpan<G1Jacobian> src) => G1Jacobian.BatchToAffine(src);
    public static G2Affine[] BatchToAffine(ReadOnlySpan<G2Jacobian> src) => G2Jacobian.BatchToAffine(src);
}
