using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Circuits.Std;
using ZkChain.Training.Catalog;
using ZkChain.Training.Training;

namespace ZkChain.Training.Circuits;

/// <summary>
/// Proof of training on committed data for a fixed catalog shape (<see cref="CatalogEntry"/>): one constraint system,
/// hence one setup, for every dataset of up to N rows with d features. Public inputs (as <see cref="TrainingCircuit"/>):
/// dataCommitment, modelCommitment, configHash, publisher. Secret inputs: data salt, model salt, n, nTrain, lrQ, l2Q,
/// normalisation kind, muQ[d], scaleQ[d], targetMuQ, targetScaleQ, and N × (d + 1) row values (zero beyond n).
/// Constraints:
/// <list type="number">
/// <item>publisher &lt; 2^160; lrQ, l2Q, scaleQ, targetScaleQ, muQ, targetMuQ within the bit widths the arithmetic
/// assumes (so no choice of inputs wraps the field); normalisation ∈ {1, 2};</item>
/// <item>active bits a_i and training bits t_i: boolean, prefix-monotone (a_{i+1} ≤ a_i), t_i ≤ a_i, a_0 = t_0 = 1,
/// Σ a_i = n, Σ t_i = nTrain — so they are exactly the first n (resp. nTrain) slots;</item>
/// <item>the data commitment exactly as <see cref="Commitment.DataCommitment"/> computes it for the n rows: leaf_i =
/// a_i · PoseidonChain(Poseidon(salt, i + 1), row_i), the zero-padded tree over N slots, whose leftmost node on level
/// k = ceil(log2 n) is the root of the n-row tree (MerkleTree pads with zero leaves); k is selected by a one-hot s
/// over levels with 2^(k−1) &lt; n ≤ 2^k; commitment = Poseidon(root, n, d + 1, Poseidon(salt, 0));</item>
/// <item>the padded training run of <see cref="CatalogProgram"/>;</item>
/// <item>PoseidonChain(weights..., modelSalt) = modelCommitment;</item>
/// <item>configHash = PoseidonChain of the version-2 encoding (<see cref="ConfigHash"/>): the shape as constants, the
/// dataset-dependent values as the input wires above.</item>
/// </list>
/// </summary>
public sealed class CatalogTrainingCircuit : ICircuit
{
    public CatalogEntry Entry { get; }

    // Values (null when compiling).
    public Fr? DataCommitmentValue { get; init; }
    public Fr? ModelCommitmentValue { get; init; }
    public Fr? ConfigHashValue { get; init; }
    public Fr? PublisherValue { get; init; }
    public Fr? DataSalt { get; init; }
    public Fr? ModelSalt { get; init; }
    public CatalogValues? Values { get; init; }
    /// <summary>The n committed rows (quantised), in committed order; the circuit pads them to N slots.</summary>
    public IReadOnlyList<BigInteger[]>? Rows { get; init; }

    /// <summary>
    /// Soundness tests only: hint values a dishonest prover could choose (active bits, training bits, Merkle level), used
    /// instead of the honest ones. The constraints must reject every choice but the honest one.
    /// </summary>
    internal (int[]? Active, int[]? Train, int? Level)? DishonestHints { get; init; }

    /// <summary>After solving: the trained model as the circuit computed it.</summary>
    public FixedModel<BigInteger>? SolvedModel { get; private set; }

    public CatalogTrainingCircuit(CatalogEntry entry) => Entry = entry;

