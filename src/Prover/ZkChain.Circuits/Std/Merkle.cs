using ZkChain.Algebra;

namespace ZkChain.Circuits.Std;

/// <summary>
/// Binary Poseidon Merkle tree (native twin of <see cref="MerkleGadget"/>).
/// Layout: depth d holds 2^d leaf slots; leaves beyond the given ones are padded with the empty leaf
/// <see cref="EmptyLeaf"/> = 0 (the field element zero, not a hash). A node is Poseidon(left, right) with the
/// 2-input circomlib Poseidon. Depth defaults to the smallest d with 2^d ≥ number of leaves (d = 0 for one leaf:
/// the root is the leaf itself). Leaf i's path bits are the little-endian bits of i: bit k = 1 means the node on
/// level k is a right child.
/// </summary>
public sealed class MerkleTree
{
    public static readonly Fr EmptyLeaf = Fr.Zero;

    private readonly Fr[][] _levels; // _levels[0] = padded leaves, _levels[Depth] = [root]

    public MerkleTree(IReadOnlyList<Fr> leaves, int? depth = null)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0) throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        int d = depth ?? MinimumDepth(leaves.Count);
        if (d < 0 || d > 30 || (1L << d) < leaves.Count)
            throw new ArgumentOutOfRangeException(nameof(depth), $"depth {d} cannot hold {leaves.Count} leaves (0..30)");
        Depth = d;
        _levels = new Fr[d + 1][];
        var level = new Fr[1 << d];
        for (int i = 0; i < leaves.Count; i++) level[i] = leaves[i];
        for (int i = leaves.Count; i < level.Length; i++) level[i] = EmptyLeaf;
        _levels[0] = level;
        for (int k = 1; k <= d; k++)
        {
            var prev = _levels[k - 1];
            var cur = new Fr[prev.Length / 2];
            for (int i = 0; i < cur.Length; i++) cur[i] = Poseidon.Hash(prev[2 * i], prev[2 * i + 1]);
            _levels[k] = cur;
        }
        LeafCount = leaves.Count;
    }

    public int Depth { get; }
    public int LeafCount { get; }
    public Fr Root => _levels[Depth][0];

    public static int MinimumDepth(int leafCount)
    {
        int d = 0;
        while ((1L << d) < leafCount) d++;
        return d;
    }

    /// <summary>Siblings from the leaf level up, for leaf slot <paramref name="index"/>.</summary>
    public Fr[] Proof(int index)
    {
        if (index < 0 || index >= 1 << Depth) throw new ArgumentOutOfRangeException(nameof(index));
        var sib = new Fr[Depth];
        for (int k = 0; k < Depth; k++) sib[k] = _levels[k][(index >> k) ^ 1];
        return sib;
    }

    /// <summary>The root implied by a leaf, its index and its siblings.</summary>
    public static Fr RootFromProof(Fr leaf, long index, ReadOnlySpan<Fr> siblings)
    {
        var cur = leaf;
        for (int k = 0; k < siblings.Length; k++)
        {
            cur = ((index >> k) & 1) == 1 ? Poseidon.Hash(siblings[k], cur) : Poseidon.Hash(cur, siblings[k]);
        }
        return cur;
    }
}

/// <summary>
/// In-circuit Poseidon Merkle tree, the twin of <see cref="MerkleTree"/> (same padding, same node hash).
/// Costs: <see cref="Root"/> = 240 per node (237 when one child is a constant; free when both are), so a full tree of
/// n = 2^d secret leaves costs 240·(n − 1) and padding subtrees are free. <see cref="RootFromPath"/> = depth·(240 + 1), plus
/// 1 per path bit not already known boolean. <see cref="AssertMembership"/> = depth·241 + (depth + 1) for the index
/// decomposition + 1.
/// </summary>
public static class MerkleGadget
{
    public static Variable Root(IApi api, ReadOnlySpan<Variable> leaves, int? depth = null)
    {
        if (leaves.Length == 0) throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        int d = depth ?? MerkleTree.MinimumDepth(leaves.Length);
        if (d < 0 || d > 30 || (1L << d) < leaves.Length) throw new ArgumentOutOfRangeException(nameof(depth));
        var level = new Variable[1 << d];
        for (int i = 0; i < leaves.Length; i++) level[i] = leaves[i];
        for (int i = leaves.Length; i < level.Length; i++) level[i] = api.Constant(MerkleTree.EmptyLeaf);
        while (level.Length > 1)
        {
            var next = new Variable[level.Length / 2];
            for (int i = 0; i < next.Length; i++) next[i] = PoseidonGadget.Hash(api, level[2 * i], level[2 * i + 1]);
            level = next;
        }
        return level[0];
    }

    /// <summary>Root from a leaf, little-endian path bits (1 = right child; asserted boolean) and siblings.</summary>
    public static Variable RootFromPath(IApi api, Variable leaf, ReadOnlySpan<Variable> pathBits, ReadOnlySpan<Variable> siblings)
    {
        if (pathBits.Length != siblings.Length) throw new ArgumentException("one path bit per sibling", nameof(pathBits));
        var cur = leaf;
        for (int k = 0; k < siblings.Length; k++)
        {
            // left = bit ? sibling : cur (1 constraint); right = cur + sibling − left (free)
            var left = api.Select(pathBits[k], siblings[k], cur);
            var right = api.Sub(api.Add(cur, siblings[k]), left);
            cur = PoseidonGadget.Hash(api, left, right);
        }
        return cur;
    }

    /// <summary>Asserts that <paramref name="leaf"/> sits at slot <paramref name="index"/> (0 ≤ index &lt; 2^depth) under <paramref name="root"/>.</summary>
    public static void AssertMembership(IApi api, Variable root, Variable leaf, Variable index, ReadOnlySpan<Variable> siblings)
    {
        var bits = api.ToBinary(index, siblings.Length);
        api.AssertIsEqual(RootFromPath(api, leaf, bits, siblings), root);
    }
}
