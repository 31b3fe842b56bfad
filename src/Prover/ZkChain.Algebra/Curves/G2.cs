using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>Affine point of G2 on the D-type twist (y^2 = x^3 + 3/(9+u) over Fq2). Infinity is flagged, with X = Y = 0.</summary>
public partial struct G2Affine : IEquatable<G2Affine>, IAffineAccess<G2Affine, Fq2>
{
    public Fq2 X;
    public Fq2 Y;
    public bool IsInfinity;

    public G2Affine(in Fq2 x, in Fq2 y) { X = x; Y = y; IsInfinity = false; }

    static bool IAffineAccess<G2Affine, Fq2>.IsInf(in G2Affine p) => p.IsInfinity;
    static ref readonly Fq2 IAffineAccess<G2Affine, Fq2>.XOf(in G2Affine p) => ref p.X;
    static ref readonly Fq2 IAffineAccess<G2Affine, Fq2>.YOf(in G2Affine p) => ref p.Y;

    public static G2Affine Infinity => new() { IsInfinity = true };
    public static G2Affine Generator => G2Curve.GeneratorAffine;

    public readonly bool IsOnCurve() => IsInfinity || JacobianOps<Fq2>.IsOnCurveAffine(X, Y, G2Curve.B);

    /// <summary>Index of the first point that is neither infinity nor on the twist, or -1 (eight points at a time with AVX-512).</summary>
    public static int FirstOffCurve(ReadOnlySpan<G2Affine> points) => OnCurve8<G2Affine, Fq2, Fq2x8>.FirstOffCurve(points, G2Curve.B);

    /// <summary>
    /// On the twist and in the order-r subgroup (the twist has a large cofactor). Endomorphism test of Dai, Lin, Zhao
    /// and Zhou (eprint 2022/348, §4; it applies to BN254 because its seed x satisfies x ≢ 4 mod 13 and x ≢ 92 mod 97):
    /// P ∈ G2 iff [x+1]P + ψ([x]P) + ψ²([x]P) = ψ³([2x]P), with ψ the untwist-Frobenius-twist endomorphism. One
    /// 63-bit scalar multiplication instead of one by the 254-bit r; the tests cross-check it against [r]P.
    /// </summary>
    public readonly bool IsInSubgroup()
    {
        if (!IsOnCurve()) return false;
        if (IsInfinity) return true;
        var xp = G2Jacobian.ScalarMulRaw(this, new U256(G2Curve.SeedX, 0, 0, 0));
        var psiXp = xp.Psi();
        var lhs = xp + this + psiXp + psiXp.Psi();
        var rhs = (xp + xp).Psi().Psi().Psi();
        return lhs == rhs;
    }

    /// <summary>ψ on affine coordinates (see <see cref="G2Jacobian.Psi"/>); the pairing's twist Frobenius.</summary>
    internal readonly G2Affine Psi()
    {
        if (IsInfinity) return this;
        Fq2.Conjugate(X, out var x);
        Fq2.Conjugate(Y, out var y);
        Fq2.Mul(x, G2Curve.PsiX, out x);
        Fq2.Mul(y, G2Curve.PsiY, out y);
        return new G2Affine(x, y);
    }

    /// <summary>The definition: [r]P = infinity (four times the work of <see cref="IsInSubgroup"/>; for tests).</summary>
    internal readonly bool IsInSubgroupByOrder() =>
        IsOnCurve() && (IsInfinity || G2Jacobian.ScalarMulRaw(this, new U256(FrModulus.P0, FrModulus.P1, FrModulus.P2, FrModulus.P3)).IsInfinity);

    public readonly G2Jacobian ToJacobian() => IsInfinity ? G2Jacobian.Infinity : new G2Jacobian(X, Y, Fq2.One);

    public readonly G2Affine Neg() => IsInfinity ? this : new G2Affine(X, -Y);
    public static G2Affine operator -(in G2Affine p) => p.Neg();

    public static G2Jacobian operator +(in G2Affine a, in G2Affine b)
    {
        var r = a.ToJacobian();
        r.AddMixed(b);
        return r;
    }

    public static G2Jacobian operator *(in G2Affine p, in Fr k) => G2Jacobian.ScalarMul(p, k);

    public static bool operator ==(in G2Affine a, in G2Affine b) =>
        a.IsInfinity || b.IsInfinity ? a.IsInfinity == b.IsInfinity : a.X == b.X && a.Y == b.Y;
    public static bool operator !=(in G2Affine a, in G2Affine b) => !(a == b);
    public readonly bool Equals(G2Affine other) => this == other;
    public override readonly bool Equals(object? obj) => obj is G2Affine o && this == o;
    public override readonly int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);
    public override readonly string ToString() => IsInfinity ? "G2(infinity)" : $"G2({X}, {Y})";
}

/// <summary>G2 point (twist) in Jacobian coordinates; Z = 0 is infinity. <c>default</c> is infinity.</summary>
public struct G2Jacobian : IEquatable<G2Jacobian>
{
    public Fq2 X;
    public Fq2 Y;
    public Fq2 Z;

    public G2Jacobian(in Fq2 x, in Fq2 y, in Fq2 z) { X = x; Y = y; Z = z; }

    public static G2Jacobian Infinity => new(Fq2.One, Fq2.One, Fq2.Zero);
    public static G2Jacobian Generator => G2Affine.Generator.ToJacobian();
    public readonly bool IsInfinity => Z.IsZero;