    public void Define(IApi api)
    {
        var e = Entry;
        var N = e.MaxRows;
        var v = Values;
        if ((v == null) != (Rows == null)) throw new ArgumentException("catalog circuit assignment: give both the values and the rows, or neither");
        if (v != null && Rows!.Count != v.Rows) throw new ArgumentException($"catalog circuit assignment: {Rows.Count} rows, but n = {v.Rows}");
        var padded = Rows == null ? null : CatalogValues.PadRows(e, Rows);
        Fr? F(BigInteger? x) => x is { } y ? Fr.FromBigInteger(y) : null;

        var dataCommitment = api.PublicInput("dataCommitment", DataCommitmentValue);
        var modelCommitment = api.PublicInput("modelCommitment", ModelCommitmentValue);
        var configHash = api.PublicInput("configHash", ConfigHashValue);
        var publisher = api.PublicInput("publisher", PublisherValue);

        var salt = api.SecretInput("dataSalt", DataSalt);
        var modelSalt = api.SecretInput("modelSalt", ModelSalt);
        var n = api.SecretInput("n", F(v?.Rows));
        var nTrain = api.SecretInput("nTrain", F(v?.TrainRows));
        var lrQ = api.SecretInput("lrQ", F(v?.LrQ));
        var l2Q = api.SecretInput("l2Q", F(v?.L2Q));
        var normalization = api.SecretInput("normalization", F(v == null ? null : (int)v.Normalization));
        var muQ = Enumerable.Range(0, e.D).Select(j => api.SecretInput($"muQ[{j}]", F(v?.MuQ[j]))).ToArray();
        var scaleQ = Enumerable.Range(0, e.D).Select(j => api.SecretInput($"scaleQ[{j}]", F(v?.ScaleQ[j]))).ToArray();
        var targetMuQ = api.SecretInput("targetMuQ", F(v?.TargetMuQ));
        var targetScaleQ = api.SecretInput("targetScaleQ", F(v?.TargetScaleQ));
        var raw = new Variable[N][];
        for (var i = 0; i < N; i++)
        {
            raw[i] = new Variable[e.Columns];
            for (var c = 0; c < e.Columns; c++) raw[i][c] = api.SecretInput($"row[{i}][{c}]", F(padded?[i][c]));
        }

        // 1. Ranges: the products below stay far from the field size only for inputs of these widths.
        api.AssertInRange(publisher, 160);
        api.AssertInRange(lrQ, CatalogEntry.LrQBits);
        api.AssertInRange(l2Q, e.L2QBits);
        var offset = api.Constant(Fr.FromBigInteger(BigInteger.One << (CatalogValues.OffsetBits - 1)));
        foreach (var mu in muQ.Append(targetMuQ)) api.AssertInRange(api.Add(mu, offset), CatalogValues.OffsetBits);
        foreach (var scale in scaleQ.Append(targetScaleQ)) api.AssertInRange(scale, CatalogEntry.ScaleQBits);
        api.AssertIsEqual(api.Mul(api.Sub(normalization, api.Constant(1)), api.Sub(normalization, api.Constant(2))), api.Constant(0));

        // 2. Row masks: prefixes of lengths n and nTrain.
        var active = PrefixBits(api, "active", n, N, DishonestHints?.Active);
        var train = PrefixBits(api, "train", nTrain, N, DishonestHints?.Train);
        for (var i = 0; i < N; i++)
        {
            // t_i ≤ a_i: t_i · (1 − a_i) = 0.
            api.AssertIsEqual(api.Mul(train[i], api.Sub(api.Constant(1), active[i])), api.Constant(0));
        }

        // 3. Data commitment over the n active rows.
        var level = new Variable[N];
        for (var i = 0; i < N; i++)
        {
            level[i] = api.Mul(active[i], TrainingCircuitParts.Leaf(api, salt, i, raw[i]));
        }
        var leftmost = new Variable[e.Log2MaxRows + 1];
        leftmost[0] = level[0];
        for (var k = 1; k <= e.Log2MaxRows; k++)
        {
            var next = new Variable[level.Length / 2];
            for (var i = 0; i < next.Length; i++) next[i] = PoseidonGadget.Hash(api, level[2 * i], level[2 * i + 1]);
            level = next;
            leftmost[k] = level[0];
        }
        var root = SelectDepth(api, n, leftmost, DishonestHints?.Level);
        api.AssertIsEqual(TrainingCircuitParts.DataCommitment(api, root, n, e.Columns, salt), dataCommitment);

        // 4. Training.
        var p = new CatalogParams<Variable>(lrQ, l2Q, muQ, scaleQ, targetMuQ, targetScaleQ);
        var model = CatalogProgram.Run(new CircuitFx(api), e, p, train, raw);
        if (api.IsSolving) SolvedModel = TrainingCircuitParts.Values(api, model);

        // 5. Model commitment.
        TrainingCircuitParts.AssertModelCommitment(api, model, modelSalt, modelCommitment);

        // 6. Configuration: the v2 encoding over the shape constants and the input wires.
        var encoding = ConfigHash.EncodingV2Shape(e).Select(c => api.Constant(Fr.FromBigInteger(c))).ToList();
        encoding.AddRange([n, nTrain, lrQ, l2Q, normalization]);
        encoding.AddRange(muQ);
        encoding.AddRange(scaleQ);
        encoding.Add(targetMuQ);
        encoding.Add(targetScaleQ);
        api.AssertIsEqual(PoseidonInCircuit.Chain(api, encoding), configHash);
    }

