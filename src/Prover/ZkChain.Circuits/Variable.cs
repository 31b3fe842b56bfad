using ZkChain.Algebra;
using ZkChain.R1cs;

namespace ZkChain.Circuits;

/// <summary>
/// A value inside a circuit: a linear combination Σ cᵢ·wireᵢ of wires (wire 0 is the constant 1), so
/// constants, additions, subtractions, negations and multiplications by constants cost no constraints.
/// <c>default(Variable)</c> is the constant 0. Opaque: build them with <see cref="IApi"/>.
/// Wire indexes here are the builder's creation order; the compiler maps them to circom's wire order at the end.
/// </summary>
public readonly struct Variable
{
    // Sorted by wire, no duplicates, no zero coefficients. null = empty = constant zero.
    internal readonly Term[]? Terms;

    internal Variable(Term[]? terms) => Terms = terms is { Length: 0 } ? null : terms;

    internal ReadOnlySpan<Term> Span => Terms;

    internal int Count => Terms?.Length ?? 0;

    /// <summary>True when the combination uses no wire other than the constant wire 0.</summary>
    public bool IsConstant => Terms == null || (Terms.Length == 1 && Terms[0].Wire == 0);

    /// <summary>The constant value (only when <see cref="IsConstant"/>).</summary>
    internal Fr ConstantValue => Terms == null ? Fr.Zero : Terms[0].Coefficient;

    internal static Variable FromConstant(Fr c) => c.IsZero ? default : new Variable([new Term(0, c)]);

    internal static Variable FromWire(int wire) => new([new Term(wire, Fr.One)]);

    /// <summary>The single wire when this is exactly 1·wire (no constant), else -1.</summary>
    internal int SingleWire => Terms is { Length: 1 } t && t[0].Wire != 0 && t[0].Coefficient == Fr.One ? t[0].Wire : -1;

    internal static Variable Combine(in Variable a, Fr ka, in Variable b, Fr kb)
    {
        var x = a.Span;
        var y = b.Span;
        var result = new Term[x.Length + y.Length];
        int i = 0, j = 0, n = 0;
        while (i < x.Length || j < y.Length)
        {
            if (j >= y.Length || (i < x.Length && x[i].Wire < y[j].Wire))
            {
                var c = x[i].Coefficient * ka;
                if (!c.IsZero) result[n++] = new Term(x[i].Wire, c);
                i++;
            }
            else if (i >= x.Length || y[j].Wire < x[i].Wire)
            {
                var c = y[j].Coefficient * kb;
                if (!c.IsZero) result[n++] = new Term(y[j].Wire, c);
                j++;
            }
            else
            {
                var c = x[i].Coefficient * ka + y[j].Coefficient * kb;
                if (!c.IsZero) result[n++] = new Term(x[i].Wire, c);
                i++;
                j++;
            }
        }
        if (n == 0) return default;
        if (n != result.Length) Array.Resize(ref result, n);
        return new Variable(result);
    }

    /// <summary>Σ kᵢ·vᵢ in one pass (sort and merge), instead of repeated pairwise Combine (quadratic for long sums).</summary>
    internal static Variable LinearSum(ReadOnlySpan<Variable> vs, ReadOnlySpan<Fr> ks)
    {
        int total = 0;
        foreach (var v in vs) total += v.Count;
        var all = new Term[total];
        int n = 0;
        for (int i = 0; i < vs.Length; i++)
        {
            foreach (var t in vs[i].Span) all[n++] = new Term(t.Wire, t.Coefficient * ks[i]);
        }
        Array.Sort(all, static (a, b) => a.Wire.CompareTo(b.Wire));
        int m = 0;
        for (int i = 0; i < n;)
        {
            int w = all[i].Wire;
            var c = all[i].Coefficient;
            for (i++; i < n && all[i].Wire == w; i++) c += all[i].Coefficient;
            if (!c.IsZero) all[m++] = new Term(w, c);
        }
        if (m == 0) return default;
        Array.Resize(ref all, m);
        return new Variable(all);
    }

    internal static Variable Scale(in Variable a, Fr k)
    {
        if (k.IsZero || a.Terms == null) return default;
        if (k == Fr.One) return a;
        var r = new Term[a.Terms.Length];
        for (int i = 0; i < r.Length; i++) r[i] = new Term(a.Terms[i].Wire, a.Terms[i].Coefficient * k);
        return new Variable(r);
    }

    public override string ToString() =>
        Terms == null ? "0" : string.Join(" + ", Terms.Select(t => t.Wire == 0 ? t.Coefficient.ToString() : $"{t.Coefficient}·w{t.Wire}"));
}
