using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Circuits.Std;
using ZkChain.Circuits.Testing;
using static ZkChain.Circuits.Tests.TestCircuit;

namespace ZkChain.Circuits.Tests;

public class StdArithmeticTests
{
    private static readonly FixedPointFormat Fmt = new(16, 40);

    /// <summary>Exact floor division by 2^k, written without shifts.</summary>
    private static BigInteger FloorDiv(BigInteger a, int k)
    {
        var d = BigInteger.One << k;
        var q = BigInteger.DivRem(a, d, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    private static BigInteger RandomSigned(Random rnd, int bits)
    {
        // Mix of extremes and uniform values in [−2^(bits−1), 2^(bits−1)).
        var lim = BigInteger.One << (bits - 1);
        switch (rnd.Next(6))
        {
            case 0: return -lim + rnd.Next(3);
            case 1: return lim - 1 - rnd.Next(3);
            case 2: return rnd.Next(-3, 4);
        }
        var b = new byte[(bits + 7) / 8 + 1];
        rnd.NextBytes(b);
        var v = new BigInteger(b, isUnsigned: true) % (2 * lim);
        return v - lim;
    }

    private static Fr F(BigInteger v) => Fr.FromBigInteger(v);

    private static bool Solves(CompiledCircuit cc, ICircuit a)
    {
        try
        {
            var w = CircuitSolver.Solve(cc, a);
            return ZkChain.R1cs.WitnessChecker.Check(cc.System, w).IsSatisfied;
        }
        catch (CircuitSolveException) { return false; }
    }

    [Fact]
    public void Signed_encoding_round_trips_and_floor_matches()
    {
        var rnd = new Random(1);
        for (int i = 0; i < 200; i++)
        {
            var v = RandomSigned(rnd, 200);
            Assert.Equal(v, Signed.FromField(Signed.ToField(v)));
            int k = rnd.Next(0, 40);
            Assert.Equal(FloorDiv(v, k), Signed.FloorShift(v, k));
        }
        Assert.Equal(-1, Signed.FromField(-Fr.One));
    }

    // Circuit under test for fixed point: secrets a, b, c (c a constant-like third value); publics are the expected results.
    private static void FixedBody(IApi api, Variable[] p, Variable[] s)
    {
        var fp = new FixedPoint(api, Fmt);
        api.AssertIsEqual(fp.Mul(s[0], s[1]), p[0]);
        api.AssertIsEqual(fp.DotProduct([s[0], s[1], s[2]], [s[2], s[0], s[1]]), p[1]);
        api.AssertIsEqual(fp.MulConstantRaw(s[0], -98765), p[2]);
        api.AssertIsEqual(fp.DivPow2(s[1], 7), p[3]);
        api.AssertIsEqual(fp.AddChecked(s[0], s[2]), p[4]);
        api.AssertIsEqual(fp.Truncate(s[0], 3), p[5]);
    }

    private static BigInteger?[] FixedNative(BigInteger a, BigInteger b, BigInteger c)
    {
        BigInteger? Try(Func<BigInteger> f) { try { return f(); } catch (OverflowException) { return null; } }
        return
        [
            Try(() => FixedPoint.Native.Mul(Fmt, a, b)),
            Try(() => FixedPoint.Native.DotProduct(Fmt, [a, b, c], [c, a, b])),
            Try(() => FixedPoint.Native.MulConstantRaw(Fmt, a, -98765)),
            Try(() => FixedPoint.Native.DivPow2(Fmt, b, 7)),
            Try(() => FixedPoint.Native.AddChecked(Fmt, a, c)),
            Try(() => FixedPoint.Native.Truncate(Fmt, a, 3)),
        ];
    }

    [Fact]
    public void FixedPoint_native_equals_exact_floor_arithmetic()
    {
        var rnd = new Random(2);
        int lim = Fmt.TotalBits - 1;
        for (int i = 0; i < 2000; i++)
        {
            var a = RandomSigned(rnd, rnd.Next(2) == 0 ? 40 : 24);
            var b = RandomSigned(rnd, rnd.Next(2) == 0 ? 40 : 24);
            var c = RandomSigned(rnd, 24);
            BigInteger? Ref(BigInteger v) => v >= -(BigInteger.One << lim) && v < BigInteger.One << lim ? v : null;
            var exp = new[]
            {
                Ref(FloorDiv(a * b, 16)), Ref(FloorDiv(a * c + b * a + c * b, 16)), Ref(FloorDiv(a * -98765, 16)),
                Ref(FloorDiv(b, 7)), Ref(a + c), Ref(FloorDiv(a, 3)),
            };
            Assert.Equal(exp, FixedNative(a, b, c));
        }
        Assert.Equal(Fmt.Encode(1.5), new BigInteger(98304));
        Assert.Equal(Fmt.Encode(-1.5), new BigInteger(-98304));
        Assert.Equal(-1.5, Fmt.Decode(Fmt.Encode(-1.5)));
    }

    [Fact]
    public void FixedPoint_circuit_is_bit_identical_to_native_and_unsatisfiable_on_overflow()
    {
        var cc = CircuitCompiler.Compile(Shape(FixedBody, 6, 3));
        int b = Fmt.TotalBits, f = Fmt.FractionalBits;
        // Mul B+F+2, Dot 3+B+F+1, MulConst B+F+1, DivPow2 B+7+1, AddChecked B+1, Truncate B+3+1, plus 6 equalities.
        Assert.Equal((b + f + 2) + (3 + b + f + 1) + (b + f + 1) + (b + 8) + (b + 1) + (b + 4) + 6, cc.NConstraints);
        var rnd = new Random(3);
        int ok = 0, overflow = 0;
        for (int i = 0; i < 300; i++)
        {
            var a = RandomSigned(rnd, rnd.Next(3) == 0 ? 40 : 26);
            var bb = RandomSigned(rnd, rnd.Next(3) == 0 ? 40 : 26);
            var c = RandomSigned(rnd, 26);
            var exp = FixedNative(a, bb, c);
            var sec = V(F(a), F(bb), F(c));
            if (exp.All(e => e != null))
            {
                Assert.True(Solves(cc, new TestCircuit(FixedBody, exp.Select(e => (Fr?)F(e!.Value)).ToArray(), sec)));
                // any off-by-one in a claimed result is rejected
                var wrong = exp.Select(e => (Fr?)F(e!.Value)).ToArray();
                int j = rnd.Next(6);
                wrong[j] = wrong[j]!.Value + (rnd.Next(2) == 0 ? Fr.One : -Fr.One);
                Assert.False(Solves(cc, new TestCircuit(FixedBody, wrong, sec)));
                ok++;
            }
            else
            {
                // Some result overflows: no claimed value can satisfy the circuit (try the wrapped-around native value).
                var claims = exp.Select((e, j) => (Fr?)F(e ?? 0)).ToArray();
                Assert.False(Solves(cc, new TestCircuit(FixedBody, claims, sec)));
                overflow++;
            }
        }
        Assert.True(ok > 50 && overflow > 20, $"ok {ok}, overflow {overflow}");
        var sample = FixedNative(123456, -7654321, 99);
        CircuitAssert.ProverSucceeded(Shape(FixedBody, 6, 3), new TestCircuit(FixedBody, sample.Select(e => (Fr?)F(e!.Value)).ToArray(), V(123456, -7654321, 99)), prove: false);
    }

    [Fact]
    public void Truncation_cannot_be_cheated_with_another_remainder()
    {
        // Claim floor((3·2^16 + 5)/2^16) = 2 (true answer 3): the wrong quotient needs remainder 2^16 + 5, which has no 16-bit decomposition.
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(new FixedPoint(api, Fmt).Truncate(s[0], 16), p[0]);
        Succeeds(body, V(3), V(3 * 65536 + 5));
        Fails(body, V(2), V(3 * 65536 + 5));
        Fails(body, V(4), V(3 * 65536 + 5));
        Succeeds(body, V(-4), V(-3 * 65536 - 5));
    }

    [Fact]
    public void Dot_product_of_d_secret_pairs_costs_d_plus_one_truncation()
    {
        foreach (int d in new[] { 1, 8, 50 })
        {
            var cc = CircuitCompiler.Compile(Shape((api, p, s) =>
                api.AssertIsEqual(new FixedPoint(api, Fmt).DotProduct(s[..d], s[d..]), p[0]), 1, 2 * d));
            Assert.Equal(d + Fmt.TotalBits + Fmt.FractionalBits + 1 + 1, cc.NConstraints);
        }
    }

    // ---- comparisons, clamp, argmax ----

    private const int N = 40;

    private static void CompareBody(IApi api, Variable[] p, Variable[] s)
    {
        api.AssertIsEqual(Comparison.LessThan(api, s[0], s[1], N), p[0]);
        api.AssertIsEqual(Comparison.LessOrEqual(api, s[0], s[1], N), p[1]);
        api.AssertIsEqual(Comparison.Max(api, s[0], s[1], N), p[2]);
        api.AssertIsEqual(Comparison.Clamp(api, s[0], -1000, 5000, N), p[3]);
    }

    [Fact]
    public void Comparisons_and_clamp_match_native_for_signed_and_unsigned_values()
    {
        var cc = CircuitCompiler.Compile(Shape(CompareBody, 4, 2));
        Assert.Equal((N + 2) * 2 + (N + 3) + 2 * (N + 2) + 2 + 4, cc.NConstraints);
        var rnd = new Random(5);
        for (int i = 0; i < 300; i++)
        {
            BigInteger a, b;
            if (i % 3 == 0) { a = rnd.Next(-3000, 7000); b = rnd.Next(-3000, 7000); }
            else if (i % 3 == 1) { a = RandomSigned(rnd, N); b = RandomSigned(rnd, N); }
            else { a = BigInteger.Abs(RandomSigned(rnd, N)); b = BigInteger.Abs(RandomSigned(rnd, N)); } // unsigned (N−1)-bit, so clamp's x − lo fits too
            if (i == 7) b = a;
            bool lt = Comparison.Native.LessThan(a, b, N);
            Assert.Equal(a < b, lt);
            var exp = new[] { lt ? 1 : 0, Comparison.Native.LessOrEqual(a, b, N) ? 1 : 0, Comparison.Native.Max(a, b, N), Comparison.Native.Clamp(a, -1000, 5000, N) };
            Assert.Equal(BigInteger.Max(a, b), exp[2]);
            Assert.Equal(BigInteger.Min(BigInteger.Max(a, -1000), 5000), exp[3]);
            var pub = exp.Select(e => (Fr?)F(e)).ToArray();
            Assert.True(Solves(cc, new TestCircuit(CompareBody, pub, V(F(a), F(b)))));
            var wrong = (Fr?[])pub.Clone();
            wrong[0] = Fr.One - wrong[0]!.Value;
            Assert.False(Solves(cc, new TestCircuit(CompareBody, wrong, V(F(a), F(b)))));
        }
        CircuitAssert.ProverSucceeded(Shape(CompareBody, 4, 2), new TestCircuit(CompareBody, V(1, 1, 7, 5), V(5, 7)), prove: false);
    }

    [Fact]
    public void LessThan_with_out_of_range_difference_is_unsatisfiable_not_wrong()
    {
        var big = BigInteger.One << N;
        Assert.Throws<OverflowException>(() => Comparison.Native.LessThan(big, 0, N));
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(Comparison.LessThan(api, s[0], s[1], N), p[0]);
        Fails(body, V(0), V(F(big), Fr.Zero));
        Fails(body, V(1), V(F(big), Fr.Zero));
        Succeeds(body, V(0), V(F(big - 1), Fr.Zero));
        Succeeds(body, V(1), V(F(-big), Fr.Zero));
    }

    [Fact]
    public void Argmax_and_one_hot_match_native()
    {
        const int k = 5;
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var (idx, max) = Argmax.Compute(api, s, N);
            api.AssertIsEqual(idx, p[0]);
            api.AssertIsEqual(max, p[1]);
            var oh = Argmax.OneHot(api, idx, k);
            for (int j = 0; j < k; j++) api.AssertIsEqual(oh[j], p[2 + j]);
        };
        var cc = CircuitCompiler.Compile(Shape(body, 2 + k, k));
        Assert.Equal((k - 1) * (N + 4) - 1 + 2 * k + 2 + k, cc.NConstraints);
        var rnd = new Random(6);
        for (int i = 0; i < 100; i++)
        {
            var vals = Enumerable.Range(0, k).Select(_ => i % 2 == 0 ? (BigInteger)rnd.Next(-3, 3) : RandomSigned(rnd, N - 1)).ToArray();
            var (idx, max) = Argmax.Native.Compute(vals, N);
            int refIdx = Array.IndexOf(vals, vals.Max());
            Assert.Equal(refIdx, idx);
            var pub = new List<Fr?> { Fr.FromInt64(idx), F(max) };
            pub.AddRange(Enumerable.Range(0, k).Select(j => (Fr?)(j == idx ? Fr.One : Fr.Zero)));
            Assert.True(Solves(cc, new TestCircuit(body, pub.ToArray(), vals.Select(v => (Fr?)F(v)).ToArray())));
            pub[0] = Fr.FromInt64((idx + 1) % k);
            Assert.False(Solves(cc, new TestCircuit(body, pub.ToArray(), vals.Select(v => (Fr?)F(v)).ToArray())));
        }
        CircuitAssert.ProverSucceeded(Shape(body, 2 + k, k), new TestCircuit(body, V(2, 9, 0, 0, 1, 0, 0), V(-4, 3, 9, 9, -100)), prove: false);
    }

    // ---- sigmoid ----

    [Fact]
    public void Sigmoid_native_error_is_below_documented_bound()
    {
        double maxErr = 0;
        for (double x = -12; x <= 12; x += 1.0 / 4096)
        {
            var raw = Fmt.Encode(x);
            var y = Fmt.Decode(Sigmoid.Native.Apply(Fmt, raw));
            var exact = 1 / (1 + Math.Exp(-Fmt.Decode(raw)));
            maxErr = Math.Max(maxErr, Math.Abs(y - exact));
        }
        Assert.True(maxErr < 0.0035, $"max error {maxErr}");
        // monotone
        BigInteger prev = -1;
        for (long v = -(9L << 16); v <= 9L << 16; v += 37)
        {
            var y = Sigmoid.Native.Apply(Fmt, v);
            Assert.True(y >= prev);
            prev = y;
        }
    }

    private static void SigmoidBody(IApi api, Variable[] p, Variable[] s)
    {
        api.AssertIsEqual(Sigmoid.Apply(api, Fmt, s[0]), p[0]);
        var (sig, z) = Sigmoid.ApplyWide(api, Fmt, new FixedPoint(api, Fmt).ProductSum([s[0]], [s[1]]));
        api.AssertIsEqual(sig, p[1]);
        api.AssertIsEqual(z, p[2]);
    }

    [Fact]
    public void Sigmoid_circuit_is_bit_identical_to_native_and_within_budget()
    {
        var cc = CircuitCompiler.Compile(Shape(SigmoidBody, 3, 2));
        var applyOnly = CircuitCompiler.Compile(Shape((api, p, s) => api.AssertIsEqual(Sigmoid.Apply(api, Fmt, s[0]), p[0]), 1, 1));
        Assert.Equal(Fmt.TotalBits + 1 + 54 + 1, applyOnly.NConstraints);
        var wideOnly = CircuitCompiler.Compile(Shape((api, p, s) => api.AssertIsEqual(Sigmoid.ApplyWide(api, Fmt, s[0]).Sigmoid, p[0]), 1, 1));
        Assert.Equal(Fmt.TotalBits + Fmt.FractionalBits + 1 + 54 + 1, wideOnly.NConstraints);
        Assert.True(wideOnly.NConstraints - 1 <= 120);
        var rnd = new Random(8);
        var eight = 8L << 16;
        var specials = new BigInteger[] { -eight - 1, -eight, -eight + 1, eight - 1, eight, eight + 1, 0, -1, 1, Fmt.MinRaw, Fmt.MaxRaw, 32767, 32768 };
        for (int i = 0; i < 250; i++)
        {
            BigInteger x = i < specials.Length ? specials[i] : (i % 2 == 0 ? rnd.NextInt64(-2 * eight, 2 * eight) : RandomSigned(rnd, Fmt.TotalBits));
            BigInteger y = rnd.Next(-3 << 16, 3 << 16);
            if (!Signed.Fits(FloorDiv(x * y, 16), Fmt.TotalBits)) y = 1 << 16;
            var (sw, z) = Sigmoid.Native.ApplyWide(Fmt, x * y);
            var pub = V(F(Sigmoid.Native.Apply(Fmt, x)), F(sw), F(z));
            Assert.True(Solves(cc, new TestCircuit(SigmoidBody, pub, V(F(x), F(y)))), $"x = {x}");
            pub[0] = pub[0]!.Value + Fr.One;
            Assert.False(Solves(cc, new TestCircuit(SigmoidBody, pub, V(F(x), F(y)))));
        }
        Assert.Throws<OverflowException>(() => Sigmoid.Native.Apply(Fmt, Fmt.MaxRaw + 1));
        Fails((api, p, s) => api.AssertIsEqual(Sigmoid.Apply(api, Fmt, s[0]), p[0]), V(F(Sigmoid.Native.Apply(Fmt, Fmt.MaxRaw))), V(F(Fmt.MaxRaw + 1)));
        CircuitAssert.ProverSucceeded(Shape(SigmoidBody, 3, 2), new TestCircuit(SigmoidBody,
            V(F(Sigmoid.Native.Apply(Fmt, 70000)), F(Sigmoid.Native.ApplyWide(Fmt, 70000L * -20000).Sigmoid), F(FloorDiv(70000L * -20000, 16))), V(70000, -20000)), prove: false);
    }
}
