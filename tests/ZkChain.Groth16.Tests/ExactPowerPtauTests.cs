using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>
/// A circuit whose domain is 2^15 set up with a powers of tau of power exactly 15 (e.g. a community
/// powersOfTau28_hez_final_15.ptau for a circuit that fills it). Above 2^14 snarkjs's circuit hash reads one tau power
/// past the ptau's tauG1 section and hashes the bytes that follow; zkchain must reproduce that to make the same
/// zkey and to accept snarkjs's keys in ceremony verification.
/// </summary>
public sealed class ExactPowerPtauTests
{
    private const int Power = 15;

    /// <summary>
    /// A structurally valid prepared ptau of power 15 whose points are distinct multiples of the generators (not
    /// powers of one tau: snarkjs's setup reads the points without checking them, which is all this test needs,
    /// and making a real one costs minutes).
    /// </summary>
    private static PowersOfTauData SyntheticPtau()
    {
        var n = 1 << Power;
        var next = 1;
        G1Affine[] G1s(int count)
        {
            var jac = new G1Jacobian[count];
            var acc = G1Affine.Generator * Fr.FromUInt64((ulong)next);
            for (var i = 0; i < count; i++) { jac[i] = acc; acc = acc + G1Affine.Generator; }
            next += count + 7;
            return G1Jacobian.BatchToAffine(jac);
        }
        G2Affine[] G2s(int count)
        {
            var jac = new G2Jacobian[count];
            var acc = G2Affine.Generator * Fr.FromUInt64((ulong)next);
            for (var i = 0; i < count; i++) { jac[i] = acc; acc = acc + G2Affine.Generator; }
            next += count + 7;
            return G2Jacobian.BatchToAffine(jac);
        }
        var tauG2 = G2s(n);
        tauG2[0] = G2Affine.Generator; // as in every ptau: tau^0·G2
        return new PowersOfTauData
        {
            Power = Power, CeremonyPower = Power,
            TauG1 = G1s(2 * n - 1), TauG2 = tauG2, AlphaTauG1 = G1s(n), BetaTauG1 = G1s(n), BetaG2 = G2s(1)[0],
            Contributions = [],
            LagrangeTauG1 = G1s(4 * n - 1), LagrangeTauG2 = G2s(2 * n - 1),
            LagrangeAlphaTauG1 = G1s(2 * n - 1), LagrangeBetaTauG1 = G1s(2 * n - 1),
        };
    }

    [Fact]
    public void Setup_with_a_ptau_of_exactly_the_circuit_power_above_2_14_is_byte_identical_to_snarkjs()
    {
        using var dir = new TempDirectory("zkchain-exact-power");
        // 20,000 constraints: domain 2^15, more than the 2^14 points snarkjs hashes per chunk.
        File.WriteAllText(dir.File("chain.circom"), """
            pragma circom 2.0.0;
            template Chain(n) {
                signal input a;
                signal input b;
                signal output out;
                signal x[n + 1];
                x[0] <== a;
                for (var i = 0; i < n; i++) { x[i + 1] <== x[i] * x[i] + b; }
                out <== x[n];
            }
            component main {public [b]} = Chain(20000);
            """);
        CircomCorpusFixture.Compile(dir.Path, "chain.circom", ".");
        var r1cs = dir.File("chain.r1cs");

        var ptau = SyntheticPtau();
        using (var s = File.Create(dir.File("pot15.ptau"))) PtauFile.Write(ptau, s);
        var fromFile = CircomCorpusFixture.Read(dir.File("pot15.ptau"), PtauFile.Read);
        Assert.Equal(64, fromFile.BytesAfterTauG1.Length);

        ProcessRunner.Snarkjs(["groth16", "setup", r1cs, dir.File("pot15.ptau"), dir.File("snarkjs.zkey")], dir.Path, TimeSpan.FromMinutes(5))
            .EnsureSuccess("snarkjs groth16 setup");
        var cs = CircomCorpusFixture.Read(r1cs, R1csFile.Read);
        var pk = Groth16Setup.Setup(cs, fromFile);
        Assert.Equal(1 << Power, pk.DomainSize);
        using var ours = new MemoryStream();
        ZkeyFile.Write(pk, ours);
        Assert.Equal(File.ReadAllBytes(dir.File("snarkjs.zkey")), ours.ToArray());

        // The same data without the bytes that follow tauG1 in a file cannot give snarkjs's hash: a clear error,
        // not a key with a different circuit hash.
        var inMemory = new PowersOfTauData
        {
            Power = ptau.Power, CeremonyPower = ptau.CeremonyPower, TauG1 = ptau.TauG1, TauG2 = ptau.TauG2,
            AlphaTauG1 = ptau.AlphaTauG1, BetaTauG1 = ptau.BetaTauG1, BetaG2 = ptau.BetaG2, Contributions = [],
            LagrangeTauG1 = ptau.LagrangeTauG1, LagrangeTauG2 = ptau.LagrangeTauG2,
            LagrangeAlphaTauG1 = ptau.LagrangeAlphaTauG1, LagrangeBetaTauG1 = ptau.LagrangeBetaTauG1,
        };
        var e = Assert.Throws<InvalidDataException>(() => Groth16Setup.Setup(cs, inMemory));
        Assert.Contains("larger power", e.Message);
    }
}
