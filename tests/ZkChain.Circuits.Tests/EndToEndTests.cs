using ZkChain.Algebra;
using ZkChain.Circuits.Std;
using ZkChain.Circuits.Testing;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Circuits.Tests;

/// <summary>
/// An example circuit in the gnark style: proves knowledge of a fixed-point weight vector w (secret) whose Poseidon hash
/// is public, and that the logistic prediction σ(w·x) on a public sample x equals a public value.
/// </summary>
internal sealed class PredictionCircuit : ICircuit
{
    public static readonly FixedPointFormat Fmt = new(16, 40);
    public const int D = 3;
    public Fr? WeightsHash, Prediction;
    public Fr?[] X = new Fr?[D], W = new Fr?[D];

    public void Define(IApi api)
    {
        var hash = api.PublicInput("weightsHash", WeightsHash);
        var pred = api.PublicInput("prediction", Prediction);
        var x = Enumerable.Range(0, D).Select(i => api.PublicInput($"x[{i}]", X[i])).ToArray();
        var w = Enumerable.Range(0, D).Select(i => api.SecretInput($"w[{i}]", W[i])).ToArray();
        api.AssertIsEqual(PoseidonGadget.Hash(api, w), hash);
        var fp = new FixedPoint(api, Fmt);
        var (sig, _) = Sigmoid.ApplyWide(api, Fmt, fp.ProductSum(w, x));
        api.AssertIsEqual(sig, pred);
    }

    public static PredictionCircuit Assignment(double[] w, double[] x)
    {
        var wr = w.Select(Fmt.Encode).ToArray();
        var xr = x.Select(Fmt.Encode).ToArray();
        var wide = FixedPoint.Native.ProductSum(wr, xr);
        return new PredictionCircuit
        {
            WeightsHash = Poseidon.Hash(wr.Select(Signed.ToField).ToArray()),
            Prediction = Signed.ToField(Sigmoid.Native.ApplyWide(Fmt, wide).Sigmoid),
            X = xr.Select(v => (Fr?)Signed.ToField(v)).ToArray(),
            W = wr.Select(v => (Fr?)Signed.ToField(v)).ToArray(),
        };
    }
}

public class EndToEndTests
{
    [Fact]
    public void Prediction_circuit_compiles_solves_proves_and_verifies()
    {
        var a = PredictionCircuit.Assignment([0.5, -1.25, 2.0], [1.5, 0.75, -0.3]);
        var run = CircuitAssert.ProverSucceeded(new PredictionCircuit(), a, internalSample: 48);
        Assert.True(run.Proved);
        // wrong prediction or a different weight vector under the same hash are rejected
        var wrong = PredictionCircuit.Assignment([0.5, -1.25, 2.0], [1.5, 0.75, -0.3]);
        wrong.Prediction = wrong.Prediction!.Value + Fr.One;
        CircuitAssert.ProverFailed(new PredictionCircuit(), wrong);
        var other = PredictionCircuit.Assignment([0.5, -1.25, 2.5], [1.5, 0.75, -0.3]);
        other.WeightsHash = a.WeightsHash;
        CircuitAssert.ProverFailed(new PredictionCircuit(), other);
    }

    [Fact]
    public void Small_api_circuit_proves_and_verifies()
    {
        Action<IApi, Variable[], Variable[]> body = (api, p, s) =>
        {
            var prod = api.Mul(s[0], s[1]);
            api.AssertIsEqual(api.Select(api.IsZero(s[2]), prod, api.Div(prod, s[2])), p[0]);
            api.AssertInRange(s[0], 16);
        };
        var run = TestCircuit.Succeeds(body, TestCircuit.V(Fr.FromInt64(6 * 7) * Fr.FromInt64(5).Inverse()), TestCircuit.V(6, 7, 5), prove: true);
        Assert.True(run.Proved);
    }

    [Fact]
    public void Snarkjs_wtns_check_accepts_our_r1cs_and_witness_and_rejects_a_changed_one()
    {
        var cc = CircuitCompiler.Compile(new PredictionCircuit());
        var w = CircuitSolver.Solve(cc, PredictionCircuit.Assignment([0.25, 3.0, -0.125], [-2.0, 0.5, 1.0]));
        using var dir = new TempDirectory("circuits-wtns");
        using (var f = File.Create(dir.File("c.r1cs"))) cc.WriteR1cs(f);
        using (var f = File.Create(dir.File("ok.wtns"))) WtnsFile.Write(w, f);
        var bad = (Fr[])w.Clone();
        bad[^1] += Fr.One;
        using (var f = File.Create(dir.File("bad.wtns"))) WtnsFile.Write(bad, f);
        var ok = ProcessRunner.Snarkjs(["wtns", "check", dir.File("c.r1cs"), dir.File("ok.wtns")]);
        Assert.True(ok.ExitCode == 0 && ok.StdOut.Contains("WITNESS IS CORRECT"), ok.StdOut + ok.StdErr);
        var no = ProcessRunner.Snarkjs(["wtns", "check", dir.File("c.r1cs"), dir.File("bad.wtns")]);
        Assert.False(no.ExitCode == 0 && no.StdOut.Contains("WITNESS IS CORRECT"), no.StdOut + no.StdErr);
        // and our reader gets back the same system
        using var rf = File.OpenRead(dir.File("c.r1cs"));
        var back = R1csFile.Read(rf);
        Assert.Equal(cc.NConstraints, back.Constraints.Count);
        Assert.Equal(cc.System.NPublicInputs, back.NPublicInputs);
        Assert.Equal(cc.System.NPrivateInputs, back.NPrivateInputs);
    }
}
