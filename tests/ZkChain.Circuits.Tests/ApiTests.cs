using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Circuits.Testing;
using ZkChain.R1cs;
using static ZkChain.Circuits.Tests.TestCircuit;

namespace ZkChain.Circuits.Tests;

public class ApiTests
{
    private static readonly Fr Big = Fr.FromBigInteger(BigInteger.Parse("12345678901234567890123456789012345678901234567890"));

    [Fact]
    public void Linear_ops_are_free_and_correct()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var e = api.Add(api.Sub(s[0], s[1]), api.Neg(s[2]), api.Constant(7), api.Mul(api.Constant(3), s[0]), api.Div(s[1], api.Constant(2)));
            api.AssertIsEqual(e, p[0]);
        };
        // 5 - 4 - 2 + 7 + 15 + 4/2 = 23
        var run = Succeeds(body, V(23), V(5, 4, 2));
        Assert.Equal(1, run.Compiled.NConstraints);
        Fails(body, V(24), V(5, 4, 2));
    }

    [Fact]
    public void Mul_and_MulAcc_cost_one_constraint_each()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var acc = api.Mul(s[0], s[1]);
            acc = api.MulAcc(acc, s[2], s[3]);
            acc = api.MulAcc(acc, s[0], s[3]);
            api.AssertIsEqual(acc, p[0]);
        };
        var run = Succeeds(body, V(Fr.FromInt64(3 * 4 + 5 * 6 + 3 * 6)), V(3, 4, 5, 6));
        Assert.Equal(4, run.Compiled.NConstraints);
        Fails(body, V(61), V(3, 4, 5, 6));
        // big values wrap mod r exactly like the native field
        Succeeds(body, V(Big * Big + Big * Fr.One + Big * Fr.One), V(Big, Big, Big, Fr.One));
    }

    [Fact]
    public void Inverse_and_Div()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            api.AssertIsEqual(api.Inverse(s[0]), p[0]);
            api.AssertIsEqual(api.Div(s[1], s[0]), p[1]);
        };
        var seven = Fr.FromInt64(7);
        var run = Succeeds(body, V(seven.Inverse(), Big * seven.Inverse()), V(seven, Big));
        Assert.Equal(2 + 1 + 2, run.Compiled.NConstraints);
        Fails(body, V(Fr.Zero, Fr.Zero), V(Fr.Zero, Fr.Zero)); // 1/0 cannot be solved
        Fails(body, V(seven, Big), V(seven, Big));
    }

    [Fact]
    public void Select_asserts_boolean_and_chooses()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(api.Select(s[0], s[1], s[2]), p[0]);
        var run = Succeeds(body, V(10), V(1, 10, 20));
        Assert.Equal(3, run.Compiled.NConstraints); // boolean + product + equality
        Succeeds(body, V(20), V(0, 10, 20));
        Fails(body, V(10), V(2, 10, 20));
        Fails(body, V(20), V(1, 10, 20));
        // constant branches: Select(c, 10, 20) is linear, cost only the boolean check
        Action<IApi, Variable[], Variable[]> lin = (api, p, s) => api.AssertIsEqual(api.Select(s[0], api.Constant(10), api.Constant(20)), p[0]);
        Assert.Equal(2, Succeeds(lin, V(20), V(0)).Compiled.NConstraints);
    }

    [Fact]
    public void IsZero_and_IsEqual()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            api.AssertIsEqual(api.IsZero(s[0]), p[0]);
            api.AssertIsEqual(api.IsEqual(s[0], s[1]), p[1]);
        };
        var run = Succeeds(body, V(1, 0), V(0, 5));
        Assert.Equal(6, run.Compiled.NConstraints);
        Succeeds(body, V(0, 1), V(5, 5));
        Succeeds(body, V(Fr.Zero, Fr.Zero), V(Big, Fr.One));
        Fails(body, V(0, 0), V(0, 5));
        Fails(body, V(1, 0), V(5, 5));
    }

    [Fact]
    public void IsZero_output_cannot_be_forged_by_a_cheating_witness()
    {
        // Take an honest witness for a != 0 (out = 0) and try out = 1 with every inverse: a·out = 0 fails.
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(api.IsZero(s[0]), p[0]);
        var run = Succeeds(body, V(0), V(9));
        var w = (Fr[])run.Witness.Clone();
        w[1] = Fr.One; // public claims "is zero"
        int outWire = run.Compiled.WireNames.ToList().FindIndex(n => n.StartsWith("iszero#", StringComparison.Ordinal));
        w[outWire] = Fr.One;
        foreach (var inv in new[] { Fr.Zero, Fr.One, Fr.FromInt64(9).Inverse() })
        {
            w[outWire - 1] = inv;
            Assert.False(WitnessChecker.Check(run.Compiled.System, w).IsSatisfied);
        }
    }

    [Fact]
    public void ToBinary_costs_n_plus_one_and_rejects_overflow()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var bits = api.ToBinary(s[0], 8);
            for (int i = 0; i < 8; i++) api.AssertIsEqual(bits[i], p[i]);
            api.AssertIsEqual(api.FromBinary(bits), s[0]);
        };
        var run = Succeeds(body, V(1, 0, 1, 1, 0, 0, 0, 1), V(0b10001101));
        Assert.Equal(9 + 8 + 1, run.Compiled.NConstraints);
        Fails(body, V(0, 0, 0, 0, 0, 0, 0, 0), V(256));
        Fails(body, V(1, 0, 1, 1, 0, 0, 0, 0), V(0b10001101));
        // A field element near r has no 8-bit decomposition even though its low bits look fine.
        Fails(body, V(1, 0, 0, 0, 0, 0, 0, 0), V(Fr.FromBigInteger(Fr.Modulus - 255)));
    }

    [Fact]
    public void FromBinary_asserts_booleans()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(api.FromBinary(s), p[0]);
        Assert.Equal(4, Succeeds(body, V(5), V(1, 0, 1)).Compiled.NConstraints);
        Fails(body, V(6), V(2, 0, 1)); // 2 + 4 = 6 but 2 is not a bit
    }

    [Fact]
    public void AssertIsBoolean_and_AssertIsEqual()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => { api.AssertIsBoolean(s[0]); api.AssertIsBoolean(s[0]); api.AssertIsEqual(s[0], p[0]); };
        Assert.Equal(2, Succeeds(body, V(1), V(1)).Compiled.NConstraints); // the second boolean check is free
        Succeeds(body, V(0), V(0));
        Fails(body, V(2), V(2));
        Fails(body, V(Fr.Zero - Fr.One), V(Fr.Zero - Fr.One));
        Assert.Throws<ArgumentException>(() => CircuitCompiler.Compile(Shape((api, _, _) => api.AssertIsEqual(api.Constant(1), api.Constant(2)), 0, 0)));
    }

    [Theory]
    [InlineData(0, 100, true)]
    [InlineData(100, 100, true)]
    [InlineData(101, 100, false)]
    [InlineData(-1, 100, false)]
    [InlineData(255, 255, true)]
    [InlineData(256, 255, false)]
    [InlineData(0, 0, true)]
    [InlineData(1, 0, false)]
    public void AssertIsLessOrEqual_unsigned_constant_bound(long a, long bound, bool ok)
    {
        Action<IApi, Variable[], Variable[]> body = (api, _, s) => api.AssertIsLessOrEqual(s[0], bound);
        if (ok) Succeeds(body, None, V(a));
        else Fails(body, None, V(a));
    }

    [Fact]
    public void AssertIsLessOrEqual_cost()
    {
        Assert.Equal(2 * (7 + 1), CircuitCompiler.Compile(Shape((api, _, s) => api.AssertIsLessOrEqual(s[0], 100), 0, 1)).NConstraints);
        Assert.Equal(8 + 1, CircuitCompiler.Compile(Shape((api, _, s) => api.AssertIsLessOrEqual(s[0], 255), 0, 1)).NConstraints);
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(1, 1, true)]
    [InlineData(2, 1, false)]
    [InlineData(65535, 16, true)]
    [InlineData(65536, 16, false)]
    [InlineData(-1, 16, false)]
    [InlineData(0, 0, true)]
    [InlineData(1, 0, false)]
    public void AssertInRange(long a, int bits, bool ok)
    {
        Action<IApi, Variable[], Variable[]> body = (api, _, s) => api.AssertInRange(s[0], bits);
        if (ok) Succeeds(body, None, V(a));
        else Fails(body, None, V(a));
    }

    [Fact]
    public void Hint_outputs_are_unconstrained_until_the_caller_constrains_them()
    {
        // Square root via a hint, then constrained: r·r = x.
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var r = api.Hint("sqrt", 1, v => [Fr.FromBigInteger(Sqrt(v[0].ToBigInteger()))], s[0])[0];
            api.AssertIsEqual(api.Mul(r, r), s[0]);
            api.AssertIsEqual(r, p[0]);
        };
        Succeeds(body, V(12), V(144));
        Fails(body, V(13), V(144));
        // An unconstrained hint output is free: the probe finds it.
        Action<IApi, Variable[], Variable[]> loose = (api, p, s) => api.Hint("free", 1, v => [v[0]], s[0]);
        Assert.Throws<CircuitAssertException>(() => Succeeds(loose, None, V(3)));
    }

    private static BigInteger Sqrt(BigInteger v)
    {
        var r = (BigInteger)Math.Sqrt((double)v);
        while (r * r > v) r--;
        while ((r + 1) * (r + 1) <= v) r++;
        return r;
    }

    [Fact]
    public void Public_inputs_must_come_before_secret_inputs()
    {
        var bad = Shape((api, _, _) => { api.SecretInput("s", null); api.PublicInput("p", null); }, 0, 0);
        Assert.Throws<InvalidOperationException>(() => CircuitCompiler.Compile(bad));
    }

    [Fact]
    public void Wire_order_is_one_public_secret_internal_even_when_inputs_come_late()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var x = api.Mul(s[0], s[0]);          // internal wire created before the late input
            var late = api.SecretInput("late", api.IsSolving ? Fr.FromInt64(4) : null);
            api.AssertIsEqual(api.Add(x, late), p[0]);
        };
        var run = Succeeds(body, V(13), V(3));
        Assert.Equal(["one", "p0", "s0", "late"], run.Compiled.WireNames.Take(4));
        Assert.Equal(1, run.Compiled.NPublicInputs);
        Assert.Equal(2, run.Compiled.NSecretInputs);
        Assert.Equal(0, run.Compiled.System.NPublicOutputs);
        Assert.Equal(Fr.FromInt64(13), run.Witness[1]);
        Assert.Equal(Fr.FromInt64(4), run.Witness[3]);
        Assert.Equal(Fr.FromInt64(9), run.Witness[4]);
    }

    [Fact]
    public void Solver_rejects_a_circuit_whose_structure_depends_on_values()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var x = api.IsSolving && api.ValueOf(s[0]) == Fr.FromInt64(2) ? api.Mul(s[0], s[0]) : api.Mul(s[0], api.Add(s[0], api.Constant(0)));
            if (api.IsSolving && api.ValueOf(s[0]) == Fr.FromInt64(3)) x = api.Mul(x, api.Constant(1));
            api.AssertIsEqual(x, p[0]);
        };
        var cc = CircuitCompiler.Compile(Shape(body, 1, 1));
        CircuitSolver.Solve(cc, new TestCircuit(body, V(9), V(3)));
        Action<IApi, Variable[], Variable[]> extra = (api, p, s) =>
        {
            var x = api.Mul(s[0], s[0]);
            if (api.IsSolving) x = api.Mul(x, api.Add(s[0], api.Constant(1 - 3)));
            api.AssertIsEqual(x, p[0]);
        };
        var cc2 = CircuitCompiler.Compile(Shape(extra, 1, 1));
        Assert.Throws<InvalidOperationException>(() => CircuitSolver.Solve(cc2, new TestCircuit(extra, V(9), V(3))));
        Action<IApi, Variable[], Variable[]> rewired = (api, p, s) =>
            api.AssertIsEqual(api.IsSolving ? api.Mul(s[0], s[1]) : api.Mul(s[0], s[0]), p[0]);
        var cc3 = CircuitCompiler.Compile(Shape(rewired, 1, 2));
        Assert.Throws<InvalidOperationException>(() => CircuitSolver.Solve(cc3, new TestCircuit(rewired, V(9), V(3, 3))));
    }

    [Fact]
    public void Missing_input_value_fails_solving()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(s[0], p[0]);
        var cc = CircuitCompiler.Compile(Shape(body, 1, 1));
        Assert.Throws<CircuitSolveException>(() => CircuitSolver.Solve(cc, new TestCircuit(body, V(1), [null])));
    }
}

public class CircuitAssertTests
{
    [Fact]
    public void ProverSucceeded_reports_an_unsatisfying_assignment_and_an_unconstrained_public_input()
    {
        Action<IApi, Variable[], Variable[]> eq = (api, p, s) => api.AssertIsEqual(api.Mul(s[0], s[0]), p[0]);
        Assert.Throws<CircuitAssertException>(() => Succeeds(eq, V(5), V(2)));
        // p1 is never used: changing it still satisfies everything, which the probe must report.
        Action<IApi, Variable[], Variable[]> loose = (api, p, s) => api.AssertIsEqual(api.Mul(s[0], s[0]), p[0]);
        var ex = Assert.Throws<CircuitAssertException>(() => Succeeds(loose, V(4, 7), V(2)));
        Assert.Contains("'p1'", ex.Message);
    }

    [Fact]
    public void ProverFailed_reports_a_valid_assignment()
    {
        Action<IApi, Variable[], Variable[]> eq = (api, p, s) => api.AssertIsEqual(api.Mul(s[0], s[0]), p[0]);
        Assert.Throws<CircuitAssertException>(() => Fails(eq, V(4), V(2)));
    }
}
