using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Groth16;

/// <summary>
/// The QAP reduction exactly as snarkjs performs it, so that .zkey files are interchangeable:
/// evaluate A·w and B·w on the domain rows from the zkey coefficients, set C = A∘B (the R1CS
/// guarantees C·w equals it on every row), interpolate each (inverse NTT), move to the odd coset
/// (coefficient i times w_{2n}^i), evaluate there (NTT) and return h = a·b − c pointwise. The zkey's
/// H section holds the matching odd-coset Lagrange basis divided by delta.
/// </summary>
public static class QapReduction
{
    // Runs once per prove: compiled optimised at once rather than through tier 0 and on-stack replacement.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Fr[] ComputeH(ProvingKey pk, ReadOnlySpan<Fr> witness, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(pk);
        if (witness.Length != pk.NVars)
        {
            throw new ArgumentException($"witness has {witness.Length} values but the circuit has {pk.NVars} signals", nameof(witness));
        }
        var n = pk.DomainSize;
        var evalStage = ProveProfile.Stage("QAP: evaluate A, B, C");
        // Cleared by writing before the first read: fresh zeroed pages that are read first map the shared zero page,
        // and the write after it is a copy-on-write fault with a TLB flush on every core (about 1% of a 2^18 prove).
        var a = GC.AllocateUninitializedArray<Fr>(n);
        var b = GC.AllocateUninitializedArray<Fr>(n);
        Array.Clear(a);
        Array.Clear(b);
        foreach (var coef in pk.Coefficients)
        {
            var t = coef.Value * witness[coef.Signal];
            if (coef.Matrix == 0) a[coef.Constraint] += t;
            else b[coef.Constraint] += t;
        }
        var c = new Fr[n];
        FrVector.Mul(a, b, c);
        progress?.Report(("QAP: evaluate A, B, C", 1));
        evalStage.Dispose();
        var nttStage = ProveProfile.Stage("QAP: 3 iNTT + 3 coset NTT");

        var log2 = BitOperations.Log2((uint)n);
        if (log2 + 1 > Fr.TwoAdicity) throw new ArgumentException($"domain 2^{log2} too large for BN254's odd coset", nameof(pk));
        var inc = Fr.RootOfUnity(log2 + 1);
        // Each transform is serial: the prover runs this beside the MSM chain, which already keeps both cores
        // busy, and a per-stage fork/join there waits behind the MSM's work items (6-7x slower wall). The three
        // are independent, though, and run side by side: when the witness has fewer signals than the domain
        // (training circuits: half), the MSMs finish first and this chain is the critical path.
        int doneCount = 0;
        Parallel.Invoke(
            () => Transform(a),
            () => Transform(b),
            () => Transform(c));
        void Transform(Fr[] poly)
        {
            Ntt.SubgroupToCoset(poly, inc, parallel: false);
            progress?.Report(("QAP: odd coset", Interlocked.Increment(ref doneCount) / 3.0));
        }
        nttStage.Dispose();
        var h = new Fr[n];
        FrVector.MulSub(a, b, c, h);
        return h;
    }
}
