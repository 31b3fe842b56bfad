using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Training.Commitment;

namespace ZkChain.Training.Training;

/// <summary>
/// configHash = PoseidonChain(encoding) where encoding is this exact list of field elements
/// (signed integers map to the field as x mod r):
/// <code>
/// [ 0x7a6b636f6e666967 ("zkconfig"), version = 1,
///   family (1 logistic, 2 linear, 3 softmax), d, outputs, classes,
///   nRows, nTest, seed, epochs, batchSize,
///   fracBits, dataFracBits, scaleBits = 32, lrBits = 24, lrQ, l2Q,
///   normalisation (1 z-score, 2 min-max),
///   muQ[0..d-1], scaleQ[0..d-1], targetMuQ, targetScaleQ ]
/// </code>
/// The split, the epoch row orders and every per-batch constant are derived deterministically from these values
/// (see <see cref="TrainingSpec"/>), so the hash pins the whole training run. A spec with <see cref="RowOrder.Committed"/>
/// (tail split, committed order) puts 2^64 in the seed slot — no 64-bit seed equals it, so shuffled configs keep their
/// hashes and the two orders never share one.
/// <para>
/// Version 2 is the encoding of catalog circuits (<see cref="Catalog.CatalogEntry"/>), whose shape is fixed and whose
/// dataset-dependent values are circuit inputs; the circuit recomputes this hash over its input wires:
/// <code>
/// [ tag, version = 2,
///   family, d, outputs, classes, maxRows N, epochs, batchSize, fracBits, dataFracBits, scaleBits = 32, lrBits = 24,   (shape: constants of the circuit)
///   n (committed rows), nTrain, lrQ, l2Q, normalisation, muQ[0..d-1], scaleQ[0..d-1], targetMuQ, targetScaleQ ]      (inputs)
/// </code>
/// Catalog semantics: the training rows are the first nTrain committed rows, in committed order every epoch (no
/// shuffle, so there is no seed); the test set is the last n − nTrain rows.
/// </para>
/// </summary>
public static class ConfigHash
{
    public const ulong Tag = 0x7a6b636f6e666967UL;
    public const int Version = 1;
    public const int VersionCatalog = 2;
    /// <summary>The v1 seed slot of a committed-order spec (outside the 64-bit seed range).</summary>
    public static readonly BigInteger CommittedOrderSeed = BigInteger.One << 64;

    public static IReadOnlyList<BigInteger> Encoding(TrainingSpec s)
    {
        var e = new List<BigInteger>
        {
            Tag, Version,
            (int)s.Family, s.D, s.Outputs, s.Classes,
            s.NRows, s.NTest, s.RowOrder == RowOrder.Committed ? CommittedOrderSeed : s.Seed, s.Epochs, s.BatchSize,
            s.FracBits, s.DataFracBits, TrainingSpec.ScaleBits, TrainingSpec.LrBits, s.LrQ, s.L2Q,
            (int)s.Normalization,
        };
        e.AddRange(s.MuQ);
        e.AddRange(s.ScaleQ);
        e.Add(s.TargetMuQ);
        e.Add(s.TargetScaleQ);
        return e;
    }

    public static Fr Compute(TrainingSpec s) => PoseidonChain.Hash(Encoding(s).Select(Fr.FromBigInteger).ToArray());

    /// <summary>The constant head of the version-2 encoding (the catalog entry's shape).</summary>
    public static IReadOnlyList<BigInteger> EncodingV2Shape(Catalog.CatalogEntry e) =>
    [
        Tag, VersionCatalog,
        (int)e.Family, e.D, e.Outputs, e.Classes, e.MaxRows, e.Epochs, e.BatchSize,
        e.FracBits, Data.Dataset.DataFracBits, TrainingSpec.ScaleBits, TrainingSpec.LrBits,
    ];

    /// <summary>The whole version-2 encoding: shape, then the dataset-dependent values.</summary>
    public static IReadOnlyList<BigInteger> EncodingV2(Catalog.CatalogEntry e, Catalog.CatalogValues v)
    {
        var list = new List<BigInteger>(EncodingV2Shape(e))
        {
            v.Rows, v.TrainRows, v.LrQ, v.L2Q, (int)v.Normalization,
        };
        list.AddRange(v.MuQ);
        list.AddRange(v.ScaleQ);
        list.Add(v.TargetMuQ);
        list.Add(v.TargetScaleQ);
        return list;
    }

    /// <summary>Index of n (committed rows) in the version-2 encoding; nTrain follows it.</summary>
    public const int V2RowsIndex = 13;
}

/// <summary>modelCommitment = PoseidonChain(W[0][0..d-1], B[0], W[1][..], B[1], ..., modelSalt) (fixed-point integers as signed field elements).</summary>
public static class ModelCommitment
{
    public static IReadOnlyList<BigInteger> Flatten(FixedModel<BigInteger> m)
    {
        var list = new List<BigInteger>();
        for (var k = 0; k < m.W.Length; k++)
        {
            list.AddRange(m.W[k]);
            list.Add(m.B[k]);
        }
        return list;
    }

    public static Fr Compute(FixedModel<BigInteger> m, Fr salt) =>
        PoseidonChain.Hash(Flatten(m).Select(Fr.FromBigInteger).Append(salt).ToArray());
}
