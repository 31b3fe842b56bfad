using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Training.Fixed;

namespace ZkChain.Training.Circuits;

/// <summary>The constrained twin of <see cref="NativeFx"/>: the same operations over circuit variables.</summary>
public sealed class CircuitFx(IApi api) : Fx<Variable>
{
    private static readonly BigInteger P = Fr.Modulus;
    private static readonly BigInteger HalfP = (Fr.Modulus - 1) / 2;

    public IApi Api => api;

    public static BigInteger Signed(Fr v)
    {
        var x = v.ToBigInteger();
        return x > HalfP ? x - P : x;
    }

    public override Variable Const(BigInteger c) => api.Constant(Fr.FromBigInteger(c));
    public override Variable Add(Variable a, Variable b) => api.Add(a, b);
    public override Variable Sub(Variable a, Variable b) => api.Sub(a, b);
    public override Variable Scale(Variable a, BigInteger c) => api.Mul(a, Const(c));
    public override Variable Mul(Variable a, Variable b) => api.Mul(a, b);

    public override Variable Fresh(Variable a)
    {
        // The hint's output is pinned to a by the one constraint below.
        var v = api.Hint("fresh", 1, x => [x[0]], a)[0];
        api.AssertIsEqual(v, a);
        return v;
    }

    public override (Variable Q, Variable NonNeg) Trunc(Variable x, int shift, int outBits, string what)
    {
        // One decomposition of x + 2^(outBits+shift-1) into outBits+shift bits: the low shift bits are the remainder,
        // the high outBits bits are q + 2^(outBits-1); its top bit is 1 exactly when q >= 0. Cost outBits + shift + 1.
        // Same semantics as ZkChain.Circuits.Std.FixedPoint.Truncate (floor, q in outBits signed bits).
        var bits = api.ToBinary(api.Add(x, Const(BigInteger.One << (outBits + shift - 1))), outBits + shift);
        var qBits = bits[shift..];
        var q = api.Sub(api.FromBinary(qBits), Const(BigInteger.One << (outBits - 1)));
        return (q, qBits[outBits - 1]);
    }

    public override Variable Sum(IEnumerable<Variable> xs)
    {
        var a = xs.ToArray();
        return a.Length switch
        {
            0 => Zero,
            1 => a[0],
            _ => api.Add(a[0], a[1], a[2..]),
        };
    }

    public override Variable Select(Variable cond, Variable a, Variable b) => api.Select(cond, a, b);

    public override Variable DivFloor(Variable num, Variable den, int qBits, int rBits, string what)
    {
        var qr = api.Hint("div-floor", 2, v =>
        {
            var n = Signed(v[0]);
            var d = Signed(v[1]);
            if (d.Sign <= 0) return [Fr.Zero, Fr.Zero];
            var q = BigInteger.DivRem(n, d, out var rem);
            if (rem.Sign < 0) { q -= 1; rem += d; }
            return [Fr.FromBigInteger(q), Fr.FromBigInteger(rem)];
        }, num, den);
        api.AssertIsEqual(num, api.MulAcc(qr[1], qr[0], den));
        api.AssertInRange(qr[0], qBits);
        api.AssertInRange(qr[1], rBits);
        api.AssertInRange(api.Sub(api.Sub(den, Const(BigInteger.One)), qr[1]), rBits);
        return qr[0];
    }

    public override Variable IsEqualConst(Variable a, BigInteger c) => api.IsEqual(a, Const(c));

    public override void AssertEqual(Variable a, Variable b, string what) => api.AssertIsEqual(a, b);

    public override void AssertZeroOr(Variable a, BigInteger c, string what) =>
        api.AssertIsEqual(api.Mul(a, api.Sub(a, Const(c))), Const(BigInteger.Zero));
}
