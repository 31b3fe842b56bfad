using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Circuits.Std;

namespace ZkChain.Training.Circuits;

/// <summary>
/// In-circuit Poseidon (circomlib parameters), the constrained twin of <see cref="Poseidon.Hash(ReadOnlySpan{Fr})"/>,
/// plus the chain and Merkle helpers the training circuit uses. x^5 S-boxes cost 3 constraints; the MDS mix is linear.
/// (Written here because the Circuits project had no Poseidon gadget yet when this was written; swap to it when it lands.)
/// </summary>
public static class PoseidonInCircuit
{
    public static Variable Hash(IApi api, IReadOnlyList<Variable> inputs)
    {
        if (inputs.Count < 1 || inputs.Count > PoseidonParameters.MaxInputs)
            throw new ArgumentException($"Poseidon takes 1..{PoseidonParameters.MaxInputs} inputs, got {inputs.Count}", nameof(inputs));
        var prm = PoseidonParameters.ForWidth(inputs.Count + 1);
        var t = prm.T;
        var c = prm.RoundConstants;
        var m = prm.Mds;
        var state = new Variable[t];
        state[0] = api.Constant(0);
        for (var i = 0; i < inputs.Count; i++) state[i + 1] = inputs[i];
        for (var r = 0; r < prm.TotalRounds; r++)
        {
            for (var i = 0; i < t; i++) state[i] = api.Add(state[i], api.Constant(c[r * t + i]));
            if (prm.IsFullRound(r))
            {
                for (var i = 0; i < t; i++) state[i] = Pow5(api, state[i]);
            }
            else
            {
                state[0] = Pow5(api, state[0]);
            }
            var next = new Variable[t];
            for (var i = 0; i < t; i++)
            {
                var acc = api.Mul(state[0], api.Constant(m[i * t]));
                for (var j = 1; j < t; j++) acc = api.Add(acc, api.Mul(state[j], api.Constant(m[i * t + j])));
                next[i] = acc;
            }
            state = next;
        }
        return state[0];
    }

    private static Variable Pow5(IApi api, Variable x)
    {
        var x2 = api.Mul(x, x);
        var x4 = api.Mul(x2, x2);
        return api.Mul(x4, x);
    }

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

    /// <summary>Merkle root of the leaves padded with zeros to 2^depth; all-padding subtrees are constants (no constraints).</summary>
    public static Variable MerkleRoot(IApi api, IReadOnlyList<Variable> leaves, int depth)
    {
        var level = new List<(Variable V, Fr? Const)>();
        for (var i = 0; i < (1 << depth); i++)
        {
            level.Add(i < leaves.Count ? (leaves[i], null) : (api.Constant(0), Fr.Zero));
        }
        for (var l = 0; l < depth; l++)
        {
            var next = new List<(Variable, Fr?)>(level.Count / 2);
            for (var i = 0; i < level.Count; i += 2)
            {
                var (a, ac) = level[i];
                var (b, bc) = level[i + 1];
                if (ac is { } x && bc is { } y)
                {
                    var h = Poseidon.Hash(x, y);
                    next.Add((api.Constant(h), h));
                }
                else
                {
                    next.Add((Hash(api, [a, b]), null));
                }
            }
            level = next;
        }
        return level[0].V;
    }
}
