using System.Numerics;
using ZkChain.Algebra;
using ZkChain.Groth16.Ceremony;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

public class DevelopmentSetupTests
{
    private static byte[] Bytes(Action<Stream> w) { using var ms = new MemoryStream(); w(ms); return ms.ToArray(); }

    private static Fr NonZero()
    {
        while (true)
        {
            var x = Fr.Random();
            if (!x.IsZero) return x;
        }
    }

    /// <summary>
    /// A random satisfiable R1CS: wires 1..4 public (1 output, 3 inputs), 3 private inputs of which the last is never
    /// used (its A/B/C points are infinity), then one internal wire per constraint with A·B = c·z + Σ d·w.
    /// </summary>
    internal static (ConstraintSystem Cs, Fr[] Witness) RandomCircuit(int constraints, int seed)
    {
        var rng = new Random(seed);
        const int nOut = 1, nIn = 3, nPriv = 3;
        var inputs = 1 + nOut + nIn + nPriv;
        var w = new List<Fr> { Fr.One };
        for (var i = 1; i < inputs; i++) w.Add(Fr.FromUInt64((ulong)rng.Next(1, 1_000_000)));
        Fr Coef() => rng.Next(4) switch { 0 => -Fr.One, 1 => Fr.FromUInt64((ulong)rng.Next(1, 100)), _ => Fr.Random() };
        int AnyWire() { var x = rng.Next(w.Count - 1); return x >= inputs - 1 ? x + 1 : x; } // never the unused private input
        LinearCombination Lc(int terms) => new(Enumerable.Range(0, terms).Select(_ => new Term(AnyWire(), Coef())));
        var cons = new List<Constraint>();
        for (var k = 0; k < constraints; k++)
        {
            var a = Lc(rng.Next(1, 4));
            var b = Lc(rng.Next(1, 3));
            var extra = Lc(rng.Next(0, 3));
            var z = w.Count;
            var c = Coef();
            var value = (a.Evaluate(w.ToArray()) * b.Evaluate(w.ToArray()) - extra.Evaluate(w.ToArray())) * c.Inverse();
            w.Add(value);
            cons.Add(new Constraint(a, b, new LinearCombination([.. extra.Terms.ToArray(), new Term(z, c)])));
        }
        var cs = new ConstraintSystem(w.Count, nOut, nIn, nPriv, cons);
        var witness = w.ToArray();
        Assert.True(WitnessChecker.Check(cs, witness).IsSatisfied);
        return (cs, witness);
    }

