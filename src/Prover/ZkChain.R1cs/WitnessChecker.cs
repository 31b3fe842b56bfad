using ZkChain.Algebra;

namespace ZkChain.R1cs;

/// <summary>The outcome of checking a witness against a constraint system.</summary>
public sealed record WitnessCheckResult(bool IsSatisfied, int FailedConstraint, string? Reason)
{
    public static readonly WitnessCheckResult Ok = new(true, -1, null);
}

/// <summary>Checks ⟨A,w⟩·⟨B,w⟩ = ⟨C,w⟩ for every constraint, and that w[0] = 1.</summary>
public static class WitnessChecker
{
    public static WitnessCheckResult Check(ConstraintSystem cs, ReadOnlySpan<Fr> witness)
    {
        if (witness.Length != cs.NWires)
            return new(false, -1, $"witness has {witness.Length} values but the circuit has {cs.NWires} wires");
        if (witness[0] != Fr.One)
            return new(false, -1, "witness value 0 (the constant wire) must be 1");
        var w = witness.ToArray();
        var failed = int.MaxValue;
        var n = cs.Constraints.Count;
        // Chunked in parallel; keep the smallest failing index so the report is deterministic.
        var chunk = Math.Max(1024, n / (Environment.ProcessorCount * 4) + 1);
        Parallel.For(0, (n + chunk - 1) / chunk, ci =>
        {
            var end = Math.Min(n, (ci + 1) * chunk);
            for (var i = ci * chunk; i < end; i++)
            {
                if (Volatile.Read(ref failed) < i) return;
                if (!Holds(cs.Constraints[i], w))
                {
                    int seen;
                    do
                    {
                        seen = Volatile.Read(ref failed);
                        if (seen <= i) break;
                    } while (Interlocked.CompareExchange(ref failed, i, seen) != seen);
                    return;
                }
            }
        });
        if (failed == int.MaxValue) return WitnessCheckResult.Ok;
        var c = cs.Constraints[failed];
        return new(false, failed,
            $"constraint {failed} does not hold: ({c.A})·({c.B}) ≠ ({c.C}) with values {c.A.Evaluate(w)}·{c.B.Evaluate(w)} ≠ {c.C.Evaluate(w)}");
    }

    private static bool Holds(Constraint c, Fr[] w)
    {
        var a = c.A.Evaluate(w);
        var b = c.B.Evaluate(w);
        Fr.Mul(in a, in b, out var ab);
        return ab == c.C.Evaluate(w);
    }
}