    public void Double() => JacobianOps<Fq2>.Double(ref X, ref Y, ref Z);
    public void AddMixed(in G2Affine b)
    {
        if (b.IsInfinity) return;
        JacobianOps<Fq2>.AddMixed(ref X, ref Y, ref Z, b.X, b.Y);
    }
    public void Add(in G2Jacobian b) => JacobianOps<Fq2>.Add(ref X, ref Y, ref Z, b.X, b.Y, b.Z);
    public readonly G2Jacobian Neg() => new(X, -Y, Z);

    public readonly G2Affine ToAffine()
    {
        if (IsInfinity) return G2Affine.Infinity;
        JacobianOps<Fq2>.ToAffine(X, Y, Z, out var x, out var y);
        return new G2Affine(x, y);
    }

    /// <summary>Converts many points with a single field inversion.</summary>
    public static void BatchToAffine(ReadOnlySpan<G2Jacobian> src, Span<G2Affine> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException("destination is shorter than the source", nameof(dst));
        var zs = new Fq2[src.Length];
        for (int i = 0; i < src.Length; i++) zs[i] = src[i].Z;
        JacobianOps<Fq2>.BatchInvert(zs);
        for (int i = 0; i < src.Length; i++)
        {
            if (src[i].IsInfinity) { dst[i] = G2Affine.Infinity; continue; }
            JacobianOps<Fq2>.FromZInverse(src[i].X, src[i].Y, zs[i], out var x, out var y);
            dst[i] = new G2Affine(x, y);
        }
    }

    public static G2Affine[] BatchToAffine(ReadOnlySpan<G2Jacobian> src)
    {
        var r = new G2Affine[src.Length];
        BatchToAffine(src, r);
        return r;
    }

    public readonly bool IsOnCurve() => ToAffine().IsOnCurve();

    /// <summary>
    /// ψ(P) = (conj(x)·ξ^((q−1)/3), conj(y)·ξ^((q−1)/2)), the untwist-Frobenius-twist endomorphism, on Jacobian
    /// coordinates directly (conjugation is a field automorphism, so it commutes with x = X/Z², y = Y/Z³).
    /// </summary>
    internal readonly G2Jacobian Psi()
    {
        Fq2.Conjugate(X, out var x);
        Fq2.Conjugate(Y, out var y);
        Fq2.Conjugate(Z, out var z);
        Fq2.Mul(x, G2Curve.PsiX, out x);
        Fq2.Mul(y, G2Curve.PsiY, out y);
        return new G2Jacobian(x, y, z);
    }

    /// <summary>
    /// k·P by double-and-add over the canonical bits of k: correct for any point on the twist, including points
    /// outside the order-r subgroup (file readers do not subgroup-check every G2 point).
    /// </summary>
    public static G2Jacobian ScalarMul(in G2Affine p, in Fr k)
    {
        if (p.IsInfinity || k.IsZero) return Infinity;
        Mont<FrModulus>.FromMontgomery(k.V, out var e);
        return ScalarMulRaw(p, e);
    }

    /// <summary>
    /// k·P by GLV (see <see cref="Glv"/>): about half the doublings of double-and-add. Precondition: P is in the
    /// order-r subgroup (the generator, its multiples, checked points); for other points of the twist the
    /// endomorphism is not multiplication by lambda and the result is not k·P.
    /// </summary>
    public static G2Jacobian ScalarMulInSubgroup(in G2Affine p, in Fr k)
    {
        if (p.IsInfinity || k.IsZero) return Infinity;
        Glv.Mul(p.X, p.Y, new Fq2(Glv.BetaG2, Fq.Zero), k.ToBigInteger(), out var x, out var y, out var z);
        return new G2Jacobian(x, y, z);
    }

    /// <summary>k·P for an arbitrary non-negative integer k (used for subgroup checks by r itself).</summary>
    internal static G2Jacobian ScalarMulRaw(in G2Affine p, in U256 e)
    {
        var acc = Infinity;
        if (p.IsInfinity) return acc;
        for (int i = e.BitLength - 1; i >= 0; i--)
        {
            acc.Double();
            if (e.Bit(i)) acc.AddMixed(p);
        }
        return acc;
    }

    public static G2Jacobian operator +(in G2Jacobian a, in G2Jacobian b) { var r = a; r.Add(b); return r; }
    public static G2Jacobian operator +(in G2Jacobian a, in G2Affine b) { var r = a; r.AddMixed(b); return r; }
    public static G2Jacobian operator -(in G2Jacobian a, in G2Jacobian b) { var r = a; r.Add(b.Neg()); return r; }
    public static G2Jacobian operator -(in G2Jacobian a) => a.Neg();
    public static G2Jacobian operator *(in G2Jacobian p, in Fr k) => ScalarMul(p.ToAffine(), k);

    public static bool operator ==(in G2Jacobian a, in G2Jacobian b) => JacobianOps<Fq2>.Equal(a.X, a.Y, a.Z, b.X, b.Y, b.Z);
    public static bool operator !=(in G2Jacobian a, in G2Jacobian b) => !(a == b);
    public readonly bool Equals(G2Jacobian other) => this == other;
    public override readonly bool Equals(object? obj) => obj is G2Jacobian o && this == o;
    public override readonly int GetHashCode() => ToAffine().GetHashCode();
    public override readonly string ToString() => ToAffine().ToString();
}