    [Theory]
    [InlineData(0)] // ptau power = domain power: H carries the missing-top-power correction
    [InlineData(1)] // one power above (what `zkchain train` uses)
    public void Equals_setup_plus_contribution_from_the_same_secrets_in_every_key_section(int extraPower)
    {
        var (cs, _) = RandomCircuit(40, seed: 7 + extraPower);
        var power = Groth16Setup.DomainLog2(cs) + extraPower;
        Fr tau = NonZero(), alpha = NonZero(), beta = NonZero(), delta = NonZero();
        var ptau = PowersOfTau.PreparePhase2(ToxicWasteSetup.PtauFromSecrets(power, tau, alpha, beta));
        var (reference, _) = ZkeyContributor.ContributeWithKnownSecret(Groth16Setup.Setup(cs, ptau), DevelopmentSetup.ContributionName, delta);

        var dev = DevelopmentSetup.CreateFromSecrets(cs, power, tau, alpha, beta, delta);

        Assert.Equal(reference.Mpc.CsHash, dev.Mpc.CsHash);
        Assert.Equal(reference.IC, dev.IC);
        Assert.Equal(reference.Coefficients, dev.Coefficients);
        Assert.Equal(reference.A, dev.A);
        Assert.Equal(reference.B1, dev.B1);
        Assert.Equal(reference.B2, dev.B2);
        Assert.Equal(reference.C, dev.C);
        Assert.Equal(reference.H, dev.H);
        Assert.Contains(dev.A, p => p.IsInfinity); // the unused wire
        var c = Assert.Single(dev.Mpc.Contributions);
        Assert.Equal(reference.Mpc.Contributions[0].DeltaAfter, c.DeltaAfter);
        Assert.Equal(0u, c.Type);
        // Only the fresh proof-of-knowledge base g1_s (and what hashes it) differs: with the reference's transcript the
        // zkey files are byte-identical.
        Assert.NotEqual(reference.Mpc.Contributions[0].G1S, c.G1S);
        var sameTranscript = dev.WithDelta(dev.Delta1, dev.Delta2, dev.C, dev.H, reference.Mpc);
        Assert.Equal(Bytes(s => ZkeyFile.Write(reference, s)), Bytes(s => ZkeyFile.Write(sameTranscript, s)));

        // Our full zkey check (fresh setup on the ptau, contribution proof of knowledge, C and H divided by delta).
        var check = ZkeyContributor.Verify(cs, ptau, dev);
        Assert.True(check.IsValid, check.Reason);

        // snarkjs's own check of the zkey against the circuit and that ptau.
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("c.r1cs"), Bytes(s => R1csFile.Write(cs, s)));
        File.WriteAllBytes(dir.File("pot.ptau"), Bytes(s => PtauFile.Write(ptau, s)));
        File.WriteAllBytes(dir.File("dev.zkey"), Bytes(s => ZkeyFile.Write(dev, s)));
        var r = ProcessRunner.Snarkjs(["zkey", "verify", dir.File("c.r1cs"), dir.File("pot.ptau"), dir.File("dev.zkey")]);
        Assert.True(r.ExitCode == 0 && r.StdOut.Contains("ZKey Ok!"), r.StdOut + r.StdErr);
    }

    [Fact]
    public void A_key_from_other_secrets_fails_the_zkey_check()
    {
        var (cs, _) = RandomCircuit(12, seed: 3);
        var power = DevelopmentSetup.DefaultPtauPower(cs);
        Fr tau = NonZero(), alpha = NonZero(), beta = NonZero();
        var ptau = PowersOfTau.PreparePhase2(ToxicWasteSetup.PtauFromSecrets(power, tau, alpha, beta));
        var otherTau = DevelopmentSetup.CreateFromSecrets(cs, power, tau + Fr.One, alpha, beta, NonZero());
        Assert.False(ZkeyContributor.Verify(cs, ptau, otherTau).IsValid);
        var good = DevelopmentSetup.CreateFromSecrets(cs, power, tau, alpha, beta, NonZero());
        Assert.True(ZkeyContributor.Verify(cs, ptau, good).IsValid);
        // One H point off (as a wrong 1/delta fold would make) is caught.
        var h = good.H.ToArray();
        h[1] = (h[1].ToJacobian() + G1Affine.Generator).ToAffine();
        var v = ZkeyContributor.Verify(cs, ptau, good.WithDelta(good.Delta1, good.Delta2, good.C, h, good.Mpc));
        Assert.False(v.IsValid);
        Assert.Contains("H section", v.Reason);
    }

    [Fact]
    public void Proofs_verify_in_ours_and_snarkjs_snarkjs_proves_with_the_zkey_and_tampering_is_rejected()
    {
        var (cs, witness) = RandomCircuit(60, seed: 11);
        var pk = DevelopmentSetup.Create(cs);
        using var dir = new TempDirectory();

        // zkey file round trip.
        var zkeyBytes = Bytes(s => ZkeyFile.Write(pk, s));
        File.WriteAllBytes(dir.File("dev.zkey"), zkeyBytes);
        ProvingKey back;
        using (var f = File.OpenRead(dir.File("dev.zkey"))) back = ZkeyFile.Read(f);
        Assert.Equal(zkeyBytes, Bytes(s => ZkeyFile.Write(back, s)));
        Assert.Equal(pk.H, back.H);
        Assert.Equal(pk.Mpc.Contributions[0].Name, back.Mpc.Contributions[0].Name);

        var (proof, pub) = Groth16Prover.Prove(back, witness);
        var ints = pub.Select(x => x.ToBigInteger()).ToArray();
        Assert.Equal(cs.NPublic, ints.Length);
        Assert.True(Groth16Verifier.Verify(pk.VerificationKey, ints, proof).IsValid);

        File.WriteAllText(dir.File("vk.json"), SnarkjsJson.WriteVerificationKey(pk.VerificationKey));
        File.WriteAllText(dir.File("proof.json"), SnarkjsJson.WriteProof(proof));
        File.WriteAllText(dir.File("public.json"), SnarkjsJson.WritePublic(pub));
        var ok = ProcessRunner.Snarkjs(["groth16", "verify", dir.File("vk.json"), dir.File("public.json"), dir.File("proof.json")]);
        Assert.True(ok.ExitCode == 0 && ok.StdOut.Contains("OK"), ok.StdOut + ok.StdErr);

        // Tampered proof: rejected by us and by snarkjs.
        var tampered = proof with { A = (proof.A.ToJacobian() + G1Affine.Generator).ToAffine() };
        Assert.False(Groth16Verifier.Verify(pk.VerificationKey, ints, tampered).IsValid);
        File.WriteAllText(dir.File("bad.json"), SnarkjsJson.WriteProof(tampered));
        var bad = ProcessRunner.Snarkjs(["groth16", "verify", dir.File("vk.json"), dir.File("public.json"), dir.File("bad.json")]);
        Assert.False(bad.ExitCode == 0 && bad.StdOut.Contains("OK"), bad.StdOut + bad.StdErr);
        // Tampered public input.
        var wrong = ints.ToArray();
        wrong[1] += BigInteger.One;
        Assert.False(Groth16Verifier.Verify(pk.VerificationKey, wrong, proof).IsValid);
        // A mutated witness (breaks a constraint) cannot give a verifying proof.
        var mutated = witness.ToArray();
        mutated[^1] += Fr.One;
        Assert.False(WitnessChecker.Check(cs, mutated).IsSatisfied);
        var proofOfMutated = TryProve(back, mutated);
        if (proofOfMutated != null) Assert.False(Groth16Verifier.Verify(pk.VerificationKey, ints, proofOfMutated).IsValid);

        // snarkjs proves with our zkey; we verify its proof.
        File.WriteAllBytes(dir.File("w.wtns"), Bytes(s => WtnsFile.Write(witness, s)));
        var sp = ProcessRunner.Snarkjs(["groth16", "prove", dir.File("dev.zkey"), dir.File("w.wtns"), dir.File("sproof.json"), dir.File("spublic.json")]);
        Assert.True(sp.ExitCode == 0, sp.StdOut + sp.StdErr);
        var sProof = SnarkjsJson.ReadProof(File.ReadAllText(dir.File("sproof.json")));
        var sPub = SnarkjsJson.ReadPublic(File.ReadAllText(dir.File("spublic.json")));
        Assert.Equal(ints, sPub);
        Assert.True(Groth16Verifier.Verify(pk.VerificationKey, sPub, sProof).IsValid);
    }

    private static Proof? TryProve(ProvingKey pk, Fr[] witness)
    {
        try { return Groth16Prover.Prove(pk, witness).Proof; }
        catch (ArgumentException) { return null; }
        catch (InvalidOperationException) { return null; }
    }

    [Fact]
    public void Is_development_only_with_one_local_contribution_and_fresh_secrets_each_time()
    {
        var (cs, _) = RandomCircuit(8, seed: 5);
        var a = DevelopmentSetup.Create(cs);
        var b = DevelopmentSetup.Create(cs);
        var report = SetupProvenance.Assess(a);
        Assert.True(report.IsDevelopmentOnly, report.Summary);
        Assert.StartsWith("DEVELOPMENT ONLY", report.Summary);
        Assert.Equal(DevelopmentSetup.ContributionName, Assert.Single(a.Mpc.Contributions).Name);
        Assert.False(a.IsSingleParty); // it has a contribution record, like any contributed zkey...
        Assert.True(SetupProvenance.IsLocalName(a.Mpc.Contributions[0].Name)); // ...named as made locally
        Assert.NotEqual(a.Alpha1, b.Alpha1);
        Assert.NotEqual(a.Delta1, b.Delta1);
        Assert.NotEqual(a.A[1], b.A[1]);
        Assert.NotEqual(a.Mpc.CsHash, b.Mpc.CsHash);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_reason()
    {
        var (cs, _) = RandomCircuit(8, seed: 9);
        var power = Groth16Setup.DomainLog2(cs);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DevelopmentSetup.CreateFromSecrets(cs, power - 1, NonZero(), NonZero(), NonZero(), NonZero()));
        Assert.Contains("powers of tau power", e.Message);
        Assert.Throws<ArgumentException>(() => DevelopmentSetup.CreateFromSecrets(cs, power, NonZero(), NonZero(), NonZero(), Fr.Zero));

        // Above 2^14 points snarkjs's circuit hash needs tau powers beyond a same-size ptau: refused before any work.
        var big = new ConstraintSystem(2, 1, 0, 0, Enumerable.Range(0, 1 << 14).Select(_ =>
            new Constraint(LinearCombination.FromWire(1), LinearCombination.FromWire(0), LinearCombination.FromWire(1))).ToList());
        var h = Assert.Throws<ArgumentException>(() => DevelopmentSetup.CreateFromSecrets(big, Groth16Setup.DomainLog2(big), NonZero(), NonZero(), NonZero(), NonZero()));
        Assert.Contains("circuit hash", h.Message);
        Assert.Equal(Groth16Setup.DomainLog2(big) + 1, DevelopmentSetup.DefaultPtauPower(big));

        var badWire = new ConstraintSystem(2, 1, 0, 0, [new Constraint(LinearCombination.FromWire(5), LinearCombination.FromWire(0), LinearCombination.FromWire(1))]);
        var w = Assert.Throws<ArgumentException>(() => DevelopmentSetup.Create(badWire));
        Assert.Contains("wire 5", w.Message);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Fixed_base_windows_agree_with_scalar_multiplication(int bits)
    {
        var scalars = new[] { Fr.Zero, Fr.One, -Fr.One, Fr.FromUInt64(65535), Fr.FromUInt64(65536), Fr.Random(), Fr.Random() };
        var g1 = new FixedBase.G1(G1Affine.Generator, bits).MulMany(scalars);
        var g2 = new FixedBase.G2(G2Affine.Generator, bits).MulMany(scalars);
        for (var i = 0; i < scalars.Length; i++)
        {
            Assert.Equal(G1Jacobian.ScalarMul(G1Affine.Generator, scalars[i]).ToAffine(), g1[i]);
            Assert.Equal(G2Jacobian.ScalarMul(G2Affine.Generator, scalars[i]).ToAffine(), g2[i]);
        }
        Assert.True(g1[0].IsInfinity && g2[0].IsInfinity);
    }
}
