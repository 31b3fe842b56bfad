using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Training.Commitment;

namespace ZkChain.Training.Tests;

public class CommitmentTests
{
    private static readonly string Csv = "a,b,y\n1,2,0\n3.5,-4,1\n5,6,1\n7,8,0\n9,10.25,1\n";

    [Fact]
    public void Equal_datasets_with_fresh_salts_give_unrelated_commitments_and_same_salt_is_deterministic()
    {
        var d = TestData.FromCsv(Csv, "y");
        var s1 = DataCommitment.NewSalt();
        var s2 = DataCommitment.NewSalt();
        Assert.NotEqual(DataCommitment.Create(d, s1).Commitment, DataCommitment.Create(d, s2).Commitment);
        Assert.Equal(DataCommitment.Create(d, s1).Commitment, DataCommitment.Create(d, s1).Commitment);
        Assert.NotEqual(DataCommitment.Create(d, s1).Root, DataCommitment.Create(d, s2).Root);
    }

    [Fact]
    public void One_changed_value_changes_the_commitment()
    {
        var salt = DataCommitment.NewSalt();
        var a = DataCommitment.Create(TestData.FromCsv(Csv, "y"), salt);
        var b = DataCommitment.Create(TestData.FromCsv(Csv.Replace("10.25", "10.26"), "y"), salt);
        Assert.NotEqual(a.Commitment, b.Commitment);
    }

    [Fact]
    public void Public_json_has_no_salt_root_or_values()
    {
        var d = TestData.FromCsv(Csv, "y");
        var salt = DataCommitment.NewSalt();
        var c = DataCommitment.Create(d, salt);
        var json = c.ToJson();
        Assert.DoesNotContain(salt.ToString(), json);
        Assert.DoesNotContain(c.Root.ToString(), json);
        Assert.DoesNotContain("salt\"", json);
        var f = DataCommitment.ReadPublic(json);
        Assert.Equal(c.Commitment.ToString(), f.Commitment);
        Assert.Equal(5, f.Rows);
        Assert.Equal(3, f.MerkleDepth);
        var (s, cm) = DataCommitment.ReadSecret(DataCommitment.SecretJson(salt, c.Commitment));
        Assert.Equal(salt, s);
        Assert.Equal(c.Commitment, cm);
    }

    [Fact]
    public void Poseidon_chain_hashes_long_inputs_and_is_order_sensitive()
    {
        var xs = Enumerable.Range(0, 40).Select(i => Fr.FromUInt64((ulong)i)).ToArray();
        var h = PoseidonChain.Hash(xs);
        var ys = xs.ToArray();
        (ys[30], ys[31]) = (ys[31], ys[30]);
        Assert.NotEqual(h, PoseidonChain.Hash(ys));
        Assert.Equal([(0, 16, true), (16, 15, false), (31, 9, false)], PoseidonChain.Chunks(40).ToArray());
    }

    [Fact]
    public void Row_proof_round_trips_and_verifies()
    {
        var d = TestData.FromCsv(Csv, "y");
        var salt = DataCommitment.NewSalt();
        var c = DataCommitment.ReadPublic(DataCommitment.Create(d, salt).ToJson());
        for (var i = 0; i < d.Count; i++)
        {
            var p = RowProof.FromJson(RowProof.Create(d, salt, i).ToJson());
            Assert.Null(p.Verify(c));
            Assert.Equal(d.X[i][0], p.Dequantized()[0]);
        }
        var json = RowProof.Create(d, salt, 1).ToJson();
        Assert.DoesNotContain(salt.ToString(), json);
    }

    [Fact]
    public void Row_proof_tampering_is_detected()
    {
        var d = TestData.FromCsv(Csv, "y");
        var salt = DataCommitment.NewSalt();
        var c = DataCommitment.ReadPublic(DataCommitment.Create(d, salt).ToJson());
        var p = RowProof.Create(d, salt, 2);
        Assert.Null(p.Verify(c));

        var values = p.Values.ToArray();
        values[0] += 1;
        Assert.NotNull(Copy(p, values: values).Verify(c));
        Assert.NotNull(Copy(p, index: 3).Verify(c));
        Assert.NotNull(Copy(p, leafSalt: p.LeafSalt + Fr.One).Verify(c));
        var path = p.Path.ToArray();
        path[1] += Fr.One;
        Assert.NotNull(Copy(p, path: path).Verify(c));
        Assert.NotNull(Copy(p, commitSalt: p.CommitSalt + Fr.One).Verify(c));

        // Against another dataset's commitment.
        var other = DataCommitment.ReadPublic(DataCommitment.Create(d, DataCommitment.NewSalt()).ToJson());
        Assert.NotNull(p.Verify(other));
    }

    private static RowProof Copy(RowProof p, BigInteger[]? values = null, int? index = null, Fr? leafSalt = null, Fr[]? path = null, Fr? commitSalt = null) => new()
    {
        Commitment = p.Commitment, Rows = p.Rows, Features = p.Features, Target = p.Target,
        Index = index ?? p.Index, Values = values ?? p.Values, LeafSalt = leafSalt ?? p.LeafSalt,
        Path = path ?? p.Path, Root = p.Root, CommitSalt = commitSalt ?? p.CommitSalt,
    };

    [Fact]
    public void Malformed_row_proof_json_is_a_clear_error()
    {
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => RowProof.FromJson("{")).Message);
        Assert.Contains("'root'", Assert.Throws<InvalidDataException>(() => RowProof.FromJson("{\"commitment\":\"1\",\"features\":[\"a\"],\"target\":\"y\",\"values\":[\"1\",\"2\"],\"path\":[],\"leafSalt\":\"1\",\"root\":\"x\",\"commitSalt\":\"1\"}")).Message);
    }
}
