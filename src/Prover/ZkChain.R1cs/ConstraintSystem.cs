using ZkChain.Algebra;

namespace ZkChain.R1cs;

/// <summary>A rank-1 constraint ⟨A,w⟩·⟨B,w⟩ = ⟨C,w⟩.</summary>
public sealed record Constraint(LinearCombination A, LinearCombination B, LinearCombination C);

/// <summary>
/// A rank-1 constraint system over BN254's scalar field in circom's wire order:
/// wire 0 is the constant 1, then public outputs, public inputs, private inputs, then internal wires.
/// </summary>
public sealed class ConstraintSystem
{
    public ConstraintSystem(int nWires, int nPublicOutputs, int nPublicInputs, int nPrivateInputs,
        IReadOnlyList<Constraint> constraints, ulong[]? wireToLabel = null)
    {
        if (nWires < 1) throw new ArgumentException("a constraint system has at least the constant wire 0", nameof(nWires));
        if (nPublicOutputs < 0 || nPublicInputs < 0 || nPrivateInputs < 0)
            throw new ArgumentException("input and output counts must not be negative");
        // Only the constant and the public signals must be wires: circom's nPrvIn still counts private inputs that
        // the simplifier removed from the witness (unused, or substituted away under --O2), so it may exceed the wires left.
        if (1L + nPublicOutputs + nPublicInputs > nWires)
            throw new ArgumentException($"{nWires} wires cannot hold 1 + {nPublicOutputs} outputs + {nPublicInputs} public inputs");
        NWires = nWires;
        NPublicOutputs = nPublicOutputs;
        NPublicInputs = nPublicInputs;
        NPrivateInputs = nPrivateInputs;
        Constraints = constraints;
        if (wireToLabel != null && wireToLabel.Length != nWires)
            throw new ArgumentException($"wire-to-label map has {wireToLabel.Length} entries for {nWires} wires", nameof(wireToLabel));
        WireToLabel = wireToLabel ?? Enumerable.Range(0, nWires).Select(i => (ulong)i).ToArray();
        NLabels = WireToLabel.Length == 0 ? 0 : WireToLabel.Max() + 1;
    }

    public int NWires { get; }
    public int NPublicOutputs { get; }
    public int NPublicInputs { get; }
    /// <summary>Private inputs as the circuit declares them (circom's nPrvIn); some may have no wire, see the constructor.</summary>
    public int NPrivateInputs { get; }
    /// <summary>Public values seen by the verifier (outputs first, then inputs), as snarkjs counts nPublic.</summary>
    public int NPublic => NPublicOutputs + NPublicInputs;
    public IReadOnlyList<Constraint> Constraints { get; }
    public ulong[] WireToLabel { get; }
    public ulong NLabels { get; init; }

    /// <summary>Checks that every wire index used is inside the system.</summary>
    public void Validate()
    {
        for (var i = 0; i < Constraints.Count; i++)
        {
            var c = Constraints[i];
            foreach (var lc in new[] { c.A, c.B, c.C })
            {
                foreach (var t in lc.Terms)
                {
                    if (t.Wire >= NWires)
                        throw new InvalidDataException($"constraint {i} uses wire {t.Wire} but the system has {NWires} wires");
                }
            }
        }
    }
}

