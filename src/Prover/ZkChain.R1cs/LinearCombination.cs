using ZkChain.Algebra;

namespace ZkChain.R1cs;

/// <summary>One term of a linear combination: coefficient × wire value.</summary>
public readonly record struct Term(int Wire, Fr Coefficient);

/// <summary>
/// A sparse linear combination over wires, kept sorted by wire with no duplicates and no zero
/// coefficients, so two equal combinations have one representation (and one encoding in .r1cs).
/// </summary>
public sealed class LinearCombination
{
    private readonly Term[] _terms;

    public static readonly LinearCombination Empty = new([], alreadyCanonical: true);

    private LinearCombination(Term[] terms, bool alreadyCanonical)
    {
        _terms = alreadyCanonical ? terms : Canonicalize(terms);
    }

    public LinearCombination(IEnumerable<Term> terms) : this(terms.ToArray(), alreadyCanonical: false) { }

    public static LinearCombination FromWire(int wire) => new([new Term(wire, Fr.One)], alreadyCanonical: true);

    public ReadOnlySpan<Term> Terms => _terms;
    public int Count => _terms.Length;

    /// <summary>Σ coefficient·witness[wire].</summary>
    public Fr Evaluate(ReadOnlySpan<Fr> witness)
    {
        var acc = Fr.Zero;
        foreach (ref readonly var t in _terms.AsSpan())
        {
            if ((uint)t.Wire >= (uint)witness.Length)
            {
                throw new ArgumentException($"linear combination uses wire {t.Wire} but the witness has {witness.Length} values", nameof(witness));
            }
            var coeff = t.Coefficient;
            Fr.Mul(in coeff, in witness[t.Wire], out var prod);
            Fr.Add(in acc, in prod, out acc);
        }
        return acc;
    }

    private static Term[] Canonicalize(Term[] terms)
    {
        if (terms.Length == 0) return terms;
        Array.Sort(terms, static (a, b) => a.Wire.CompareTo(b.Wire));
        var result = new List<Term>(terms.Length);
        var i = 0;
        while (i < terms.Length)
        {
            var wire = terms[i].Wire;
            if (wire < 0) throw new ArgumentException($"negative wire index {wire}", nameof(terms));
            var c = terms[i].Coefficient;
            i++;
            while (i < terms.Length && terms[i].Wire == wire)
            {
                var next = terms[i].Coefficient;
                Fr.Add(in c, in next, out c);
                i++;
            }
            if (!c.IsZero) result.Add(new Term(wire, c));
        }
        return result.ToArray();
    }

    public override string ToString() =>
        _terms.Length == 0 ? "0" : string.Join(" + ", _terms.Select(t => t.Coefficient == Fr.One ? $"w{t.Wire}" : $"{t.Coefficient}·w{t.Wire}"));
}
