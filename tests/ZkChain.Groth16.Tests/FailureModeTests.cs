using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Groth16.Tests;

[Collection(SnarkjsCollection.Name)]
public sealed class FailureModeTests(SnarkjsPipeline p)
{
    private static readonly BigInteger R = Fr.Modulus;
    private static readonly BigInteger Q = Fq.Modulus;

    private (VerificationKey Vk, Proof Proof, BigInteger[] Pub) Valid() =>
        (SnarkjsJson.ReadVerificationKey(File.ReadAllText(p.Vk)),
         SnarkjsJson.ReadProof(File.ReadAllText(p.Proof)),
         SnarkjsJson.ReadPublic(File.ReadAllText(p.Public)));

    [Fact]
    public void EachTamperedCoordinate_Rejected()
    {
        var (vk, proof, pub) = Valid();
        Assert.True(Groth16Verifier.Verify(vk, pub, proof).IsValid);
        var one = Fq.One;
        var variants = new (string Name, Proof P)[]
        {
            ("A.x", proof with { A = new G1Affine(proof.A.X + one, proof.A.Y) }),
            ("A.y", proof with { A = new G1Affine(proof.A.X, proof.A.Y + one) }),
            ("B.x.re", proof with { B = new G2Affine(new Fq2(proof.B.X.C0 + one, proof.B.X.C1), proof.B.Y) }),
            ("B.x.im", proof with { B = new G2Affine(new Fq2(proof.B.X.C0, proof.B.X.C1 + one), proof.B.Y) }),
            ("B.y.re", proof with { B = new G2Affine(proof.B.X, new Fq2(proof.B.Y.C0 + one, proof.B.Y.C1)) }),
            ("B.y.im", proof with { B = new G2Affine(proof.B.X, new Fq2(proof.B.Y.C0, proof.B.Y.C1 + one)) }),
            ("C.x", proof with { C = new G1Affine(proof.C.X + one, proof.C.Y) }),
            ("C.y", proof with { C = new G1Affine(proof.C.X, proof.C.Y + one) }),
            // Valid points, wrong values: negations and swaps.
            ("-A", proof with { A = proof.A.Neg() }),
            ("-C", proof with { C = proof.C.Neg() }),
            ("A<->C", proof with { A = proof.C, C = proof.A }),
            ("-B", proof with { B = proof.B.Neg() }),
        };
        foreach (var (name, bad) in variants)
        {
            var r = Groth16Verifier.Verify(vk, pub, bad);
            Assert.False(r.IsValid, name);
            Assert.False(string.IsNullOrEmpty(r.Reason), name);
        }
        Assert.Contains("not on the curve", Groth16Verifier.Verify(vk, pub, variants[0].P).Reason);
    }

    [Fact]
    public void PublicInputs_OutOfField_WrongCount_Rejected()
    {
        var (vk, proof, pub) = Valid();
        var big = pub.ToArray();
        big[1] += R; // same residue, but not canonical
        var r = Groth16Verifier.Verify(vk, big, proof);
        Assert.False(r.IsValid);
        Assert.Contains("public input 1", r.Reason);
        Assert.Contains("wrong number", Groth16Verifier.Verify(vk, pub.Take(1).ToArray(), proof).Reason);
        Assert.Contains("wrong number", Groth16Verifier.Verify(vk, [.. pub, BigInteger.One], proof).Reason);
        Assert.False(Groth16Verifier.Verify(vk, [pub[0], -BigInteger.One], proof).IsValid);
    }

    [Fact]
    public void G2PointOnCurveButOutsideSubgroup_Rejected()
    {
        var (vk, proof, pub) = Valid();
        var b = FindTwistPointOutsideSubgroup();
        Assert.True(b.IsOnCurve());
        Assert.False(b.IsInSubgroup());
        var r = Groth16Verifier.Verify(vk, pub, proof with { B = b });
        Assert.False(r.IsValid);
        Assert.Contains("subgroup", r.Reason);
    }

    internal static G2Affine FindTwistPointOutsideSubgroup()
    {
        for (ulong i = 1; ; i++)
        {
            if (!HashToG2.TryLift(new Fq2(Fq.FromUInt64(i), Fq.One), out var pt)) continue;
            if (pt.IsOnCurve() && !pt.IsInSubgroup()) return pt;
        }
    }

