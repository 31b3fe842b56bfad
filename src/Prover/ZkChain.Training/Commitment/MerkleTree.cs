using ZkChain.Algebra;
using ZkChain.Circuits.Std;

namespace ZkChain.Training.Commitment;

/// <summary>
/// Binary Poseidon Merkle tree: node = Poseidon(left, right); the leaves are padded with zero to 2^depth,
/// depth = max(1, ceil(log2(n))).
/// </summary>
public sealed class MerkleTree
{
    private readonly Fr[][] _levels; // _levels[0] = padded leaves, _levels[depth] = [root]

    public int Depth { get; }
    public int LeafCount { get; }
    public Fr Root => _levels[Depth][0];

    public MerkleTree(IReadOnlyList<Fr> leaves)
    {
        if (leaves.Count == 0) throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        LeafCount = leaves.Count;
        Depth = DepthFor(leaves.Count);
        _levels = new Fr[Depth + 1][];
        _levels[0] = new Fr[1 << Depth];
        for (var i = 0; i < leaves.Count; i++) _levels[0][i] = leaves[i];
        for (var l = 1; l <= Depth; l++)
        {
            var below = _levels[l - 1];
            var level = new Fr[below.Length / 2];
            for (var i = 0; i < level.Length; i++) level[i] = Poseidon.Hash(below[2 * i], below[2 * i + 1]);
            _levels[l] = level;
        }
    }

    public static int DepthFor(int n)
    {
        var d = 1;
        while ((1 << d) < n) d++;
        return d;
    }

    /// <summary>Siblings from the leaf level up.</summary>
    public Fr[] Path(int index)
    {
        if (index < 0 || index >= LeafCount) throw new ArgumentOutOfRangeException(nameof(index));
        var path = new Fr[Depth];
        for (var l = 0; l < Depth; l++)
        {
            path[l] = _levels[l][(index >> l) ^ 1];
        }
        return path;
    }

    public static Fr RootFromPath(Fr leaf, int index, IReadOnlyList<Fr> path)
    {
        var h = leaf;
        for (var l = 0; l < path.Count; l++)
        {
            h = ((index >> l) & 1) == 0 ? Poseidon.Hash(h, path[l]) : Poseidon.Hash(path[l], h);
        }
        return h;
    }
}
