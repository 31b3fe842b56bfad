using ZkChain.Circuits;
using ZkChain.Circuits.Std;

namespace ZkChain.Training.Circuits;

/// <summary>Chain hashing in-circuit (twin of <see cref="Commitment.PoseidonChain"/>) over the Circuits project's Poseidon gadget.</summary>
public static class PoseidonInCircuit
{
    public static Variable Hash(IApi api, IReadOnlyList<Variable> inputs) => PoseidonGadget.Hash(api, inputs.ToArray());

    /// <summary>Twin of <see cref="Commitment.PoseidonChain.Hash"/>.</summary>
    public static Variable Chain(IApi api, IReadOnlyList<Variable> inputs)
    {
        Variable h = default;
        foreach (var (start, count, first) in Commitment.PoseidonChain.Chunks(inputs.Count))
        {
            var chunk = new List<Variable>(count + 1);
            if (!first) chunk.Add(h);
            for (var k = 0; k < count; k++) chunk.Add(inputs[start + k]);
            h = Hash(api, chunk);
        }
        return h;
    }
}
