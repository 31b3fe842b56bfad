using System.Numerics;
using ZkChain.Algebra;
using ZkChain.R1cs;

namespace ZkChain.Circuits;

/// <summary>
/// The one <see cref="IApi"/> implementation, used in both modes. Wires get provisional ids in creation
/// order (0 = constant one); <see cref="CircuitCompiler"/> maps them to circom's order (one, public inputs,
/// secret inputs, internal wires). Solve mode keeps values, checks each constraint as it is recorded and
/// hashes the constraint structure so the solver can prove it built the same system as the compiler.
/// </summary>
internal sealed class CircuitBuilder : IApi
{
    internal enum WireKind : byte { One, Public, Secret, Internal }

    private readonly bool _solving;
    internal readonly List<WireKind> Kinds = [WireKind.One];
    internal readonly List<string> Names = ["one"];
    internal readonly List<Fr> Values = [Fr.One];
    internal readonly List<(Term[] A, Term[] B, Term[] C)> Constraints = [];
    private readonly HashSet<int> _boolean = [];
    private bool _sawSecret;
    internal int NPublic, NSecret, NConstraints;
    internal ulong Digest = 14695981039346656037UL;

    internal CircuitBuilder(bool solving) => _solving = solving;

    public bool IsSolving => _solving;

    // ---- wires and constraints ----

    private int NewWire(WireKind kind, string name, Fr value)
    {
        int id = Kinds.Count;
        Kinds.Add(kind);
        Names.Add(name);
        if (_solving) Values.Add(value);
        return id;
    }

    private Variable NewInternal(string name, Fr value) => Variable.FromWire(NewWire(WireKind.Internal, name + "#" + Kinds.Count, value));

    /// <summary>
    /// Names of wires that some valid witnesses leave free by design start with this prefix: IsZero's inverse
    /// hint is unconstrained when the input is 0 (no output depends on it). Soundness probes skip them.
    /// </summary>
    internal const string FreeWirePrefix = "~";

    private void Constrain(in Variable a, in Variable b, in Variable c, string op)
    {
        var ta = a.Terms ?? [];
        var tb = b.Terms ?? [];
        var tc = c.Terms ?? [];
        NConstraints++;
        Mix(ta); Mix(tb); Mix(tc);
        if (_solving)
        {
            var av = ValueOf(a);
            var bv = ValueOf(b);
            if (av * bv != ValueOf(c))
            {
                throw new CircuitSolveException($"constraint {NConstraints - 1} ({op}) does not hold: ({a})·({b}) ≠ ({c}) " +
                    $"with values {av}·{bv} ≠ {ValueOf(c)}");
            }
        }
        else
        {
            Constraints.Add((ta, tb, tc));
        }
    }

    private void Mix(Term[] terms)
    {
        ulong h = Digest;
        h = (h ^ (ulong)terms.Length) * 1099511628211UL;
        foreach (var t in terms)
        {
            h = (h ^ (ulong)t.Wire) * 1099511628211UL;
            h = (h ^ (ulong)(uint)t.Coefficient.GetHashCode()) * 1099511628211UL;
        }
        Digest = h;
    }

    private bool IsKnownBoolean(in Variable v)
    {
        if (v.IsConstant)
        {
            var c = v.ConstantValue;
            return c.IsZero || c == Fr.One;
        }
        var t = v.Span;
        if (t.Length == 1) return t[0].Coefficient == Fr.One && _boolean.Contains(t[0].Wire);
        // 1 − b
        return t.Length == 2 && t[0].Wire == 0 && t[0].Coefficient == Fr.One && t[1].Coefficient == -Fr.One && _boolean.Contains(t[1].Wire);
    }

    private void MarkBoolean(in Variable v)
    {
        int w = v.SingleWire;
        if (w > 0) _boolean.Add(w);
    }

    // ---- inputs and constants ----

    public Variable PublicInput(string name, Fr? value)
    {
        CheckInputName(name);
        if (_sawSecret) throw new InvalidOperationException($"public input '{name}' declared after a secret input; declare all public inputs first");
        NPublic++;
        return Variable.FromWire(NewWire(WireKind.Public, name, InputValue(name, value)));
    }

    public Variable SecretInput(string name, Fr? value)
    {
        CheckInputName(name);
        _sawSecret = true;
        NSecret++;
        return Variable.FromWire(NewWire(WireKind.Secret, name, InputValue(name, value)));
    }

