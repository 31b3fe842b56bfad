using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Groth16;
using ZkChain.R1cs;

namespace ZkChain.Circuits.Testing;

/// <summary>Thrown by <see cref="CircuitAssert"/> when a circuit does not behave as asserted.</summary>
public sealed class CircuitAssertException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What <see cref="CircuitAssert.ProverSucceeded"/> saw, for further checks by the caller.</summary>
public sealed record CircuitRun(CompiledCircuit Compiled, Fr[] Witness, int MutationsTried, bool Proved);

/// <summary>
/// The one test entry point for circuits (like gnark's test.Assert):
/// compile → solve → constraint check → (Groth16 setup → prove → verify) plus soundness probes that
/// mutate witness values and expect the constraint check to fail.
/// </summary>
public static class CircuitAssert
{
    /// <summary>
    /// Asserts that <paramref name="assignment"/> satisfies <paramref name="definition"/>: it solves, every constraint holds,
    /// and changing any single public input, or any of a sample of internal wires, breaks a
    /// constraint (secret inputs are not probed: a circuit may ignore one). With <paramref name="prove"/> (the default) it then
    /// runs a development Groth16 setup (<see cref="DevelopmentSetup"/>), proves, verifies, and checks that the proof
    /// does not verify against changed public inputs. Wires listed in <paramref name="unconstrainedWires"/> (by name) are skipped by the mutation probe
    /// (for circuits that deliberately leave a wire free). Returns the compiled circuit and witness.
    /// </summary>
    public static CircuitRun ProverSucceeded(ICircuit definition, ICircuit assignment, int internalSample = 64, int seed = 1,
        IReadOnlyCollection<string>? unconstrainedWires = null, bool prove = true)
    {
        var compiled = CircuitCompiler.Compile(definition);
        Fr[] witness;
        try { witness = CircuitSolver.Solve(compiled, assignment); }
        catch (Exception e) when (e is CircuitSolveException or InvalidOperationException)
        {
            throw new CircuitAssertException("solving failed: " + e.Message, e);
        }
        var check = WitnessChecker.Check(compiled.System, witness);
        if (!check.IsSatisfied) throw new CircuitAssertException("the solved witness does not satisfy the constraints: " + check.Reason);
        int tried = CheckMutations(compiled, witness, internalSample, seed, unconstrainedWires);
        if (prove) ProveAndVerify(compiled, witness);
        return new CircuitRun(compiled, witness, tried, Proved: prove);
    }

    /// <summary>Development setup → prove → verify; also expects verification to fail for each changed public input.</summary>
    public static void ProveAndVerify(CompiledCircuit compiled, Fr[] witness)
    {
        var pk = DevelopmentSetup.Keys(compiled.System);
        var (proof, publicSignals) = Groth16Prover.Prove(pk, witness);
        var expected = CircuitSolver.PublicInputs(compiled, witness);
        if (!publicSignals.SequenceEqual(expected)) throw new CircuitAssertException("the prover's public signals differ from the witness's public inputs");
        var inputs = publicSignals.Select(x => x.ToBigInteger()).ToList();
        var vk = pk.VerificationKey;
        var ok = Groth16Verifier.Verify(vk, inputs, proof);
        if (!ok.IsValid) throw new CircuitAssertException("the Groth16 proof does not verify: " + ok.Reason);
        for (int i = 0; i < inputs.Count; i++)
        {
            var changed = inputs.ToList();
            changed[i] = (changed[i] + BigInteger.One) % Fr.Modulus;
            if (Groth16Verifier.Verify(vk, changed, proof).IsValid)
                throw new CircuitAssertException($"the proof also verifies with public input {i} changed");
        }
    }

    /// <summary>Asserts that solving fails or the constraint check rejects the solved witness.</summary>
    public static void ProverFailed(ICircuit definition, ICircuit invalidAssignment)
    {
        var compiled = CircuitCompiler.Compile(definition);
        Fr[] witness;
        try { witness = CircuitSolver.Solve(compiled, invalidAssignment); }
        catch (CircuitSolveException) { return; }
        var check = WitnessChecker.Check(compiled.System, witness);
        if (check.IsSatisfied) throw new CircuitAssertException("the invalid assignment solved and satisfied every constraint");
    }

    /// <summary>
    /// Soundness probe: for every public input and a seeded sample of the internal wires, add a non-zero delta to that one
    /// value and expect the constraint check to fail. Returns the number of mutations tried.
    /// </summary>
    public static int CheckMutations(CompiledCircuit compiled, Fr[] witness, int internalSample, int seed,
        IReadOnlyCollection<string>? unconstrainedWires = null)
    {
        var cs = compiled.System;
        var skip = unconstrainedWires ?? [];
        var rnd = new Random(seed);
        var wires = new List<int>();
        for (int i = 1; i <= cs.NPublicInputs; i++) wires.Add(i);
        // Secret inputs are not probed: a circuit may legitimately ignore one (e.g. the branch Select did not take).
        // Internal wires are computed from inputs, so each must be pinned by some constraint.
        int firstInternal = 1 + cs.NPublicInputs + cs.NPrivateInputs;
        var rest = Enumerable.Range(firstInternal, cs.NWires - firstInternal).ToList();
        if (rest.Count <= internalSample) wires.AddRange(rest);
        else wires.AddRange(rest.OrderBy(_ => rnd.Next()).Take(internalSample));
        int tried = 0;
        var w = (Fr[])witness.Clone();
        foreach (var wire in wires)
        {
            if (skip.Contains(compiled.WireNames[wire]) || compiled.IsFreeByDesign(wire)) continue;
            var original = w[wire];
            // Two kinds of change: +1 (looks like an honest off-by-one) and a random field element.
            foreach (var delta in new[] { Fr.One, Fr.FromUInt64((ulong)rnd.NextInt64(2, long.MaxValue)) })
            {
                w[wire] = original + delta;
                tried++;
                if (WitnessChecker.Check(cs, w).IsSatisfied)
                {
                    throw new CircuitAssertException(
                        $"soundness: changing wire {wire} '{compiled.WireNames[wire]}' from {original} to {w[wire]} still satisfies every constraint");
                }
            }
            w[wire] = original;
        }
        return tried;
    }
}
