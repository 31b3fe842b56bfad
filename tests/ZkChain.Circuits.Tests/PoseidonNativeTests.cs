using System.Numerics;
using System.Text.Json;
using ZkChain.Algebra;
using ZkChain.Circuits.Std;
using ZkChain.TestSupport;

namespace ZkChain.Circuits.Tests;

public class PoseidonNativeTests
{
    [Fact]
    public void Constants_equal_circomlibjs_json_for_every_width()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("node_modules", "circomlibjs", "src", "poseidon_constants.json")));
        var cs = doc.RootElement.GetProperty("C");
        var ms = doc.RootElement.GetProperty("M");
        for (int t = 2; t <= 17; t++)
        {
            var p = PoseidonParameters.ForWidth(t);
            var c = cs[t - 2];
            Assert.Equal(c.GetArrayLength(), p.RoundConstants.Count);
            for (int i = 0; i < p.RoundConstants.Count; i++)
                Assert.True(Hex(c[i].GetString()!) == p.RoundConstants[i].ToBigInteger(), $"C t={t} i={i}");
            var m = ms[t - 2];
            Assert.Equal(t, m.GetArrayLength());
            for (int i = 0; i < t; i++)
                for (int j = 0; j < t; j++)
                    Assert.True(Hex(m[i][j].GetString()!) == p.Mds[i * t + j].ToBigInteger(), $"M t={t} [{i},{j}]");
        }
    }

    [Fact]
    public void Known_vector_hash_1_2() =>
        Assert.Equal("7853200120776062878684798364095072458815029376092732009249414926327459813530",
            Poseidon.Hash([Fr.FromInt64(1), Fr.FromInt64(2)]).ToString());

    [Fact]
    public void Hash_equals_circomlibjs_for_1_to_16_inputs()
    {
        var rnd = new Random(7);
        var cases = new List<Fr[]>();
        for (int n = 1; n <= 16; n++)
        {
            cases.Add(Enumerable.Range(1, n).Select(i => Fr.FromInt64(i)).ToArray());
            cases.Add(Enumerable.Range(0, n).Select(_ => RandomFr(rnd)).ToArray());
            cases.Add(Enumerable.Range(0, n).Select(_ => -Fr.One).ToArray());
        }
        var expected = OracleHashes(cases);
        for (int k = 0; k < cases.Count; k++)
            Assert.Equal(expected[k], Poseidon.Hash(cases[k]).ToString());
    }

    [Fact]
    public void Rejects_zero_or_too_many_inputs()
    {
        Assert.Throws<ArgumentException>(() => Poseidon.Hash(ReadOnlySpan<Fr>.Empty));
        Assert.Throws<ArgumentException>(() => Poseidon.Hash(new Fr[17]));
    }

    internal static Fr RandomFr(Random rnd)
    {
        var b = new byte[32];
        rnd.NextBytes(b);
        return Fr.FromBigInteger(new BigInteger(b, isUnsigned: true));
    }

    internal static string[] OracleHashes(IEnumerable<Fr[]> cases)
    {
        var json = JsonSerializer.Serialize(new { cases = cases.Select(c => c.Select(x => x.ToString()).ToArray()) });
        using var doc = JsonDocument.Parse(ProcessRunner.Node("circuits-poseidon.mjs", stdin: json));
        return doc.RootElement.GetProperty("hashes").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static BigInteger Hex(string s) =>
        BigInteger.Parse("0" + s[2..], System.Globalization.NumberStyles.HexNumber);
}
