using ZkChain.Algebra;
using ZkChain.Circuits.Std;

namespace ZkChain.Training.Commitment;

/// <summary>
/// Poseidon over any number of field elements (circomlib Poseidon takes 1..16):
/// up to 16 inputs → Poseidon(inputs); more → h = Poseidon(first 16), then h = Poseidon(h, next up to 15) until all are absorbed.
/// </summary>
public static class PoseidonChain
{
    public static Fr Hash(IReadOnlyList<Fr> inputs)
    {
        if (inputs.Count == 0) throw new ArgumentException("nothing to hash", nameof(inputs));
        var first = Math.Min(16, inputs.Count);
        var h = Poseidon.Hash(inputs.Take(first).ToArray());
        var i = first;
        while (i < inputs.Count)
        {
            var take = Math.Min(15, inputs.Count - i);
            var chunk = new Fr[take + 1];
            chunk[0] = h;
            for (var k = 0; k < take; k++) chunk[k + 1] = inputs[i + k];
            h = Poseidon.Hash(chunk);
            i += take;
        }
        return h;
    }

    /// <summary>The chunks the chain hashes, in order (the circuit follows the same split).</summary>
    public static IEnumerable<(int Start, int Count, bool First)> Chunks(int n)
    {
        var first = Math.Min(16, n);
        yield return (0, first, true);
        var i = first;
        while (i < n)
        {
            var take = Math.Min(15, n - i);
            yield return (i, take, false);
            i += take;
        }
    }
}
