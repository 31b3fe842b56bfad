using ZkChain.Algebra;
using ZkChain.Circuits.Testing;

namespace ZkChain.Circuits.Tests;

/// <summary>A test circuit: named public then secret inputs, and a body over them.</summary>
internal sealed class TestCircuit(Action<IApi, Variable[], Variable[]> body, Fr?[] pub, Fr?[] sec) : ICircuit
{
    public void Define(IApi api)
    {
        var p = pub.Select((v, i) => api.PublicInput("p" + i, v)).ToArray();
        var s = sec.Select((v, i) => api.SecretInput("s" + i, v)).ToArray();
        body(api, p, s);
    }

    public static TestCircuit Shape(Action<IApi, Variable[], Variable[]> body, int nPub, int nSec) =>
        new(body, new Fr?[nPub], new Fr?[nSec]);

    public static readonly Fr?[] None = [];
    public static Fr?[] V(params long[] v) => v.Select(x => (Fr?)Fr.FromInt64(x)).ToArray();
    public static Fr?[] V(params Fr[] v) => v.Select(x => (Fr?)x).ToArray();

    /// <summary>
    /// ProverSucceeded for a body with the given public and secret values: solve, constraint check, soundness probes;
    /// Groth16 prove/verify only when asked (it costs seconds; EndToEndTests prove a selection of circuits).
    /// </summary>
    public static CircuitRun Succeeds(Action<IApi, Variable[], Variable[]> body, Fr?[] pub, Fr?[] sec, int sample = 64, bool prove = false) =>
        CircuitAssert.ProverSucceeded(Shape(body, pub.Length, sec.Length), new TestCircuit(body, pub, sec), sample, prove: prove);

    public static void Fails(Action<IApi, Variable[], Variable[]> body, Fr?[] pub, Fr?[] sec) =>
        CircuitAssert.ProverFailed(Shape(body, pub.Length, sec.Length), new TestCircuit(body, pub, sec));
}
