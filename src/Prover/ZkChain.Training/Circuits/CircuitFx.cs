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

    public override (Variable Q, Variable NonNeg) Trunc(Variable x, int shift, int outBits, string what)
    {
        var q = x;
        if (shift > 0)
        {
            q = api.Hint("floor-shift", 1, v => [Fr.FromBigInteger(NativeFx.FloorShift(Signed(v[0]), shift))], x)[0];
            var r = api.Sub(x, api.Mul(q, Const(BigInteger.One << shift)));
            api.AssertInRange(r, shift);
        }
        var bits = api.ToBinary(api.Add(q, Const(BigInteger.One << (outBits - 1))), outBits);
        return (q, bits[outBits - 1]);
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
