namespace ZkChain.Algebra;

/// <summary>
/// Static field operations so curve arithmetic can be written once for G1 (over Fq) and G2
/// (over Fq2); the JIT specialises the generic code per struct type.
/// </summary>
internal interface IFieldOps<T> where T : struct
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    bool IsZero { get; }
    static abstract void Add(in T a, in T b, out T r);
    static abstract void Sub(in T a, in T b, out T r);
    static abstract void Mul(in T a, in T b, out T r);
    static abstract void Square(in T a, out T r);
    static abstract void Double(in T a, out T r);
    static abstract void Neg(in T a, out T r);
    static abstract bool Eq(in T a, in T b);
    static abstract void Inv(in T a, out T r);
}
