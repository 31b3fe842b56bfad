using System.Numerics;
using System.Text.Json;
using ZkChain.Algebra;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.R1cs.Tests;

public class R1csFileTests
{
    private static string Example(string name) => RepoPaths.Combine("examples", "multiplier", name);

    private static ConstraintSystem ReadExample()
    {
        using var fs = File.OpenRead(Example("multiplier.r1cs"));
        return R1csFile.Read(fs);
    }

    [Fact]
    public void Reads_circom_r1cs_like_snarkjs_does()
    {
        var cs = ReadExample();
        using var tmp = new TempDirectory();
        var json = tmp.File("r1cs.json");
        ProcessRunner.Snarkjs(["r1cs", "export", "json", Example("multiplier.r1cs"), json]).EnsureSuccess("snarkjs r1cs export json");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(root.GetProperty("nVars").GetInt32(), cs.NWires);
        Assert.Equal(root.GetProperty("nOutputs").GetInt32(), cs.NPublicOutputs);
        Assert.Equal(root.GetProperty("nPubInputs").GetInt32(), cs.NPublicInputs);
        Assert.Equal(root.GetProperty("nPrvInputs").GetInt32(), cs.NPrivateInputs);
        var constraints = root.GetProperty("constraints");
        Assert.Equal(constraints.GetArrayLength(), cs.Constraints.Count);
        for (var i = 0; i < cs.Constraints.Count; i++)
        {
            var c = cs.Constraints[i];
            var lcs = new[] { c.A, c.B, c.C };
            for (var k = 0; k < 3; k++)
            {
                var expected = constraints[i][k].EnumerateObject()
                    .Select(p => (Wire: int.Parse(p.Name), Coeff: BigInteger.Parse(p.Value.GetString()!)))
                    .OrderBy(t => t.Wire).ToArray();
                var actual = lcs[k].Terms.ToArray().Select(t => (t.Wire, Coeff: t.Coefficient.ToBigInteger())).ToArray();
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void Write_then_read_round_trips_and_snarkjs_reads_our_file()
    {
        var cs = ReadExample();
        using var tmp = new TempDirectory();
        var path = tmp.File("copy.r1cs");
        using (var fs = File.Create(path)) R1csFile.Write(cs, fs);
        Assert.Equal(File.ReadAllBytes(Example("multiplier.r1cs")), File.ReadAllBytes(path));

        using var fs2 = File.OpenRead(path);
        var again = R1csFile.Read(fs2);
        Assert.Equal(cs.NWires, again.NWires);
        Assert.Equal(cs.Constraints.Count, again.Constraints.Count);

        // snarkjs accepts our r1cs together with a witness
        var res = ProcessRunner.Snarkjs(["wtns", "check", path, Example("witness.wtns")]);
        Assert.True(res.ExitCode == 0 && res.StdOut.Contains("WITNESS IS CORRECT"), res.StdOut + res.StdErr);
    }

    [Fact]
    public void Witness_from_circom_satisfies_and_mutations_fail()
    {
        var cs = ReadExample();
        Fr[] w;
        using (var fs = File.OpenRead(Example("witness.wtns"))) w = WtnsFile.Read(fs);
        Assert.True(WitnessChecker.Check(cs, w).IsSatisfied);
        for (var i = 1; i < w.Length; i++)
        {
            var bad = (Fr[])w.Clone();
            bad[i] += Fr.One;
            var r = WitnessChecker.Check(cs, bad);
            Assert.False(r.IsSatisfied, $"mutating wire {i} should break a constraint");
            Assert.NotNull(r.Reason);
        }
        var wrongOne = (Fr[])w.Clone();
        wrongOne[0] = Fr.FromUInt64(2);
        Assert.False(WitnessChecker.Check(cs, wrongOne).IsSatisfied);
        Assert.False(WitnessChecker.Check(cs, w.AsSpan(1).ToArray()).IsSatisfied);
    }

    [Fact]
    public void Wtns_round_trip_is_byte_identical_and_snarkjs_agrees_on_values()
    {
        var original = File.ReadAllBytes(Example("witness.wtns"));
        var w = WtnsFile.Read(new MemoryStream(original));
        var ms = new MemoryStream();
        WtnsFile.Write(w, ms);
        Assert.Equal(original, ms.ToArray());

        using var tmp = new TempDirectory();
        var json = tmp.File("w.json");
        ProcessRunner.Snarkjs(["wtns", "export", "json", Example("witness.wtns"), json]).EnsureSuccess("snarkjs wtns export json");
        var expected = JsonSerializer.Deserialize<string[]>(File.ReadAllText(json))!;
        Assert.Equal(expected, w.Select(v => v.ToString()).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(40)]
    [InlineData(100)]
    public void Truncated_r1cs_is_rejected_with_a_reason(int keep)
    {
        var bytes = File.ReadAllBytes(Example("multiplier.r1cs"));
        var cut = bytes.AsSpan(0, Math.Min(keep, bytes.Length - 1)).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => R1csFile.Read(new MemoryStream(cut)));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Garbage_and_wrong_magic_are_rejected()
    {
        var rnd = new Random(7);
        var garbage = new byte[300];
        rnd.NextBytes(garbage);
        Assert.Throws<InvalidDataException>(() => R1csFile.Read(new MemoryStream(garbage)));
        var wtns = File.ReadAllBytes(Example("witness.wtns"));
        var e = Assert.Throws<InvalidDataException>(() => R1csFile.Read(new MemoryStream(wtns)));
        Assert.Contains("magic", e.Message);
        Assert.Throws<InvalidDataException>(() => WtnsFile.Read(new MemoryStream(File.ReadAllBytes(Example("multiplier.r1cs")))));
    }

    [Fact]
    public void Coefficient_not_below_r_is_rejected()
    {
        var cs = new ConstraintSystem(3, 0, 1, 1, [new Constraint(LinearCombination.FromWire(1), LinearCombination.FromWire(2), LinearCombination.FromWire(0))]);
        var ms = new MemoryStream();
        R1csFile.Write(cs, ms);
        var bytes = ms.ToArray();
        // Layout (circom order): file header (12), constraints section header (12), nTerms (4), wire (4), then the first coefficient.
        var coeffAt = 12 + 12 + 4 + 4;
        Fr.Modulus.TryWriteBytes(bytes.AsSpan(coeffAt, 32), out _, isUnsigned: true, isBigEndian: false);
        var e = Assert.Throws<InvalidDataException>(() => R1csFile.Read(new MemoryStream(bytes)));
        Assert.Contains("coefficient", e.Message);
    }

    [Fact]
    public void Linear_combinations_are_canonical()
    {
        var two = Fr.FromUInt64(2);
        var lc = new LinearCombination([new Term(3, Fr.One), new Term(1, two), new Term(3, -Fr.One), new Term(1, Fr.One)]);
        Assert.Equal(1, lc.Count);
        Assert.Equal(1, lc.Terms[0].Wire);
        Assert.Equal(Fr.FromUInt64(3), lc.Terms[0].Coefficient);
        Assert.Throws<ArgumentException>(() => new LinearCombination([new Term(-1, Fr.One)]));
    }
}
