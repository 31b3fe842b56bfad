using ZkChain.Algebra;
using ZkChain.R1cs;

namespace ZkChain.Circuits;

/// <summary>A compiled circuit: its constraint system (circom wire order, no public outputs) and wire names.</summary>
public sealed class CompiledCircuit
{
    internal CompiledCircuit(ConstraintSystem system, string[] wireNames, int[] toFinal, ulong digest, int nBuilderWires)
    {
        System = system;
        WireNames = wireNames;
        ProvisionalToFinal = toFinal;
        Digest = digest;
        NBuilderWires = nBuilderWires;
    }

    public ConstraintSystem System { get; }
    /// <summary>Name of every wire in the final order (inputs by their declared names; internal wires by operation).</summary>
    public IReadOnlyList<string> WireNames { get; }

    /// <summary>
    /// True for wires that a valid witness may leave free by design (IsZero's inverse hint when its input is 0);
    /// soundness probes skip them.
    /// </summary>
    public bool IsFreeByDesign(int wire) => WireNames[wire].StartsWith(CircuitBuilder.FreeWirePrefix, StringComparison.Ordinal);
    public int NPublicInputs => System.NPublicInputs;
    public int NSecretInputs => System.NPrivateInputs;
    public int NConstraints => System.Constraints.Count;

    internal int[] ProvisionalToFinal { get; }
    internal ulong Digest { get; }
    internal int NBuilderWires { get; }

    /// <summary>Writes the circom .r1cs file.</summary>
    public void WriteR1cs(Stream stream) => R1csFile.Write(System, stream);
}

/// <summary>Compile mode: runs <see cref="ICircuit.Define"/> without values and records the constraints.</summary>
public static class CircuitCompiler
{
    public static CompiledCircuit Compile(ICircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var b = new CircuitBuilder(solving: false);
        circuit.Define(b);
        var toFinal = WireOrder(b);
        int n = toFinal.Length;
        var names = new string[n];
        for (int i = 0; i < n; i++) names[toFinal[i]] = b.Names[i];
        var constraints = new Constraint[b.Constraints.Count];
        for (int k = 0; k < constraints.Length; k++)
        {
            var (ta, tb, tc) = b.Constraints[k];
            constraints[k] = new Constraint(Map(ta, toFinal), Map(tb, toFinal), Map(tc, toFinal));
        }
        var cs = new ConstraintSystem(n, 0, b.NPublic, b.NSecret, constraints);
        return new CompiledCircuit(cs, names, toFinal, b.Digest, n);
    }

    private static LinearCombination Map(Term[] terms, int[] toFinal)
    {
        if (terms.Length == 0) return LinearCombination.Empty;
        var r = new Term[terms.Length];
        for (int i = 0; i < r.Length; i++) r[i] = new Term(toFinal[terms[i].Wire], terms[i].Coefficient);
        return new LinearCombination(r);
    }

    /// <summary>Provisional id → circom position: one, public inputs, secret inputs, internal (each in creation order).</summary>
    internal static int[] WireOrder(CircuitBuilder b)
    {
        int n = b.Kinds.Count;
        var map = new int[n];
        int pub = 1, sec = 1 + b.NPublic, inner = 1 + b.NPublic + b.NSecret;
        for (int i = 1; i < n; i++)
        {
            map[i] = b.Kinds[i] switch
            {
                CircuitBuilder.WireKind.Public => pub++,
                CircuitBuilder.WireKind.Secret => sec++,
                _ => inner++,
            };
        }
        return map;
    }
}

/// <summary>Solve mode: runs <see cref="ICircuit.Define"/> with the assignment's values and returns the full witness.</summary>
public static class CircuitSolver
{
    /// <summary>
    /// The witness in circom wire order. Throws <see cref="CircuitSolveException"/> when an input is missing, a hint fails,
    /// or a constraint does not hold; throws <see cref="InvalidOperationException"/> when the assignment's Define built a
    /// different constraint system than the compiled one (a Define whose structure depends on values).
    /// </summary>
    public static Fr[] Solve(CompiledCircuit compiled, ICircuit assignment)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(assignment);
        var b = new CircuitBuilder(solving: true);
        assignment.Define(b);
        if (b.Kinds.Count != compiled.NBuilderWires || b.NConstraints != compiled.NConstraints || b.Digest != compiled.Digest
            || b.NPublic != compiled.NPublicInputs || b.NSecret != compiled.NSecretInputs)
        {
            throw new InvalidOperationException(
                $"the assignment built a different circuit than the compiled one: {b.Kinds.Count} wires / {b.NConstraints} constraints vs " +
                $"{compiled.NBuilderWires} / {compiled.NConstraints} (or the same counts with different wiring)");
        }
        var witness = new Fr[b.Values.Count];
        var map = compiled.ProvisionalToFinal;
        for (int i = 0; i < witness.Length; i++) witness[map[i]] = b.Values[i];
        return witness;
    }

    /// <summary>The public inputs of a witness (positions 1..nPublic), as a verifier takes them.</summary>
    public static Fr[] PublicInputs(CompiledCircuit compiled, ReadOnlySpan<Fr> witness) =>
        witness.Slice(1, compiled.NPublicInputs).ToArray();
}
