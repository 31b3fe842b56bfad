using ZkChain.Algebra;

namespace ZkChain.Circuits.Std;

/// <summary>
/// Poseidon hash over BN254's scalar field with circomlib's parameters (see <see cref="PoseidonParameters"/>):
/// state = [0, inputs...], t = inputs + 1, output = state[0] after all rounds. Equals circomlibjs <c>poseidon</c>.
/// The in-circuit twin is <see cref="PoseidonGadget"/>.
/// </summary>
public static class Poseidon
{
    /// <summary>Hash of 1..16 field elements.</summary>
    public static Fr Hash(ReadOnlySpan<Fr> inputs)
    {
        if (inputs.Length < 1 || inputs.Length > PoseidonParameters.MaxInputs)
        {
            throw new ArgumentException($"Poseidon takes 1..{PoseidonParameters.MaxInputs} inputs, got {inputs.Length}", nameof(inputs));
        }
        var prm = PoseidonParameters.ForWidth(inputs.Length + 1);
        int t = prm.T;
        Span<Fr> state = stackalloc Fr[t];
        Span<Fr> next = stackalloc Fr[t];
        state[0] = Fr.Zero;
        inputs.CopyTo(state[1..]);
        var c = prm._c;
        var m = prm._m;
        for (int r = 0; r < prm.TotalRounds; r++)
        {
            for (int i = 0; i < t; i++) Fr.Add(state[i], c[r * t + i], out state[i]);
            if (prm.IsFullRound(r))
            {
                for (int i = 0; i < t; i++) Pow5(ref state[i]);
            }
            else
            {
                Pow5(ref state[0]);
            }
            for (int i = 0; i < t; i++)
            {
                Fr acc = Fr.Zero;
                for (int j = 0; j < t; j++)
                {
                    Fr.Mul(m[i * t + j], state[j], out var prod);
                    Fr.Add(acc, prod, out acc);
                }
                next[i] = acc;
            }
            next.CopyTo(state);
        }
        return state[0];
    }

    /// <summary>Hash of two elements (Merkle nodes).</summary>
    public static Fr Hash(Fr a, Fr b) => Hash([a, b]);

    private static void Pow5(ref Fr x)
    {
        Fr.Square(x, out var x2);
        Fr.Square(x2, out var x4);
        Fr.Mul(x4, x, out x);
    }
}
