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
/// (see <see cref="TrainingSpec"/>), so the hash pins the whole training run.
/// </summary>
public static class ConfigHash
{
    public const ulong Tag = 0x7a6b636f6e666967UL;
    public const int Version = 1;

    public static IReadOnlyList<BigInteger> Encoding(TrainingSpec s)
    {
        var e = new List<BigInteger>
        {
            Tag, Version,
            (int)s.Family, s.D, s.Outputs, s.Classes,
            s.NRows, s.NTest, s.Seed, s.Epochs, s.BatchSize,
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
