using System.Numerics;

namespace ZkChain.Algebra;

/// <summary>Affine point of G1 (y^2 = x^3 + 3 over Fq). Infinity is flagged, with X = Y = 0.</summary>
public partial struct G1Affine : IEquatable<G1Affine>, IAffineAccess<G1Affine, Fq>
{
    public Fq X;
    public Fq Y;
    public bool IsInfinity;

    public G1Affine(in Fq x, in Fq y) { X = x; Y = y; IsInfinity = false; }

    static bool IAffineAccess<G1Affine, Fq>.IsInf(in G1Affine p) => p.IsInfinity;
    static ref readonly Fq IAffineAccess<G1Affine, Fq>.XOf(in G1Affine p) => ref p.X;
    static ref readonly Fq IAffineAccess<G1Affine, Fq>.YOf(in G1Affine p) => ref p.Y;

    public static G1Affine Infinity => new() { IsInfinity = true };
    public static G1Affine Generator => G1Curve.GeneratorAffine;

    public readonly bool IsOnCurve() => IsInfinity || JacobianOps<Fq>.IsOnCurveAffine(X, Y, G1Curve.B);

    /// <summary>Index of the first point that is neither infinity nor on the curve, or -1 (eight points at a time with AVX-512).</summary>
    public static int FirstOffCurve(ReadOnlySpan<G1Affine> points) => OnCurve8<G1Affine, Fq, Fq8>.FirstOffCurve(points, G1Curve.B);

    /// <summary>G1 has prime order r (cofactor 1), so every point on the curve is in the subgroup.</summary>
    public readonly bool IsInSubgroup() => IsOnCurve();

    public readonly G1Jacobian ToJacobian() => IsInfinity ? G1Jacobian.Infinity : new G1Jacobian(X, Y, Fq.One);

    public readonly G1Affine Neg() => IsInfinity ? this : new G1Affine(X, -Y);
    public static G1Affine operator -(in G1Affine p) => p.Neg();

    public static G1Jacobian operator +(in G1Affine a, in G1Affine b)
    {
        var r = a.ToJacobian();
        r.AddMixed(b);
        return r;
    }

    public static G1Jacobian operator *(in G1Affine p, in Fr k) => G1Jacobian.ScalarMul(p, k);

    public static bool operator ==(in G1Affine a, in G1Affine b) =>
        a.IsInfinity || b.IsInfinity ? a.IsInfinity == b.IsInfinity : a.X == b.X && a.Y == b.Y;
    public static bool operator !=(in G1Affine a, in G1Affine b) => !(a == b);
    public readonly bool Equals(G1Affine other) => this == other;
    public override readonly bool Equals(object? obj) => obj is G1Affine o && this == o;
    public override readonly int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);
    public override readonly string ToString() => IsInfinity ? "G1(infinity)" : $"G1({X}, {Y})";
}

/// <summary>G1 point in Jacobian coordinates; Z = 0 is infinity. <c>default</c> is infinity.</summary>
public struct G1Jacobian : IEquatable<G1Jacobian>
{
    public Fq X;
    public Fq Y;
    public Fq Z;

    public G1Jacobian(in Fq x, in Fq y, in Fq z) { X = x; Y = y; Z = z; }

    public static G1Jacobian Infinity => new(Fq.One, Fq.One, Fq.Zero);
    public static G1Jacobian Generator => G1Affine.Generator.ToJacobian();
    public readonly bool IsInfinity => Z.IsZero;

    public void Double() => JacobianOps<Fq>.Double(ref X, ref Y, ref Z);
    public void AddMixed(in G1Affine b)
    {
        if (b.IsInfinity) return;
        JacobianOps<Fq>.AddMixed(ref X, ref Y, ref Z, b.X, b.Y);
    }
    public void Add(in G1Jacobian b) => JacobianOps<Fq>.Add(ref X, ref Y, ref Z, b.X, b.Y, b.Z);
    public readonly G1Jacobian Neg() => new(X, -Y, Z);

    public readonly G1Affine ToAffine()
    {
        if (IsInfinity) return G1Affine.Infinity;
        JacobianOps<Fq>.ToAffine(X, Y, Z, out var x, out var y);
        return new G1Affine(x, y);
    }

    /// <summary>Converts many points with a single field inversion.</summary>
    public static void BatchToAffine(ReadOnlySpan<G1Jacobian> src, Span<G1Affine> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException("destination is shorter than the source", nameof(dst));
        var zs = new Fq[src.Length];
        for (int i = 0; i < src.Length; i++) zs[i] = src[i].Z;
        JacobianOps<Fq>.BatchInvert(zs);
        for (int i = 0; i < src.Length; i++)
        {
            if (src[i].IsInfinity) { dst[i] = G1Affine.Infinity; continue; }
            JacobianOps<Fq>.FromZInverse(src[i].X, src[i].Y, zs[i], out var x, out var y);
            dst[i] = new G1Affine(x, y);
        }
    }

    public static G1Affine[] BatchToAffine(ReadOnlySpan<G1Jacobian> src)
    {
        var r = new G1Affine[src.Length];
        BatchToAffine(src, r);
        return r;
    }

    public readonly bool IsOnCurve() => ToAffine().IsOnCurve();

    /// <summary>
    /// k·P by GLV (see <see cref="Glv"/>): about half the doublings of double-and-add. Valid for every point of the
    /// curve, since E(Fq) has prime order r (cofactor 1).
    /// </summary>
    public static G1Jacobian ScalarMul(in G1Affine p, in Fr k)
    {
        if (p.IsInfinity || k.IsZero) return Infinity;
        Glv.Mul(p.X, p.Y, Glv.BetaG1, k.ToBigInteger(), out var x, out var y, out var z);
        return new G1Jacobian(x, y, z);
    }

    /// <summary>k·P for an arbitrary non-negative integer k (used for subgroup checks by r itself).</summary>
    internal static G1Jacobian ScalarMulRaw(in G1Affine p, in U256 e)
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

    public static G1Jacobian operator +(in G1Jacobian a, in G1Jacobian b) { var r = a; r.Add(b); return r; }
    public static G1Jacobian operator +(in G1Jacobian a, in G1Affine b) { var r = a; r.AddMixed(b); return r; }
    public static G1Jacobian operator -(in G1Jacobian a, in G1Jacobian b) { var r = a; r.Add(b.Neg()); return r; }
    public static G1Jacobian operator -(in G1Jacobian a) => a.Neg();
    public static G1Jacobian operator *(in G1Jacobian p, in Fr k) => ScalarMul(p.ToAffine(), k);

    public static bool operator ==(in G1Jacobian a, in G1Jacobian b) => JacobianOps<Fq>.Equal(a.X, a.Y, a.Z, b.X, b.Y, b.Z);
    public static bool operator !=(in G1Jacobian a, in G1Jacobian b) => !(a == b);
    public readonly bool Equals(G1Jacobian other) => this == other;
    public override readonly bool Equals(object? obj) => obj is G1Jacobian o && this == o;
    public override readonly int GetHashCode() => ToAffine().GetHashCode();
    public override readonly string ToString() => ToAffine().ToString();
}
