using BenchmarkDotNet.Attributes;
using ZkChain.Algebra;

namespace ZkChain.Benchmarks;

[MemoryDiagnoser]
public class FieldBench
{
    private Fr _a, _b;
    private Fq _x, _y;

    [GlobalSetup]
    public void Setup() { _a = Fr.Random(); _b = Fr.Random(); _x = Fq.Random(); _y = Fq.Random(); }

    // 100 dependent multiplications per call so the loop overhead is negligible; divide by 100.
    [Benchmark(OperationsPerInvoke = 100)]
    public Fr FrMul()
    {
        var acc = _a;
        for (int i = 0; i < 100; i++) Fr.Mul(acc, _b, out acc);
        return acc;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public Fr FrSquare()
    {
        var acc = _a;
        for (int i = 0; i < 100; i++) Fr.Square(acc, out acc);
        return acc;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public Fq FqMul()
    {
        var acc = _x;
        for (int i = 0; i < 100; i++) Fq.Mul(acc, _y, out acc);
        return acc;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public Fr FrAdd()
    {
        var acc = _a;
        for (int i = 0; i < 100; i++) Fr.Add(acc, _b, out acc);
        return acc;
    }

    [Benchmark]
    public Fr FrInverse() => _a.Inverse();
}

/// <summary>Math.BigMul CIOS (the library's) vs the same CIOS written with Bmi2.X64.MultiplyNoFlags.</summary>
public class MontMulVariantBench
{
    private U256 _a, _b;

    [GlobalSetup]
    public void Setup() { _a = Fq.Random().V; _b = Fq.Random().V; }

    [Benchmark(Baseline = true, OperationsPerInvoke = 100)]
    public ulong BigMul()
    {
        var acc = _a;
        for (int i = 0; i < 100; i++) Mont<FqModulus>.Mul(acc, _b, out acc);
        return acc.L0;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public ulong MulxNoFlags()
    {
        var acc = _a;
        for (int i = 0; i < 100; i++) Bmi2Mont.Mul(acc, _b, out acc);
        return acc.L0;
    }
}

public class CurveBench
{
    private G1Jacobian _p, _q;
    private G1Affine _qa;
    private G2Jacobian _p2, _q2;
    private Fr _k;

    [GlobalSetup]
    public void Setup()
    {
        _p = G1Affine.Generator * Fr.Random();
        _q = G1Affine.Generator * Fr.Random();
        _qa = _q.ToAffine();
        _p2 = G2Affine.Generator * Fr.Random();
        _q2 = G2Affine.Generator * Fr.Random();
        _k = Fr.Random();
    }

    [Benchmark] public G1Jacobian G1Add() { var r = _p; r.Add(_q); return r; }
    [Benchmark] public G1Jacobian G1AddMixed() { var r = _p; r.AddMixed(_qa); return r; }
    [Benchmark] public G1Jacobian G1Double() { var r = _p; r.Double(); return r; }
    [Benchmark] public G2Jacobian G2Add() { var r = _p2; r.Add(_q2); return r; }
    [Benchmark] public G1Jacobian G1ScalarMul() => _qa * _k;
}

public class PairingBench
{
    private G1Affine _p;
    private G2Affine _q;

    [GlobalSetup]
    public void Setup() { _p = (G1Affine.Generator * Fr.Random()).ToAffine(); _q = (G2Affine.Generator * Fr.Random()).ToAffine(); }

    [Benchmark] public Gt Pair() => Pairing.Pair(_p, _q);
    [Benchmark] public bool FourPairingCheck() => Pairing.MultiPairingIsOne([_p, _p, _p, _p], [_q, _q, _q, _q]);
}

public class MsmBench
{
    [Params(16, 18, 20)] public int Log2;
    private G1Affine[] _bases = [];
    private Fr[] _scalars = [];

    [GlobalSetup]
    public void Setup()
    {
        int n = 1 << Log2;
        var jac = new G1Jacobian[n];
        var step = (G1Affine.Generator * Fr.Random()).ToAffine();
        var acc = G1Affine.Generator * Fr.Random();
        for (int i = 0; i < n; i++) { acc.AddMixed(step); jac[i] = acc; }
        _bases = G1Jacobian.BatchToAffine(jac);
        _scalars = new Fr[n];
        for (int i = 0; i < n; i++) _scalars[i] = Fr.Random();
    }

    [Benchmark] public G1Jacobian MsmG1() => Msm.G1(_bases, _scalars);
}

public class NttBench
{
    private Fr[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = new Fr[1 << 20];
        for (int i = 0; i < _data.Length; i++) _data[i] = Fr.FromUInt64((ulong)i * 7919 + 1);
    }

    [Benchmark] public void Ntt2Pow20() => Ntt.Forward(_data);
}
