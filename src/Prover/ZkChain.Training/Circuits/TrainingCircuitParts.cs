using System.Numerics;
using ZkChain.Circuits;
using ZkChain.Circuits.Std;
using ZkChain.Training.Training;

namespace ZkChain.Training.Circuits;

/// <summary>
/// What every training circuit (custom and catalog) proves the same way: the salted row leaves and the commitment of
/// <see cref="Commitment.DataCommitment"/>, and the model commitment of <see cref="ModelCommitment"/>.
/// One definition, so the two circuits cannot drift apart from each other or from the native commitments.
/// </summary>
internal static class TrainingCircuitParts
{
    /// <summary>leaf_i = PoseidonChain(Poseidon(salt, i + 1), row values...).</summary>
    public static Variable Leaf(IApi api, Variable salt, int row, Variable[] values)
    {
        var leafSalt = PoseidonInCircuit.Hash(api, [salt, api.Constant((long)row + 1)]);
        return PoseidonInCircuit.Chain(api, [leafSalt, .. values]);
    }

    /// <summary>commitment = Poseidon(root, rows, columns, Poseidon(salt, 0)).</summary>
    public static Variable DataCommitment(IApi api, Variable root, Variable rows, int columns, Variable salt)
    {
        var commitSalt = PoseidonInCircuit.Hash(api, [salt, api.Constant(0)]);
        return PoseidonInCircuit.Hash(api, [root, rows, api.Constant(columns), commitSalt]);
    }

    /// <summary>PoseidonChain(W[0]..., B[0], W[1]..., B[1], ..., modelSalt) = modelCommitment.</summary>
    public static void AssertModelCommitment(IApi api, FixedModel<Variable> model, Variable modelSalt, Variable modelCommitment)
    {
        var flat = new List<Variable>();
        for (var k = 0; k < model.W.Length; k++)
        {
            flat.AddRange(model.W[k]);
            flat.Add(model.B[k]);
        }
        flat.Add(modelSalt);
        api.AssertIsEqual(PoseidonInCircuit.Chain(api, flat), modelCommitment);
    }

    /// <summary>The trained model's values as signed integers (solve mode only).</summary>
    public static FixedModel<BigInteger> Values(IApi api, FixedModel<Variable> model) => new(
        model.W.Select(w => w.Select(v => CircuitFx.Signed(api.ValueOf(v))).ToArray()).ToArray(),
        model.B.Select(v => CircuitFx.Signed(api.ValueOf(v))).ToArray());
}
