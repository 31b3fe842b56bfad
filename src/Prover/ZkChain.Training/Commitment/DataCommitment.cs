using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZkChain.Algebra;
using ZkChain.Circuits.Std;
using ZkChain.Training.Data;

namespace ZkChain.Training.Commitment;

/// <summary>
/// Hiding commitment to a quantised dataset.
/// <code>
/// salt          : uniform in [0, r), secret (data.secret.json)
/// leafSalt_i    = Poseidon(salt, i + 1)
/// leaf_i        = PoseidonChain(leafSalt_i, q_i0, ..., q_i(d-1), q_iTarget)    (quantised values as signed field elements)
/// root          = Poseidon Merkle root of the leaves (ZkChain.Circuits.Std.MerkleTree: zero padding to 2^depth, depth = ceil(log2 n))
/// commitSalt    = Poseidon(salt, 0)
/// commitment    = Poseidon(root, nRows, nColumns, commitSalt)
/// </code>
/// Each leaf carries its own salt, so revealing one row with its Merkle path (a <see cref="RowProof"/>) reveals
/// neither the master salt nor anything guessable about other rows (their leaves are salted hashes), and the
/// commitment opening (root, commitSalt) can be shown without the master salt. Equal datasets with fresh salts
/// give unrelated commitments. Values are not packed: the leaf hash costs less in-circuit without the bit
/// decompositions packing would need (the circuit range-checks each training value once when it normalises it).
/// </summary>
public sealed class DataCommitment
{
    public required Fr Commitment { get; init; }
    public required Fr Root { get; init; }
    public required int Rows { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required string Target { get; init; }
    /// <summary>
    /// How many of <see cref="Features"/> (the last ones) are constant-zero padding columns added at commit time
    /// (`data commit --pad-features`); they are committed like any other column, so the commitment is tied to them.
    /// </summary>
    public int PaddingFeatures { get; init; }
    public int Columns => Features.Count + 1;
    public int MerkleDepth => MerkleTree.MinimumDepth(Rows);

    public static Fr LeafSalt(Fr salt, int row) => Poseidon.Hash(salt, Fr.FromUInt64((ulong)row + 1));
    public static Fr CommitSalt(Fr salt) => Poseidon.Hash(salt, Fr.Zero);

    public static Fr Leaf(Fr leafSalt, IReadOnlyList<BigInteger> quantizedRow)
    {
        var inputs = new Fr[quantizedRow.Count + 1];
        inputs[0] = leafSalt;
        for (var i = 0; i < quantizedRow.Count; i++) inputs[i + 1] = Fr.FromBigInteger(quantizedRow[i]);
        return PoseidonChain.Hash(inputs);
    }

    public static Fr Commit(Fr root, int rows, int columns, Fr commitSalt) =>
        Poseidon.Hash([root, Fr.FromUInt64((ulong)rows), Fr.FromUInt64((ulong)columns), commitSalt]);

    public static MerkleTree Tree(Dataset data, Fr salt, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var leaves = new Fr[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            leaves[i] = Leaf(LeafSalt(salt, i), data.Quantized[i]);
            if (progress != null && (i % 64 == 0 || i == data.Count - 1)) progress.Report(("hashing rows", (i + 1.0) / data.Count));
        }
        return new MerkleTree(leaves);
    }

    public static DataCommitment Create(Dataset data, Fr salt, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var tree = Tree(data, salt, progress);
        return new DataCommitment
        {
            Commitment = Commit(tree.Root, data.Count, data.D + 1, CommitSalt(salt)),
            Root = tree.Root,
            Rows = data.Count,
            Features = data.Features.ToArray(),
            Target = data.Target,
            PaddingFeatures = data.PaddingFeatures,
        };
    }

    /// <summary>A fresh uniform salt in [0, r) from the OS CSPRNG.</summary>
    public static Fr NewSalt() => Fr.Random();

    // ---- JSON (public file: no salt, no root, no row values) ----

    public string ToJson() => JsonSerializer.Serialize(new CommitmentFile
    {
        Commitment = Commitment.ToString(),
        Rows = Rows,
        Features = Features.ToArray(),
        Target = Target,
        PaddingFeatures = PaddingFeatures == 0 ? null : Features.Skip(Features.Count - PaddingFeatures).ToArray(),
        Padding = PaddingFeatures == 0 ? null : PaddingNote,
        Quantization = QuantizationFile.Current,
        MerkleDepth = MerkleDepth,
    }, TrainingJsonContext.Default.CommitmentFile);

    private const string PaddingNote = "paddingFeatures are constant-zero columns appended after the CSV's features at commit time " +
        "(--pad-features) so that the data fits a catalog circuit; they are committed like the other columns and their model weights are exactly 0";

    /// <summary>Reads commitment.json (public fields only; Root is unknown and set to zero).</summary>
    public static CommitmentFile ReadPublic(string json)
    {
        var f = Json.Deserialize(json, TrainingJsonContext.Default.CommitmentFile, "commitment.json");
        Json.ParseField(f.Commitment, "commitment");
        if (f.Rows < 1) throw new InvalidDataException("commitment.json: 'rows' must be at least 1");
        if (f.Features == null || f.Features.Length == 0) throw new InvalidDataException("commitment.json: 'features' is missing");
        if (string.IsNullOrEmpty(f.Target)) throw new InvalidDataException("commitment.json: 'target' is missing");
        if (f.Quantization == null || f.Quantization.FracBits != Dataset.DataFracBits || f.Quantization.ValueBits != Dataset.ValueBits)
            throw new InvalidDataException($"commitment.json: unsupported quantisation (expected fracBits {Dataset.DataFracBits}, valueBits {Dataset.ValueBits})");
        if (f.MerkleDepth != MerkleTree.MinimumDepth(f.Rows)) throw new InvalidDataException("commitment.json: 'merkleDepth' does not match 'rows'");
        if (f.PaddingFeatures is { } pad)
        {
            var expected = Enumerable.Range(1, pad.Length).Select(Dataset.PaddingName);
            if (pad.Length == 0 || pad.Length >= f.Features.Length || !pad.SequenceEqual(expected) || !f.Features.Skip(f.Features.Length - pad.Length).SequenceEqual(pad))
                throw new InvalidDataException("commitment.json: 'paddingFeatures' must be the last entries of 'features', named _pad1, _pad2, ..., with at least one real feature before them");
        }
        return f;
    }

    /// <param name="padFeatures">The feature count the data was padded to (`--pad-features`), or null when it was not padded.</param>
    public static string SecretJson(Fr salt, Fr commitment, int? padFeatures = null) => JsonSerializer.Serialize(new SecretFile
    {
        Note = "SECRET: the salt hides the dataset behind the commitment. Do not publish or share this file.",
        Commitment = commitment.ToString(),
        Salt = salt.ToString(),
        PadFeatures = padFeatures,
    }, TrainingJsonContext.Default.SecretFile);

    /// <summary>The secret file of a data commitment written by <see cref="SecretJson"/>; the padding a later step must re-apply.</summary>
    public static string SecretJson(Fr salt, DataCommitment c) =>
        SecretJson(salt, c.Commitment, c.PaddingFeatures == 0 ? null : c.Features.Count);

    public static (Fr Salt, Fr Commitment) ReadSecret(string json)
    {
        var s = ReadSecretFile(json);
        return (s.Salt, s.Commitment);
    }

    /// <summary>data.secret.json with the feature count the rows were padded to (null: not padded).</summary>
    public static (Fr Salt, Fr Commitment, int? PadFeatures) ReadSecretFile(string json)
    {
        var f = Json.Deserialize(json, TrainingJsonContext.Default.SecretFile, "data.secret.json");
        if (f.PadFeatures is < 1 or > Dataset.MaxPaddedFeatures)
            throw new InvalidDataException($"data.secret.json: 'padFeatures' must be in 1..{Dataset.MaxPaddedFeatures} (got {f.PadFeatures})");
        return (Json.ParseField(f.Salt, "salt"), Json.ParseField(f.Commitment, "commitment"), f.PadFeatures);
    }

    public sealed class CommitmentFile
    {
        public int Version { get; set; } = 1;
        public string Scheme { get; set; } = "commitment = Poseidon(merkleRoot, rows, columns, Poseidon(salt, 0)); leaf_i = PoseidonChain(Poseidon(salt, i+1), row_i values..., target)";
        public string Commitment { get; set; } = "";
        public int Rows { get; set; }
        public string[] Features { get; set; } = [];
        public string Target { get; set; } = "";
        /// <summary>The trailing entries of <see cref="Features"/> that are padding (null when none).</summary>
        public string[]? PaddingFeatures { get; set; }
        public string? Padding { get; set; }
        public QuantizationFile? Quantization { get; set; }
        public int MerkleDepth { get; set; }
    }

    public sealed class QuantizationFile
    {
        public int FracBits { get; set; }
        public int ValueBits { get; set; }
        public string Rounding { get; set; } = "";
        public static QuantizationFile Current => new() { FracBits = Dataset.DataFracBits, ValueBits = Dataset.ValueBits, Rounding = "round(x * 2^fracBits), halves away from zero; |q| < 2^(valueBits-1), no clamping" };
    }

    public sealed class SecretFile
    {
        public string? Note { get; set; }
        public string Commitment { get; set; } = "";
        public string Salt { get; set; } = "";
        /// <summary>The feature count the rows were padded to before hashing (`--pad-features`); null when not padded.</summary>
        public int? PadFeatures { get; set; }
    }
}

/// <summary>
/// The commitment files, serialised by source-generated code (no runtime code generation, so the Native AOT build
/// reads and writes them too): camelCase, indented, nulls left out.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DataCommitment.CommitmentFile))]
[JsonSerializable(typeof(DataCommitment.SecretFile))]
[JsonSerializable(typeof(RowProof.File))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;

/// <summary>Shared JSON settings and strict field parsing.</summary>
public static class Json
{
    /// <summary>The commitment files' conventions (camelCase, indented, nulls left out), for JsonNode output.</summary>
    public static JsonSerializerOptions Options => TrainingJsonContext.Default.Options;

    internal static T Deserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new InvalidDataException($"{what}: empty JSON");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what}: not valid JSON ({e.Message})");
        }
    }

    /// <summary>A canonical decimal field element (0 &lt;= v &lt; r).</summary>
    public static Fr ParseField(string? s, string field)
    {
        if (string.IsNullOrWhiteSpace(s) || !BigInteger.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
            throw new InvalidDataException($"'{field}' must be a decimal field element, got '{s}'");
        if (!Fr.TryFromCanonical(v, out var r)) throw new InvalidDataException($"'{field}' is not below the field modulus");
        return r;
    }

    public static BigInteger ParseInteger(string? s, string field)
    {
        if (string.IsNullOrWhiteSpace(s) || !BigInteger.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v))
            throw new InvalidDataException($"'{field}' must be a decimal integer, got '{s}'");
        return v;
    }
}
