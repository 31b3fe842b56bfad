using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Circuits;

/// <summary>A circuit: one <see cref="Define"/> that runs both when compiling (values unknown) and when solving.</summary>
public interface ICircuit
{
    void Define(IApi api);
}

/// <summary>
/// The circuit-building API. Constraint costs are given per operation; linear operations are free.
/// In solve mode every constraint is also checked as it is recorded, so a bad assignment fails early
/// with <see cref="CircuitSolveException"/> naming the operation.
/// </summary>
public interface IApi
{
    /// <summary>Declares the next public input. All public inputs come before any secret input.</summary>
    Variable PublicInput(string name, Fr? value);
    /// <summary>Declares the next secret (private) input.</summary>
    Variable SecretInput(string name, Fr? value);

    Variable Constant(Fr c);
    Variable Constant(long c);

    /// <summary>Free.</summary>
    Variable Add(Variable a, Variable b, params Variable[] more);
    /// <summary>Free.</summary>
    Variable Sub(Variable a, Variable b);
    /// <summary>Free.</summary>
    Variable Neg(Variable a);
    /// <summary>1 constraint, free when either side is constant.</summary>
    Variable Mul(Variable a, Variable b);
    /// <summary>acc + a·b as one new wire: 1 constraint (a·b = result − acc), free when a or b is constant.</summary>
    Variable MulAcc(Variable acc, Variable a, Variable b);
    /// <summary>1/a: 1 constraint (a·r = 1); unsatisfiable when a = 0.</summary>
    Variable Inverse(Variable a);
    /// <summary>a/b: 2 constraints (1 when a or b is constant); unsatisfiable when b = 0.</summary>
    Variable Div(Variable a, Variable b);
    /// <summary>cond ? ifTrue : ifFalse. cond must be boolean (asserted, 1 constraint, unless already known boolean);
    /// 1 constraint, free when ifTrue − ifFalse is constant.</summary>
    Variable Select(Variable cond, Variable ifTrue, Variable ifFalse);
    /// <summary>1 when a = 0 else 0: 2 constraints.</summary>
    Variable IsZero(Variable a);
    /// <summary>1 when a = b else 0: 2 constraints.</summary>
    Variable IsEqual(Variable a, Variable b);
    /// <summary>Little-endian bits of a, requiring 0 ≤ a &lt; 2^nBits (nBits ≤ 253 so the decomposition is unique): nBits + 1 constraints.</summary>
    Variable[] ToBinary(Variable a, int nBits);
    /// <summary>Σ bitsᵢ·2^i; free for bits known boolean, else 1 constraint per unknown bit (asserted boolean).</summary>
    Variable FromBinary(ReadOnlySpan<Variable> bits);
    /// <summary>1 constraint (none when both are constants; throws if two constants differ).</summary>
    void AssertIsEqual(Variable a, Variable b);
    /// <summary>1 constraint unless a is already known boolean.</summary>
    void AssertIsBoolean(Variable a);
    /// <summary>Unsigned: 0 ≤ a ≤ bound (bound &lt; 2^252): 2·(n + 1) constraints with n = bit length of bound
    /// (n + 1 when bound = 2^n − 1).</summary>
    void AssertIsLessOrEqual(Variable a, BigInteger bound);
    /// <summary>0 ≤ a &lt; 2^nBits: nBits + 1 constraints.</summary>
    void AssertInRange(Variable a, int nBits);
    /// <summary>
    /// Computes <paramref name="nOutputs"/> new wires from the values of <paramref name="inputs"/> in solve mode.
    /// The outputs are UNCONSTRAINED: nothing forces a prover to use the values <paramref name="compute"/>
    /// returns until the caller adds constraints that pin them down.
    /// </summary>
    Variable[] Hint(string name, int nOutputs, Func<Fr[], Fr[]> compute, params Variable[] inputs);

    bool IsSolving { get; }
    /// <summary>The value of v (solve mode only).</summary>
    Fr ValueOf(Variable v);
}

/// <summary>Thrown when solving fails: a missing input, a hint error, or an assertion that does not hold.</summary>
public sealed class CircuitSolveException(string message, Exception? inner = null) : Exception(message, inner);
