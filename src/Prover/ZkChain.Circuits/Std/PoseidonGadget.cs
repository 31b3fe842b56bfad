using ZkChain.Algebra;

namespace ZkChain.Circuits.Std;

/// <summary>
/// In-circuit Poseidon, the twin of <see cref="Poseidon.Hash(ReadOnlySpan{Fr})"/> (same parameters, same output).
/// Cost: 3 constraints per S-box (x², x⁴, x⁵) whose input is not constant: 3·(8·t + R_P) − 3 with t = inputs + 1
/// (lane 0 of the first round is the constant 0 + c), i.e. 240 for 2 inputs (as circomlib), 3·(8·17 + 68) − 3 = 609 for 16;
/// 3 fewer per constant input. Round-constant additions and the MDS mix are linear (free).
/// All-constant inputs are hashed for free (every operation on constants folds).
/// </summary>
public static class PoseidonGadget
{
    public static Variable Hash(IApi api, params Variable[] inputs)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (inputs.Length < 1 || inputs.Length > PoseidonParameters.MaxInputs)
            throw new ArgumentException($"Poseidon takes 1..{PoseidonParameters.MaxInputs} inputs, got {inputs.Length}", nameof(inputs));
        var prm = PoseidonParameters.ForWidth(inputs.Length + 1);
        int t = prm.T;
        var state = new Variable[t];
        state[0] = api.Constant(0);
        Array.Copy(inputs, 0, state, 1, inputs.Length);
        var c = prm._c;
        var m = prm._m;
        var next = new Variable[t];
        for (int r = 0; r < prm.TotalRounds; r++)
        {
            for (int i = 0; i < t; i++) state[i] = api.Add(state[i], api.Constant(c[r * t + i]));
            if (prm.IsFullRound(r))
            {
                for (int i = 0; i < t; i++) state[i] = Pow5(api, state[i]);
            }
            else
            {
                state[0] = Pow5(api, state[0]);
            }
            for (int i = 0; i < t; i++) next[i] = Variable.LinearSum(state, m.AsSpan(i * t, t));
            (state, next) = (next, state);
        }
        return state[0];
    }

    /// <summary>Constraint count of <see cref="Hash"/> for n non-constant inputs.</summary>
    public static int Cost(int nInputs)
    {
        var p = PoseidonParameters.ForWidth(nInputs + 1);
        return 3 * (PoseidonParameters.FullRounds * p.T + p.PartialRounds) - 3;
    }

    private static Variable Pow5(IApi api, Variable x)
    {
        var x2 = api.Mul(x, x);
        var x4 = api.Mul(x2, x2);
        return api.Mul(x4, x);
    }
}
