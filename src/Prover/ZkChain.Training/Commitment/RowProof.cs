using System.Numerics;
using System.Text.Json;
using ZkChain.Algebra;
using ZkChain.Circuits.Std;
using ZkChain.Training.Data;

namespace ZkChain.Training.Commitment;

/// <summary>
/// Opens one row of a committed dataset: its quantised values, its index, its leaf salt, the Merkle path, the root
/// and the commitment opening (commitSalt = Poseidon(salt, 0)). It reveals this row only: the master salt stays
/// secret, other rows appear only as salted hashes in the path.
/// </summary>
public sealed class RowProof
{
    public required Fr Commitment { get; init; }
    public required int Rows { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required string Target { get; init; }
    public required int Index { get; init; }
    public required BigInteger[] Values { get; init; }
    public required Fr LeafSalt { get; init; }
    public required Fr[] Path { get; init; }
    public required Fr Root { get; init; }
    public required Fr CommitSalt { get; init; }

    public static RowProof Create(Dataset data, Fr salt, int row)
    {
        if (row < 0 || row >= data.Count) throw new ArgumentException($"--row must be between 0 and {data.Count - 1} (got {row})", "row");
        var tree = DataCommitment.Tree(data, salt);
        var commitSalt = DataCommitment.CommitSalt(salt);
        return new RowProof
        {
            Commitment = DataCommitment.Commit(tree.Root, data.Count, data.D + 1, commitSalt),
            Rows = data.Count,
            Features = data.Features.ToArray(),
            Target = data.Target,
            Index = row,
            Values = data.Quantized[row].ToArray(),
            LeafSalt = DataCommitment.LeafSalt(salt, row),
            Path = tree.Proof(row),
            Root = tree.Root,
            CommitSalt = commitSalt,
        };
    }

    /// <summary>Checks the proof against a commitment (and its public shape). Returns null when valid, otherwise the reason.</summary>
    public string? Verify(DataCommitment.CommitmentFile commitment)
    {
        var c = Json.ParseField(commitment.Commitment, "commitment");
        if (c != Commitment) return "the row proof is for a different commitment";
        if (commitment.Rows != Rows) return "row count differs from commitment.json";
        if (!commitment.Features.SequenceEqual(Features) || commitment.Target != Target) return "columns differ from commitment.json";
        if (Index < 0 || Index >= Rows) return "row index out of range";
        if (Values.Length != Features.Count + 1) return "wrong number of values";
        var limit = BigInteger.One << (Dataset.ValueBits - 1);
        if (Values.Any(v => BigInteger.Abs(v) >= limit)) return "a value is outside the quantisation range";
        if (Path.Length != MerkleTree.MinimumDepth(Rows)) return "Merkle path has the wrong length";
        var leaf = DataCommitment.Leaf(LeafSalt, Values);
        var root = MerkleTree.RootFromProof(leaf, Index, Path);
        if (root != Root) return "Merkle path does not lead to the root (row values, salt, index or path altered)";
        if (DataCommitment.Commit(Root, Rows, Features.Count + 1, CommitSalt) != c) return "root and opening do not match the commitment";
        // commitment.json says which columns are padding; a committed nonzero value there would make that claim false.
        var padding = commitment.PaddingFeatures?.Length ?? 0;
        for (var j = Features.Count - padding; j < Features.Count; j++)
        {
            if (!Values[j].IsZero) return $"padding column '{Features[j]}' holds {Values[j]}, not 0: commitment.json's padding claim is false";
        }
        return null;
    }

    public double[] Dequantized() => Values.Select(v => (double)v / Math.Pow(2, Dataset.DataFracBits)).ToArray();

    public string ToJson() => JsonSerializer.Serialize(new File
    {
        Commitment = Commitment.ToString(),
        Rows = Rows,
        Features = Features.ToArray(),
        Target = Target,
        Index = Index,
        Values = Values.Select(v => v.ToString()).ToArray(),
        ValuesDecimal = Dequantized(),
        LeafSalt = LeafSalt.ToString(),
        Path = Path.Select(p => p.ToString()).ToArray(),
        Root = Root.ToString(),
        CommitSalt = CommitSalt.ToString(),
    }, TrainingJsonContext.Default.File);

    public static RowProof FromJson(string json)
    {
        var f = Json.Deserialize(json, TrainingJsonContext.Default.File, "row proof");
        if (f.Features == null || f.Values == null || f.Path == null) throw new InvalidDataException("row proof: 'features', 'values' and 'path' are required");
        return new RowProof
        {
            Commitment = Json.ParseField(f.Commitment, "commitment"),
            Rows = f.Rows,
            Features = f.Features,
            Target = f.Target ?? throw new InvalidDataException("row proof: 'target' is required"),
            Index = f.Index,
            Values = f.Values.Select((v, i) => Json.ParseInteger(v, $"values[{i}]")).ToArray(),
            LeafSalt = Json.ParseField(f.LeafSalt, "leafSalt"),
            Path = f.Path.Select((p, i) => Json.ParseField(p, $"path[{i}]")).ToArray(),
            Root = Json.ParseField(f.Root, "root"),
            CommitSalt = Json.ParseField(f.CommitSalt, "commitSalt"),
        };
    }

    internal sealed class File
    {
        public int Version { get; set; } = 1;
        public string? Commitment { get; set; }
        public int Rows { get; set; }
        public string[]? Features { get; set; }
        public string? Target { get; set; }
        public int Index { get; set; }
        public string[]? Values { get; set; }
        public double[]? ValuesDecimal { get; set; }
        public string? LeafSalt { get; set; }
        public string[]? Path { get; set; }
        public string? Root { get; set; }
        public string? CommitSalt { get; set; }
    }
}