    private static void CheckInputName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.StartsWith(FreeWirePrefix, StringComparison.Ordinal))
            throw new ArgumentException($"input names must not start with '{FreeWirePrefix}'", nameof(name));
    }

    private Fr InputValue(string name, Fr? value)
    {
        if (!_solving) return Fr.Zero;
        return value ?? throw new CircuitSolveException($"input '{name}' has no value in the assignment");
    }

    public Variable Constant(Fr c) => Variable.FromConstant(c);
    public Variable Constant(long c) => Variable.FromConstant(Fr.FromInt64(c));

    // ---- linear ----

    public Variable Add(Variable a, Variable b, params Variable[] more)
    {
        if (more.Length == 0) return Variable.Combine(a, Fr.One, b, Fr.One);
        var all = new Variable[more.Length + 2];
        all[0] = a;
        all[1] = b;
        more.CopyTo(all, 2);
        var ones = new Fr[all.Length];
        Array.Fill(ones, Fr.One);
        return Variable.LinearSum(all, ones);
    }

    public Variable Sub(Variable a, Variable b) => Variable.Combine(a, Fr.One, b, -Fr.One);
    public Variable Neg(Variable a) => Variable.Scale(a, -Fr.One);

    // ---- non-linear ----

    public Variable Mul(Variable a, Variable b)
    {
        if (a.IsConstant) return Variable.Scale(b, a.ConstantValue);
        if (b.IsConstant) return Variable.Scale(a, b.ConstantValue);
        var r = NewInternal("mul", _solving ? ValueOf(a) * ValueOf(b) : Fr.Zero);
        Constrain(a, b, r, "Mul");
        return r;
    }

    public Variable MulAcc(Variable acc, Variable a, Variable b)
    {
        if (a.IsConstant) return Variable.Combine(acc, Fr.One, b, a.ConstantValue);
        if (b.IsConstant) return Variable.Combine(acc, Fr.One, a, b.ConstantValue);
        var r = NewInternal("mulacc", _solving ? ValueOf(acc) + ValueOf(a) * ValueOf(b) : Fr.Zero);
        Constrain(a, b, Sub(r, acc), "MulAcc");
        return r;
    }

    public Variable Inverse(Variable a)
    {
        if (a.IsConstant)
        {
            if (a.ConstantValue.IsZero) throw new DivideByZeroException("Inverse of the constant 0");
            return Variable.FromConstant(a.ConstantValue.Inverse());
        }
        Fr v = Fr.Zero;
        if (_solving)
        {
            var av = ValueOf(a);
            if (av.IsZero) throw new CircuitSolveException($"Inverse of zero ({a})");
            v = av.Inverse();
        }
        var r = NewInternal("inv", v);
        Constrain(a, r, Variable.FromConstant(Fr.One), "Inverse");
        return r;
    }

    public Variable Div(Variable a, Variable b)
    {
        if (b.IsConstant)
        {
            if (b.ConstantValue.IsZero) throw new DivideByZeroException("Div by the constant 0");
            return Variable.Scale(a, b.ConstantValue.Inverse());
        }
        return Mul(a, Inverse(b));
    }

    public Variable Select(Variable cond, Variable ifTrue, Variable ifFalse)
    {
        if (cond.IsConstant)
        {
            var c = cond.ConstantValue;
            if (c.IsZero) return ifFalse;
            if (c == Fr.One) return ifTrue;
            throw new ArgumentException("Select condition is a constant other than 0 or 1", nameof(cond));
        }
        AssertIsBoolean(cond);
        return Add(ifFalse, Mul(cond, Sub(ifTrue, ifFalse)));
    }

    public Variable IsZero(Variable a)
    {
        if (a.IsConstant) return Variable.FromConstant(a.ConstantValue.IsZero ? Fr.One : Fr.Zero);
        // a·inv = 1 − out and a·out = 0: out = 1 iff a = 0 (inv is a hint, pinned when a ≠ 0).
        Fr av = _solving ? ValueOf(a) : Fr.Zero;
        var inv = NewInternal(FreeWirePrefix + "iszero.inv", _solving && !av.IsZero ? av.Inverse() : Fr.Zero);
        var outv = NewInternal("iszero", _solving && av.IsZero ? Fr.One : Fr.Zero);
        Constrain(a, inv, Sub(Variable.FromConstant(Fr.One), outv), "IsZero");
        Constrain(a, outv, default, "IsZero");
        MarkBoolean(outv);
        return outv;
    }

    public Variable IsEqual(Variable a, Variable b) => IsZero(Sub(a, b));

    public Variable[] ToBinary(Variable a, int nBits)
    {
        if (nBits < 0 || nBits > 253) throw new ArgumentOutOfRangeException(nameof(nBits), nBits, "ToBinary takes 0..253 bits");
        var bits = new Variable[nBits];
        if (a.IsConstant)
        {
            var c = a.ConstantValue.ToBigInteger();
            if (c >> nBits != 0) throw new ArgumentException($"constant {c} does not fit in {nBits} bits", nameof(a));
            for (int i = 0; i < nBits; i++) bits[i] = Variable.FromConstant(((c >> i) & 1) == 1 ? Fr.One : Fr.Zero);
            return bits;
        }
        BigInteger v = BigInteger.Zero;
        if (_solving)
        {
            v = ValueOf(a).ToBigInteger();
            if (v >> nBits != 0) throw new CircuitSolveException($"ToBinary: value {v} does not fit in {nBits} bits ({a})");
        }
        for (int i = 0; i < nBits; i++)
        {
            var b = NewInternal("bit", _solving && ((v >> i) & 1) == 1 ? Fr.One : Fr.Zero);
            Constrain(b, Sub(Variable.FromConstant(Fr.One), b), default, "ToBinary bit");
            MarkBoolean(b);
            bits[i] = b;
        }
        AssertIsEqual(Variable.LinearSum(bits, Powers(nBits)), a);
        return bits;
    }

    public Variable FromBinary(ReadOnlySpan<Variable> bits)
    {
        if (bits.Length > 253) throw new ArgumentException("FromBinary takes at most 253 bits", nameof(bits));
        foreach (var b in bits) AssertIsBoolean(b);
        return Variable.LinearSum(bits, Powers(bits.Length));
    }

    private static readonly Fr[] PowersOfTwo = MakePowers(254);

    private static Fr[] MakePowers(int n)
    {
        var r = new Fr[n];
        r[0] = Fr.One;
        for (int i = 1; i < n; i++) r[i] = r[i - 1] + r[i - 1];
        return r;
    }

    private static ReadOnlySpan<Fr> Powers(int n) => PowersOfTwo.AsSpan(0, n);

    public void AssertIsEqual(Variable a, Variable b)
    {
        if (a.IsConstant && b.IsConstant)
        {
            if (a.ConstantValue != b.ConstantValue)
                throw new ArgumentException($"AssertIsEqual of two different constants {a.ConstantValue} and {b.ConstantValue}");
            return;
        }
        Constrain(a, Variable.FromConstant(Fr.One), b, "AssertIsEqual");
    }

    public void AssertIsBoolean(Variable a)
    {
        if (IsKnownBoolean(a)) return;
        if (a.IsConstant) throw new ArgumentException($"AssertIsBoolean of the constant {a.ConstantValue}", nameof(a));
        Constrain(a, Sub(Variable.FromConstant(Fr.One), a), default, "AssertIsBoolean");
        MarkBoolean(a);
    }

    public void AssertIsLessOrEqual(Variable a, BigInteger bound)
    {
        if (bound.Sign < 0) throw new ArgumentOutOfRangeException(nameof(bound), "bound must not be negative");
        int n = (int)bound.GetBitLength();
        if (n > 252) throw new ArgumentOutOfRangeException(nameof(bound), "bound must be below 2^252");
        if (bound == (BigInteger.One << n) - 1)
        {
            AssertInRange(a, n);
            return;
        }
        // a ∈ [0, 2^n) and bound − a ∈ [0, 2^n) ⇒ 0 ≤ a ≤ bound (no wrap-around since 2^(n+1) < r).
        AssertInRange(a, n);
        AssertInRange(Sub(Variable.FromConstant(Fr.FromBigInteger(bound)), a), n);
    }

    public void AssertInRange(Variable a, int nBits)
    {
        if (nBits == 0)
        {
            AssertIsEqual(a, default);
            return;
        }
        ToBinary(a, nBits);
    }

    public Variable[] Hint(string name, int nOutputs, Func<Fr[], Fr[]> compute, params Variable[] inputs)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (nOutputs < 1) throw new ArgumentOutOfRangeException(nameof(nOutputs));
        Fr[]? values = null;
        if (_solving)
        {
            var inVals = inputs.Select(ValueOf).ToArray();
            try { values = compute(inVals); }
            catch (Exception e) when (e is not CircuitSolveException) { throw new CircuitSolveException($"hint '{name}' failed: {e.Message}", e); }
            if (values.Length != nOutputs) throw new CircuitSolveException($"hint '{name}' returned {values.Length} values, expected {nOutputs}");
        }
        var r = new Variable[nOutputs];
        for (int i = 0; i < nOutputs; i++) r[i] = NewInternal("hint:" + name, values == null ? Fr.Zero : values[i]);
        return r;
    }

    public Fr ValueOf(Variable v)
    {
        if (!_solving) throw new InvalidOperationException("ValueOf is only available while solving");
        var acc = Fr.Zero;
        foreach (var t in v.Span)
        {
            Fr.Mul(t.Coefficient, Values[t.Wire], out var p);
            Fr.Add(acc, p, out acc);
        }
        return acc;
    }
}