    [Fact]
    public void JsonInputs_MalformedThrowInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadPublic("{}"));
        Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadPublic("[\"12a\"]"));
        Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadPublic("[\"-1\"]"));
        Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadPublic("not json"));
        var proofJson = File.ReadAllText(p.Proof);
        var a = SnarkjsJson.ReadProof(proofJson).A;
        var withBigX = proofJson.Replace(a.X.ToString(), (a.X.ToBigInteger() + Q).ToString());
        var e = Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadProof(withBigX));
        Assert.Contains("pi_a", e.Message);
        Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadProof("{\"pi_a\": [\"1\", \"2\"]}"));
        var vkJson = File.ReadAllText(p.Vk);
        Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadVerificationKey(vkJson.Replace("\"nPublic\": 2", "\"nPublic\": 3")));
        Assert.Throws<InvalidDataException>(() => SnarkjsJson.ReadVerificationKey(vkJson.Replace("groth16", "plonk")));
    }

    [Fact]
    public void TruncatedAndGarbageFiles_ThrowInvalidData()
    {
        foreach (var (file, read) in new (string, Action<Stream>)[]
        {
            (p.Zkey1, s => ZkeyFile.Read(s)),
            (p.Pot, s => PtauFile.Read(s)),
        })
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var cut in new[] { 0, 3, 11, 20, bytes.Length / 2, bytes.Length - 1 })
            {
                var ex = Assert.Throws<InvalidDataException>(() => read(new MemoryStream(bytes[..cut])));
                Assert.False(string.IsNullOrEmpty(ex.Message));
            }
            var garbage = new byte[4096];
            new Random(7).NextBytes(garbage);
            Assert.Throws<InvalidDataException>(() => read(new MemoryStream(garbage)));
            // Correct magic, garbage after.
            var g2 = bytes[..4].Concat(garbage).ToArray();
            Assert.Throws<InvalidDataException>(() => read(new MemoryStream(g2)));
        }
        // A zkey whose first IC point is moved off the curve names the section.
        var z = File.ReadAllBytes(p.Zkey0);
        var pk = ZkeyFile.Read(new MemoryStream(z));
        var icBytes = new byte[64];
        PointCodec.WriteG1(pk.IC[0], icBytes);
        var at = IndexOf(z, icBytes);
        Assert.True(at > 0);
        z[at + 40] ^= 1;
        var err = Assert.Throws<InvalidDataException>(() => ZkeyFile.Read(new MemoryStream(z)));
        Assert.Contains("section 3", err.Message);
    }

    /// <summary>Offset of a section's data in a snarkjs binary file (magic, version, section count, then id/size/data).</summary>
    private static int SectionData(byte[] file, int id)
    {
        var o = 12;
        while (o + 12 <= file.Length)
        {
            var sid = BitConverter.ToInt32(file, o);
            var size = (int)BitConverter.ToInt64(file, o + 4);
            if (sid == id) return o + 12;
            o += 12 + size;
        }
        throw new InvalidOperationException($"section {id} not found");
    }

    [Fact]
    public void Zkey_errors_name_the_first_bad_point_or_coefficient()
    {
        var good = File.ReadAllBytes(p.Zkey1);
        var pk = ZkeyFile.Read(new MemoryStream(good));

        // Points are checked on the curve in blocks (lanes): the message still names section and point.
        var z = (byte[])good.Clone();
        int a = SectionData(z, 5);
        int firstA = Enumerable.Range(0, pk.NVars).First(i => !pk.A[i].IsInfinity && i > 1);
        z[a + firstA * 64 + 40] ^= 1;
        var e = Assert.Throws<InvalidDataException>(() => ZkeyFile.Read(new MemoryStream(z)));
        Assert.Contains($"section 5 (A), point {firstA}: G1 point is not on the curve", e.Message);

        z = (byte[])good.Clone();
        int b2 = SectionData(z, 7);
        int lastB2 = Enumerable.Range(0, pk.NVars).Last(i => !pk.B2[i].IsInfinity);
        z[b2 + lastB2 * 128 + 100] ^= 1;
        e = Assert.Throws<InvalidDataException>(() => ZkeyFile.Read(new MemoryStream(z)));
        Assert.Contains($"section 7 (B2), point {lastB2}: G2 point is not on the curve", e.Message);

        // Coefficients are parsed in parallel blocks: of two bad entries the first is reported.
        z = (byte[])good.Clone();
        int c = SectionData(z, 4) + 4;
        int count = pk.Coefficients.Length;
        Assert.True(count > 4);
        BitConverter.GetBytes(2u).CopyTo(z, c + (count - 1) * 44);            // matrix 2 in the last entry
        BitConverter.GetBytes((uint)pk.NVars).CopyTo(z, c + 2 * 44 + 8);      // signal out of range in entry 2
        e = Assert.Throws<InvalidDataException>(() => ZkeyFile.Read(new MemoryStream(z)));
        Assert.Contains("section 4 (coefficients): entry 2: signal", e.Message);
        // A value not below r.
        z = (byte[])good.Clone();
        for (int k = 12; k < 44; k++) z[c + 44 + k] = 0xFF;
        e = Assert.Throws<InvalidDataException>(() => ZkeyFile.Read(new MemoryStream(z)));
        Assert.Contains("entry 1: value is not a field element", e.Message);
    }

    private static int IndexOf(byte[] hay, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= hay.Length; i++)
        {
            if (hay.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        }
        return -1;
    }

    [Fact]
    public void Setup_RejectsUnpreparedOrTooSmallPtau()
    {
        using var s = File.OpenRead(p.R1cs);
        var cs = R1csFile.Read(s);
        using var pt = File.OpenRead(p.Pot1);
        var unprepared = PtauFile.Read(pt);
        Assert.Throws<ArgumentException>(() => Groth16Setup.Setup(cs, unprepared));
        var tiny = PowersOfTau.PreparePhase2(PowersOfTau.New(2));
        var e = Assert.Throws<ArgumentException>(() => Groth16Setup.Setup(cs, tiny));
        Assert.Contains("too big", e.Message);
        Assert.True(tiny.IsSingleParty);
    }

    [Fact]
    public void Prover_RejectsWrongWitnessLength()
    {
        var pk = ZkeyFile.Read(File.OpenRead(p.Zkey1));
        Assert.Throws<ArgumentException>(() => Groth16Prover.Prove(pk, new Fr[pk.NVars - 1]));
        var w = new Fr[pk.NVars];
        Assert.Throws<ArgumentException>(() => Groth16Prover.Prove(pk, w)); // w[0] must be 1
    }

    [Fact]
    public void VerificationKeyHash_IsKeccakOfEip197Words()
    {
        var (vk, proof, _) = Valid();
        var h = vk.Hash();
        Assert.Equal(32, h.Length);
        var other = vk with { IC = [vk.IC[0], vk.IC[2], vk.IC[1]] };
        Assert.NotEqual(Convert.ToHexString(h), Convert.ToHexString(other.Hash()));
        Assert.Equal(8, proof.ToSolidityWords().Length);
    }
}
