using ZkChain.Algebra;
using ZkChain.Circuits.Std;
using ZkChain.Circuits.Testing;
using static ZkChain.Circuits.Tests.TestCircuit;

namespace ZkChain.Circuits.Tests;

public class StdPoseidonMerkleTests
{
    [Fact]
    public void Poseidon_gadget_equals_circomlibjs_for_1_to_16_inputs_and_costs_3_per_sbox()
    {
        var rnd = new Random(11);
        var cases = Enumerable.Range(1, 16).Select(n => Enumerable.Range(0, n).Select(_ => PoseidonNativeTests.RandomFr(rnd)).ToArray()).ToList();
        var expected = PoseidonNativeTests.OracleHashes(cases);
        for (int k = 0; k < cases.Count; k++)
        {
            var inputs = cases[k];
            Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(PoseidonGadget.Hash(api, s), p[0]);
            var run = Succeeds(body, V(Fr.FromBigInteger(System.Numerics.BigInteger.Parse(expected[k]))), V(inputs), sample: 16);
            Assert.Equal(PoseidonGadget.Cost(inputs.Length) + 1, run.Compiled.NConstraints);
            Assert.Equal(Poseidon.Hash(inputs).ToString(), expected[k]);
        }
        Assert.Equal(240, PoseidonGadget.Cost(2)); // circomlib's Poseidon(2) count
        Fails((api, p, s) => api.AssertIsEqual(PoseidonGadget.Hash(api, s), p[0]), V(Poseidon.Hash([Fr.One, Fr.One])), V(1, 2));
    }

    [Fact]
    public void Poseidon_gadget_on_constants_is_free_and_matches()
    {
        var cc = CircuitCompiler.Compile(Shape((api, p, _) => api.AssertIsEqual(PoseidonGadget.Hash(api, api.Constant(1), api.Constant(2)), p[0]), 1, 0));
        Assert.Equal(1, cc.NConstraints);
        CircuitSolver.Solve(cc, new TestCircuit((api, p, _) => api.AssertIsEqual(PoseidonGadget.Hash(api, api.Constant(1), api.Constant(2)), p[0]),
            V(Poseidon.Hash(Fr.One, Fr.FromInt64(2))), None));
    }

    /// <summary>Independent recursive reference: root of slots [lo, lo + 2^d), slots past the leaves are 0.</summary>
    private static Fr Reference(Fr[] leaves, int lo, int d) =>
        d == 0 ? (lo < leaves.Length ? leaves[lo] : Fr.Zero)
               : Poseidon.Hash(Reference(leaves, lo, d - 1), Reference(leaves, lo + (1 << (d - 1)), d - 1));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    public void Native_tree_matches_reference_and_proofs_verify(int n)
    {
        var rnd = new Random(n);
        var leaves = Enumerable.Range(0, n).Select(_ => PoseidonNativeTests.RandomFr(rnd)).ToArray();
        var tree = new MerkleTree(leaves);
        Assert.Equal(MerkleTree.MinimumDepth(n), tree.Depth);
        Assert.Equal(Reference(leaves, 0, tree.Depth), tree.Root);
        for (int i = 0; i < 1 << tree.Depth; i++)
        {
            var leaf = i < n ? leaves[i] : MerkleTree.EmptyLeaf;
            Assert.Equal(tree.Root, MerkleTree.RootFromProof(leaf, i, tree.Proof(i)));
            Assert.NotEqual(tree.Root, MerkleTree.RootFromProof(leaf + Fr.One, i, tree.Proof(i)));
        }
        var deeper = new MerkleTree(leaves, tree.Depth + 1);
        Assert.Equal(Reference(leaves, 0, tree.Depth + 1), deeper.Root);
    }

    [Fact]
    public void Circuit_root_equals_native_root_with_free_constant_padding()
    {
        var rnd = new Random(3);
        var leaves = Enumerable.Range(0, 5).Select(_ => PoseidonNativeTests.RandomFr(rnd)).ToArray();
        var root = new MerkleTree(leaves).Root;
        Action<IApi, Variable[], Variable[]> body = (api, p, s) => api.AssertIsEqual(MerkleGadget.Root(api, s), p[0]);
        var run = Succeeds(body, V(root), V(leaves), sample: 32);
        // depth 3, 8 slots: level 0 hashes (0,1),(2,3) cost 240, (4,pad) 237, (pad,pad) is free;
        // level 1: (h01,h23) 240, (h4p, constant) 237; root 240.
        Assert.Equal(4 * 240 + 2 * 237 + 1, run.Compiled.NConstraints);
        leaves[4] += Fr.One;
        Fails(body, V(root), V(leaves));
    }

    private sealed class Membership(int depth, Fr? root, Fr? leaf, Fr? index, Fr?[] siblings) : ICircuit
    {
        public void Define(IApi api)
        {
            var r = api.PublicInput("root", root);
            var l = api.SecretInput("leaf", leaf);
            var i = api.SecretInput("index", index);
            var sib = Enumerable.Range(0, depth).Select(k => api.SecretInput("sibling" + k, siblings[k])).ToArray();
            MerkleGadget.AssertMembership(api, r, l, i, sib);
        }
    }

    [Fact]
    public void Membership_proof_in_circuit()
    {
        var rnd = new Random(4);
        var leaves = Enumerable.Range(0, 6).Select(_ => PoseidonNativeTests.RandomFr(rnd)).ToArray();
        var tree = new MerkleTree(leaves);
        var shape = new Membership(3, null, null, null, new Fr?[3]);
        for (int i = 0; i < 8; i++)
        {
            var leaf = i < 6 ? leaves[i] : Fr.Zero;
            var sib = tree.Proof(i).Select(x => (Fr?)x).ToArray();
            var run = CircuitAssert.ProverSucceeded(shape, new Membership(3, tree.Root, leaf, Fr.FromInt64(i), sib), internalSample: 16, prove: false);
            Assert.Equal(3 * 241 + 4 + 1, run.Compiled.NConstraints);
            if (sib[0] != leaf) // slots 6 and 7 both hold the empty leaf, so either index is a true statement there
                CircuitAssert.ProverFailed(shape, new Membership(3, tree.Root, leaf, Fr.FromInt64(i ^ 1), sib));
            CircuitAssert.ProverFailed(shape, new Membership(3, tree.Root, leaf, Fr.FromInt64(i + 8), sib)); // index out of range
            var badSib = (Fr?[])sib.Clone();
            badSib[2] += Fr.One;
            CircuitAssert.ProverFailed(shape, new Membership(3, tree.Root, leaf, Fr.FromInt64(i), badSib));
        }
    }
}
