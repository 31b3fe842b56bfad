using ZkChain.Algebra;
using ZkChain.R1cs;

namespace ZkChain.Groth16;

/// <summary>
/// Whether a proving key was made for a constraint system: its header (wires, public inputs, domain) and its coefficient
/// section, which holds every A and B term of every constraint plus one A term per public signal (the IC rows), in any
/// order (snarkjs and Groth16Setup order them differently). C never appears in a zkey, so a key made for another C
/// shows only as proofs that do not verify; callers that prove with a key also verify the proof.
/// </summary>
public static class ZkeyCircuitMatch
{
    /// <summary>Null when the key is for this circuit, else what differs first, in words.</summary>
    public static string? Mismatch(ConstraintSystem system, ProvingKey key)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(key);
        var domain = 1 << Groth16Setup.DomainLog2(system);
        if (key.NVars != system.NWires || key.NPublic != system.NPublic || key.DomainSize != domain)
        {
            return $"the key has {key.NVars} wires, {key.NPublic} public inputs and domain {key.DomainSize}; " +
                $"the circuit has {system.NWires} wires, {system.NPublic} public inputs and domain {domain}";
        }
        var expected = Sorted(ExpectedCoefficients(system));
        var actual = Sorted(key.Coefficients);
        if (expected.Length != actual.Length)
            return $"the key has {actual.Length} constraint coefficients; the circuit has {expected.Length}";
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == actual[i]) continue;
            var e = expected[i];
            return $"the constraint coefficients differ (first difference: matrix {(e.Matrix == 0 ? "A" : "B")}, constraint {e.Constraint}, signal {e.Signal})";
        }
        return null;
    }

    /// <summary>
    /// The A and B entries a key for <paramref name="system"/> holds, in the order Groth16Setup and DevelopmentSetup
    /// write them. Sized exactly up front: for million-constraint circuits a growing list would hold several copies.
    /// </summary>
    public static QapCoefficient[] ExpectedCoefficients(ConstraintSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var m = system.Constraints.Count;
        long count = system.NPublic + 1;
        for (var c = 0; c < m; c++) count += system.Constraints[c].A.Count + system.Constraints[c].B.Count;
        if (count > Array.MaxLength) throw new ArgumentException($"the circuit has {count} A/B terms, more than a zkey coefficient section can hold here");
        var list = new QapCoefficient[count];
        var next = 0;
        for (var c = 0; c < m; c++)
        {
            foreach (var t in system.Constraints[c].A.Terms) list[next++] = new QapCoefficient(0, c, t.Wire, t.Coefficient);
            foreach (var t in system.Constraints[c].B.Terms) list[next++] = new QapCoefficient(1, c, t.Wire, t.Coefficient);
        }
        // snarkjs's extra rows m..m+nPublic: A = 1 at the public signal, so the public inputs are linearly independent.
        for (var s = 0; s <= system.NPublic; s++) list[next++] = new QapCoefficient(0, m + s, s, Fr.One);
        return list;
    }

    private static QapCoefficient[] Sorted(IEnumerable<QapCoefficient> c) =>
        c.OrderBy(q => q.Matrix).ThenBy(q => q.Constraint).ThenBy(q => q.Signal).ToArray();
}
