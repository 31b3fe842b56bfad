using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Circuits.Std;

namespace ZkChain.Circuits.Tests;

/// <summary>
/// The sigmoid is good enough for training: logistic regression in fixed point with the PWL sigmoid reaches the
/// accuracy of float64 logistic regression (within 1 percentage point), and one sample-epoch of the training step
/// fits the budget of 2d + 150 constraints.
/// </summary>
public class SigmoidTrainingTests
{
    private static readonly FixedPointFormat Fmt = new(16, 40);

    private static (double[][] X, int[] Y) Data(int seed, int n, int d)
    {
        var rnd = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
        var trueW = Enumerable.Range(0, d).Select(_ => Gauss() * 1.5).ToArray();
        var x = new double[n][];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = Enumerable.Range(0, d).Select(_ => Gauss()).ToArray();
            var z = x[i].Zip(trueW, (a, b) => a * b).Sum() + Gauss() * 0.8; // label noise
            y[i] = z > 0 ? 1 : 0;
        }
        return (x, y);
    }

    private static double Accuracy(double[][] x, int[] y, Func<double[], double> score) =>
        x.Select((row, i) => (score(row) > 0 ? 1 : 0) == y[i] ? 1.0 : 0.0).Average();

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 10)]
    [InlineData(3, 4)]
    public void Fixed_point_logistic_regression_matches_float64_within_one_point(int seed, int d)
    {
        const int n = 400, epochs = 60;
        const double lr = 0.5;
        var (x, y) = Data(seed, n, d);

        // float64 batch gradient descent
        var wf = new double[d];
        for (int e = 0; e < epochs; e++)
        {
            var g = new double[d];
            for (int i = 0; i < n; i++)
            {
                var p = 1 / (1 + Math.Exp(-x[i].Zip(wf, (a, b) => a * b).Sum()));
                for (int j = 0; j < d; j++) g[j] += (p - y[i]) * x[i][j];
            }
            for (int j = 0; j < d; j++) wf[j] -= lr * g[j] / n;
        }

        // the same algorithm on raw fixed-point integers with the circuit's native twins
        var xr = x.Select(r => r.Select(Fmt.Encode).ToArray()).ToArray();
        var wr = new BigInteger[d];
        var step = Fmt.Encode(lr / n);
        for (int e = 0; e < epochs; e++)
        {
            var g = new BigInteger[d]; // scale 2^(2F)
            for (int i = 0; i < n; i++)
            {
                var (p, _) = Sigmoid.Native.ApplyWide(Fmt, FixedPoint.Native.ProductSum(wr, xr[i]));
                var err = p - (y[i] == 1 ? Fmt.Scale : 0);
                for (int j = 0; j < d; j++) g[j] += err * xr[i][j];
            }
            for (int j = 0; j < d; j++) wr[j] -= FixedPoint.Native.MulConstantRaw(Fmt, FixedPoint.Native.Rescale(Fmt, g[j]), step);
        }
        var accFloat = Accuracy(x, y, r => r.Zip(wf, (a, b) => a * b).Sum());
        var accFixed = Accuracy(x, y, r => Fmt.Decode(FixedPoint.Native.DotProduct(Fmt, wr, r.Select(Fmt.Encode).ToArray())));
        Assert.True(Math.Abs(accFloat - accFixed) <= 0.01, $"float64 {accFloat:P2} vs fixed {accFixed:P2}");
        Assert.True(accFloat > 0.7);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(32)]
    [InlineData(200)]
    public void One_sample_epoch_of_logistic_regression_fits_2d_plus_150(int d)
    {
        // z = w·x (d products, untruncated), p = σ(z) with the truncation shared, err = p − y (free),
        // gradient accumulators g_j += err·x_j (d MulAcc, untruncated).
        var cc = CircuitCompiler.Compile(TestCircuit.Shape((api, p, s) =>
        {
            var w = s[..d];
            var x = s[d..(2 * d)];
            var y = s[2 * d];
            var fp = new FixedPoint(api, Fmt);
            var (sig, _) = Sigmoid.ApplyWide(api, Fmt, fp.ProductSum(w, x));
            var err = api.Sub(sig, api.Mul(y, api.Constant(Fr.FromBigInteger(Fmt.Scale))));
            for (int j = 0; j < d; j++)
            {
                var gj = api.MulAcc(s[2 * d + 1 + j], err, x[j]);
                api.AssertIsEqual(gj, p[j]);
            }
        }, d, 3 * d + 1));
        int perSample = cc.NConstraints - d; // minus the d output equalities of this harness
        Assert.Equal(2 * d + Fmt.TotalBits + Fmt.FractionalBits + 1 + 54, perSample);
        Assert.True(perSample <= 2 * d + 150, $"{perSample} constraints for d = {d}");
    }
}