    /// <summary>Bits b_0..b_{N-1}, boolean, b_0 = 1, b_{i+1} ≤ b_i, Σ b_i = count: exactly the first count slots are 1.</summary>
    private static Variable[] PrefixBits(IApi api, string name, Variable count, int slots, int[]? dishonest)
    {
        var bits = api.Hint($"{name}-prefix", slots, x =>
        {
            if (dishonest != null) return dishonest.Select(b => Fr.FromInt64(b)).ToArray();
            var c = x[0].ToBigInteger();
            return Enumerable.Range(0, slots).Select(i => i < c ? Fr.One : Fr.Zero).ToArray();
        }, count);
        foreach (var b in bits) api.AssertIsBoolean(b);
        api.AssertIsEqual(bits[0], api.Constant(1));
        for (var i = 0; i + 1 < slots; i++)
        {
            // b_{i+1} · (1 − b_i) = 0: once a slot is off, every later one is off.
            api.AssertIsEqual(api.Mul(bits[i + 1], api.Sub(api.Constant(1), bits[i])), api.Constant(0));
        }
        api.AssertIsEqual(slots == 1 ? bits[0] : api.Add(bits[0], bits[1], bits[2..]), count);
        return bits;
    }

    /// <summary>
    /// The root of the n-leaf tree: the leftmost node on level k = ceil(log2 n), chosen by a one-hot s over levels with
    /// P = Σ s_k 2^k satisfying P ≥ n and 2n > P (i.e. 2^(k−1) &lt; n ≤ 2^k; for k = 0, n = 1).
    /// </summary>
    private static Variable SelectDepth(IApi api, Variable n, Variable[] leftmost, int? dishonest)
    {
        var levels = leftmost.Length;
        var s = api.Hint("merkle-depth", levels, x =>
        {
            var count = x[0].ToBigInteger();
            var k = dishonest ?? 0;
            while (dishonest == null && (BigInteger.One << k) < count) k++;
            return Enumerable.Range(0, levels).Select(i => i == k ? Fr.One : Fr.Zero).ToArray();
        }, n);
        foreach (var b in s) api.AssertIsBoolean(b);
        api.AssertIsEqual(levels == 1 ? s[0] : api.Add(s[0], s[1], s[2..]), api.Constant(1));
        var powers = Enumerable.Range(0, levels).Select(k => api.Mul(s[k], api.Constant(1L << k))).ToArray();
        var P = levels == 1 ? powers[0] : api.Add(powers[0], powers[1], powers[2..]);
        var bits = levels + 2;
        api.AssertInRange(api.Sub(P, n), bits);
        api.AssertInRange(api.Sub(api.Sub(api.Add(n, n), P), api.Constant(1)), bits);
        var terms = Enumerable.Range(0, levels).Select(k => api.Mul(s[k], leftmost[k])).ToArray();
        return levels == 1 ? terms[0] : api.Add(terms[0], terms[1], terms[2..]);
    }
}
