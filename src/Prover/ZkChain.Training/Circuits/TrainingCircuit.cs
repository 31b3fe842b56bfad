using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.Circuits.Std;
using ZkChain.Training.Commitment;
using ZkChain.Training.Training;

namespace ZkChain.Training.Circuits;

/// <summary>
/// Proof of training on committed data, one circuit for all three families (the family is part of the spec).
/// Public inputs, in order: dataCommitment, modelCommitment, configHash, publisher.
/// Secret inputs: the data salt, the model salt, every quantised value of every committed row (n × (d + 1)).
/// Constraints:
/// <list type="number">
/// <item>publisher &lt; 2^160 (binds the publisher wire, so the public input cannot be swapped in a proof);</item>
/// <item>rows → salted leaves → Merkle root → Poseidon(root, n, d + 1, Poseidon(salt, 0)) = dataCommitment;</item>
/// <item>the whole training run of <see cref="TrainingProgram"/> (every epoch, every batch), bit-identical to the native trainer;</item>
/// <item>PoseidonChain(trained weights..., modelSalt) = modelCommitment;</item>
/// <item>configHash = the constant hash of the spec this circuit was built for (so a proof is bound to one configuration).</item>
/// </list>
/// Initial weights are the constant zero. The structure depends only on the spec, never on values.
/// </summary>
public sealed class TrainingCircuit : ICircuit
{
    public TrainingSpec Spec { get; }
    public int Columns => Spec.D + 1;

    // Values (null when compiling).
    public Fr? DataCommitmentValue { get; init; }
    public Fr? ModelCommitmentValue { get; init; }
    public Fr? ConfigHashValue { get; init; }
    public Fr? PublisherValue { get; init; }
    public Fr? DataSalt { get; init; }
    public Fr? ModelSalt { get; init; }
    public IReadOnlyList<BigInteger[]>? Rows { get; init; }

    /// <summary>After solving: the trained model as the circuit computed it (signed fixed-point integers).</summary>
    public FixedModel<BigInteger>? SolvedModel { get; private set; }

    public TrainingCircuit(TrainingSpec spec) => Spec = spec;

    public void Define(IApi api)
    {
        var s = Spec;
        var dataCommitment = api.PublicInput("dataCommitment", DataCommitmentValue);
        var modelCommitment = api.PublicInput("modelCommitment", ModelCommitmentValue);
        var configHash = api.PublicInput("configHash", ConfigHashValue);
        var publisher = api.PublicInput("publisher", PublisherValue);

        var salt = api.SecretInput("dataSalt", DataSalt);
        var modelSalt = api.SecretInput("modelSalt", ModelSalt);
        if (Rows != null && (Rows.Count != s.NRows || Rows.Any(r => r.Length != Columns)))
            throw new ArgumentException($"the assignment has {Rows.Count} rows; the circuit is for {s.NRows} rows of {Columns} values");
        var raw = new Variable[s.NRows][];
        for (var i = 0; i < s.NRows; i++)
        {
            raw[i] = new Variable[Columns];
            for (var c = 0; c < Columns; c++)
            {
                raw[i][c] = api.SecretInput($"row[{i}][{c}]", Rows == null ? null : Fr.FromBigInteger(Rows[i][c]));
            }
        }

        // 1. Publisher binding.
        api.AssertInRange(publisher, 160);

        // 2. Data commitment.
        var leaves = new Variable[s.NRows];
        for (var i = 0; i < s.NRows; i++) leaves[i] = TrainingCircuitParts.Leaf(api, salt, i, raw[i]);
        var root = MerkleGadget.Root(api, leaves);
        api.AssertIsEqual(TrainingCircuitParts.DataCommitment(api, root, api.Constant(s.NRows), Columns, salt), dataCommitment);

        // 3. Training.
        var model = TrainingProgram.Run(new CircuitFx(api), s, raw);
        if (api.IsSolving) SolvedModel = TrainingCircuitParts.Values(api, model);

        // 4. Model commitment.
        TrainingCircuitParts.AssertModelCommitment(api, model, modelSalt, modelCommitment);

        // 5. Configuration.
        api.AssertIsEqual(configHash, api.Constant(ConfigHash.Compute(s)));
    }

    public static Fr PublisherToField(string address)
    {
        var a = address.Trim();
        if (!a.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || a.Length != 42 || !a[2..].All(Uri.IsHexDigit))
            throw new ArgumentException($"--publisher must be a 20-byte hex address like 0x1234...abcd (got '{address}')", "publisher");
        return Fr.FromBigInteger(BigInteger.Parse("0" + a[2..], System.Globalization.NumberStyles.HexNumber));
    }

    public static string FieldToPublisher(Fr v) => "0x" + v.ToBigInteger().ToString("x40").PadLeft(40, '0')[^40..];
}
