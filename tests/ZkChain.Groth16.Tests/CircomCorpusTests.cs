using System.Numerics;
using System.Text.Json.Nodes;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;
using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>One corpus circuit compiled one way: its circom file, optimisation flag and input file.</summary>
public sealed record CorpusCircuit(string Name, string Source, string? OptFlag, string InputFile)
{
    public override string ToString() => Name;
}

/// <summary>
/// Builds the circom corpus (tests/fixtures/circom/corpus) once: circom2 compiles every circuit (circomlib copied
/// next to it, since circom2 only sees its working folder), snarkjs makes a power-9 ptau and, per circuit, the
/// witness, setup and final zkeys, a proof and the verification key (snarkjs-oracle.js, one node process); then
/// zkchain sets up its own zkey and proves with snarkjs's key, and snarkjs checks both (a second node process).
/// </summary>
public sealed class CircomCorpusFixture : IDisposable
{
    public const int Power = 9;

    public static readonly CorpusCircuit[] Circuits =
    [
        new("poseidon3", "poseidon3.circom", "--O2", "poseidon3.input.json"),
        new("lessthan", "lessthan.circom", null, "lessthan.input.json"),
        new("mimc", "mimc.circom", null, "mimc.input.json"),
        new("nopublic", "nopublic.circom", null, "nopublic.input.json"),
        new("manypublic", "manypublic.circom", null, "manypublic.input.json"),
        new("pow2exact", "pow2exact.circom", null, "pow2exact.input.json"),
        new("pow2over", "pow2over.circom", null, "pow2over.input.json"),
        new("linear", "linear.circom", null, "linear.input.json"),
        new("linear-O2", "linear.circom", "--O2", "linear.input.json"),
        new("optlevels-O0", "optlevels.circom", "--O0", "optlevels.input.json"),
        new("optlevels-O2", "optlevels.circom", "--O2", "optlevels.input.json"),
        new("unused", "unused.circom", null, "unused.input.json"),
        new("unused-O0", "unused.circom", "--O0", "unused.input.json"),
        new("bigconst", "bigconst.circom", null, "bigconst.input.json"),
        new("zeros", "zeros.circom", null, "zeros.input.json"),
        new("empty", "empty.circom", null, "empty.input.json"),
    ];

    public static IEnumerable<object[]> Names => Circuits.Select(c => new object[] { c.Name });

    public TempDirectory Dir { get; } = new("zkchain-corpus");
    public string Ptau => Dir.File("pot.ptau");
    public string CircuitDir(string name) => Dir.File(Path.Combine("out", name));
    public string File(string name, string file) => Path.Combine(CircuitDir(name), file);
    public string R1cs(string name) => File(name, Stem(name) + ".r1cs");
    public Dictionary<string, (int NPublic, int DomainSize)> SnarkjsSizes { get; } = new();
    public Dictionary<string, (bool ZkeyOk, bool ProofOk)> SnarkjsChecks { get; } = new();

    private static string Stem(string name) => Path.GetFileNameWithoutExtension(Circuits.Single(c => c.Name == name).Source);
    public static string CorpusPath(string file) => RepoPaths.Combine("tests", "fixtures", "circom", "corpus", file);

    public CircomCorpusFixture()
    {
        foreach (var f in Directory.GetFiles(CorpusPath(""), "*.circom")) System.IO.File.Copy(f, Dir.File(Path.GetFileName(f)));
        var lib = Directory.CreateDirectory(Dir.File("circomlib")).FullName;
        foreach (var f in Directory.GetFiles(Path.Combine(RepoPaths.NodeModules, "circomlib", "circuits"), "*.circom"))
            System.IO.File.Copy(f, Path.Combine(lib, Path.GetFileName(f)));

        var make = new JsonArray();
        foreach (var c in Circuits)
        {
            Directory.CreateDirectory(CircuitDir(c.Name));
            Compile(Dir.Path, c.Source, Path.Combine("out", c.Name), c.OptFlag);
            var stem = Stem(c.Name);
            make.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["r1cs"] = R1cs(c.Name),
                ["wasm"] = File(c.Name, $"{stem}_js/{stem}.wasm"),
                ["input"] = CorpusPath(c.InputFile),
                ["dir"] = CircuitDir(c.Name),
            });
        }
        var made = Oracle(new JsonObject { ["phase"] = "make", ["power"] = Power, ["dir"] = Dir.Path, ["circuits"] = make });
        foreach (var r in made["circuits"]!.AsArray())
            SnarkjsSizes[(string)r!["name"]!] = ((int)r["nPublic"]!, (int)r["domainSize"]!);

        // zkchain's side: its own setup on snarkjs's ptau, and a proof from snarkjs's final zkey and witness.
        var ptau = Read(Ptau, PtauFile.Read);
        var check = new JsonArray();
        foreach (var c in Circuits)
        {
            var pk = Groth16Setup.Setup(Read(R1cs(c.Name), R1csFile.Read), ptau);
            using (var s = System.IO.File.Create(File(c.Name, "ours.zkey"))) ZkeyFile.Write(pk, s);
            var (proof, pub) = Groth16Prover.Prove(Read(File(c.Name, "final.zkey"), ZkeyFile.Read), Read(File(c.Name, "w.wtns"), WtnsFile.Read));
            System.IO.File.WriteAllText(File(c.Name, "our-proof.json"), SnarkjsJson.WriteProof(proof));
            System.IO.File.WriteAllText(File(c.Name, "our-public.json"), SnarkjsJson.WritePublic(pub));
            check.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["r1cs"] = R1cs(c.Name),
                ["zkey"] = File(c.Name, "ours.zkey"),
                ["vk"] = File(c.Name, "verification_key.json"),
                ["proof"] = File(c.Name, "our-proof.json"),
                ["public"] = File(c.Name, "our-public.json"),
            });
        }
        var checkedResult = Oracle(new JsonObject { ["phase"] = "check", ["ptau"] = Ptau, ["circuits"] = check });
        foreach (var r in checkedResult["circuits"]!.AsArray())
            SnarkjsChecks[(string)r!["name"]!] = ((bool)r["zkeyOk"]!, (bool)r["proofOk"]!);
    }

    /// <summary>circom2 (wasm build) with its output under <paramref name="outDir"/>, relative to the working folder.</summary>
    public static void Compile(string workDir, string file, string outDir, string? optFlag = null, string? prime = null)
    {
        Directory.CreateDirectory(Path.Combine(workDir, outDir)); // circom refuses an output folder that does not exist
        List<string> args = [Path.Combine(RepoPaths.NodeModules, "circom2", "cli.js"), file, "--r1cs", "--wasm", "-o", outDir];
        if (optFlag != null) args.Add(optFlag);
        if (prime != null) args.AddRange(["--prime", prime]);
        ProcessRunner.Run("node", args, workDir, timeout: TimeSpan.FromMinutes(2)).EnsureSuccess("circom2 " + string.Join(' ', args.Skip(1)));
    }

    private JsonNode Oracle(JsonObject request)
    {
        var path = Dir.File($"oracle-{(string)request["phase"]!}.json");
        System.IO.File.WriteAllText(path, request.ToJsonString());
        var r = ProcessRunner.Run("node", [CorpusPath("snarkjs-oracle.js"), path], timeout: TimeSpan.FromMinutes(5))
            .EnsureSuccess("snarkjs-oracle.js " + (string)request["phase"]!);
        return JsonNode.Parse(r.StdOut.Trim().Split('\n')[^1])!;
    }

    public static T Read<T>(string path, Func<Stream, T> read)
    {
        using var s = System.IO.File.OpenRead(path);
        return read(s);
    }

    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// circom circuits that are not the repository's own (issue 2): circomlib Poseidon, comparators and MiMC, zero and 25
/// public signals, a domain exactly full and one past it, linear-only constraints, --O0/--O2 wire maps, unused
/// inputs, constants near p, a mostly-zero witness and a circuit with no constraints. Each is checked against
/// snarkjs in both directions; the CLI's verbs and its errors for foreign files are run as a user would.
/// </summary>
[Collection(CircomCorpusCollection.Name)]
public sealed class CircomCorpusTests(CircomCorpusFixture f)
{
    private static T Read<T>(string path, Func<Stream, T> read) => CircomCorpusFixture.Read(path, read);
    private static byte[] Bytes(Action<Stream> write) { using var ms = new MemoryStream(); write(ms); return ms.ToArray(); }

    [Theory]
    [MemberData(nameof(CircomCorpusFixture.Names), MemberType = typeof(CircomCorpusFixture))]
    public void R1csAndWitness_ReadLikeCircom_AndAMutatedWitnessIsRejected(string name)
    {
        var cs = Read(f.R1cs(name), R1csFile.Read);
        // Byte-identical rewrite: header counts, coefficients and the wire-to-label map all survive.
        Assert.Equal(File.ReadAllBytes(f.R1cs(name)), Bytes(s => R1csFile.Write(cs, s)));
        var w = Read(f.File(name, "w.wtns"), WtnsFile.Read);
        Assert.Equal(cs.NWires, w.Length);
        Assert.True(WitnessChecker.Check(cs, w).IsSatisfied);
        Assert.Equal(f.SnarkjsSizes[name].NPublic, cs.NPublic);
        if (cs.Constraints.Count == 0) return; // "empty": nothing to violate (its soundness rests on the public binding rows alone)

        // Soundness: some wire change must break a constraint, and a proof of that witness must not verify.
        var pk = Read(f.File(name, "final.zkey"), ZkeyFile.Read);
        var bad = MutateUntilUnsatisfied(cs, w);
        var (proof, pub) = Groth16Prover.Prove(pk, bad);
        Assert.False(Groth16Verifier.Verify(pk.VerificationKey, pub.Select(x => x.ToBigInteger()).ToArray(), proof).IsValid);
    }

    private static Fr[] MutateUntilUnsatisfied(ConstraintSystem cs, Fr[] w)
    {
        for (var wire = cs.NWires - 1; wire > 0; wire--)
        {
            var bad = w.ToArray();
            bad[wire] += Fr.One;
            if (!WitnessChecker.Check(cs, bad).IsSatisfied) return bad;
        }
        throw new InvalidOperationException("no single-wire change breaks the circuit");
    }

    [Theory]
    [MemberData(nameof(CircomCorpusFixture.Names), MemberType = typeof(CircomCorpusFixture))]
    public void OurSetup_ByteIdenticalToSnarkjs_AndAcceptedBySnarkjsZkeyVerify(string name)
    {
        Assert.Equal(File.ReadAllBytes(f.File(name, "setup.zkey")), File.ReadAllBytes(f.File(name, "ours.zkey")));
        Assert.True(f.SnarkjsChecks[name].ZkeyOk, $"snarkjs zkey verify rejected zkchain's zkey for {name}");
        Assert.Equal(f.SnarkjsSizes[name].DomainSize, Read(f.File(name, "ours.zkey"), ZkeyFile.Read).DomainSize);
        // snarkjs's contributed key round-trips through our reader and writer with every section unchanged. (The
        // section order is not kept: snarkjs's setup writes 1,2,4,3,9,8,5,6,7,10 and its contribute 1..10; readers
        // locate sections by id.)
        var final = File.ReadAllBytes(f.File(name, "final.zkey"));
        var rewritten = Bytes(s => ZkeyFile.Write(Read(f.File(name, "final.zkey"), ZkeyFile.Read), s));
        Assert.Equal(final.Length, rewritten.Length);
        var before = SectionContainer.Open(new MemoryStream(final), "zkey", "snarkjs final.zkey");
        var after = SectionContainer.Open(new MemoryStream(rewritten), "zkey", "rewritten final.zkey");
        for (var id = 1; id <= 10; id++)
            Assert.True(before.Section(id, "zkey", $"section {id}").AsSpan().SequenceEqual(after.Section(id, "zkey", $"section {id}")), $"{name}: zkey section {id} changed in the round trip");
    }

    [Theory]
    [MemberData(nameof(CircomCorpusFixture.Names), MemberType = typeof(CircomCorpusFixture))]
    public void OurProofFromSnarkjsZkey_AcceptedBySnarkjs_WithIdenticalPublicJson(string name)
    {
        Assert.True(f.SnarkjsChecks[name].ProofOk, $"snarkjs groth16 verify rejected zkchain's proof for {name}");
        Assert.Equal(File.ReadAllText(f.File(name, "public.json")), File.ReadAllText(f.File(name, "our-public.json")));
    }

    [Theory]
    [MemberData(nameof(CircomCorpusFixture.Names), MemberType = typeof(CircomCorpusFixture))]
    public void SnarkjsProof_AcceptedByUs_TamperedRejected_AndVerificationKeyJsonIdentical(string name)
    {
        var vkText = File.ReadAllText(f.File(name, "verification_key.json"));
        Assert.Equal(vkText, SnarkjsJson.WriteVerificationKey(Read(f.File(name, "final.zkey"), ZkeyFile.Read).VerificationKey));
        var vk = SnarkjsJson.ReadVerificationKey(vkText);
        var proof = SnarkjsJson.ReadProof(File.ReadAllText(f.File(name, "proof.json")));
        var pub = SnarkjsJson.ReadPublic(File.ReadAllText(f.File(name, "public.json"))).ToArray();
        Assert.True(Groth16Verifier.Verify(vk, pub, proof).IsValid);
        if (pub.Length > 0)
        {
            var last = pub.ToArray();
            last[^1] = (last[^1] + 1) % Fr.Modulus;
            Assert.False(Groth16Verifier.Verify(vk, last, proof).IsValid);
        }
        var moved = proof with { C = (proof.C.ToJacobian() + G1Affine.Generator).ToAffine() };
        Assert.False(Groth16Verifier.Verify(vk, pub, moved).IsValid);
    }

    [Fact]
    public void DomainBoundary_ExactPowerOfTwoFits_OneMoreDoubles()
    {
        var exact = Read(f.R1cs("pow2exact"), R1csFile.Read);
        var over = Read(f.R1cs("pow2over"), R1csFile.Read);
        // The corpus only tests the boundary if circom still produces these counts.
        Assert.Equal(32, exact.Constraints.Count + exact.NPublic + 1);
        Assert.Equal(33, over.Constraints.Count + over.NPublic + 1);
        Assert.Equal(32, Read(f.File("pow2exact", "ours.zkey"), ZkeyFile.Read).DomainSize);
        Assert.Equal(64, Read(f.File("pow2over", "ours.zkey"), ZkeyFile.Read).DomainSize);
        Assert.Equal(2, Read(f.File("empty", "ours.zkey"), ZkeyFile.Read).DomainSize);
    }

    [Fact]
    public void OptimisationLevels_O0KeepsLinearConstraints_O2RemapsWires()
    {
        var o0 = Read(f.R1cs("optlevels-O0"), R1csFile.Read);
        var o2 = Read(f.R1cs("optlevels-O2"), R1csFile.Read);
        Assert.Contains(o0.Constraints, c => c.A.Count == 0 && c.B.Count == 0);
        Assert.DoesNotContain(o2.Constraints, c => c.A.Count == 0 && c.B.Count == 0);
        Assert.Equal(Enumerable.Range(0, o0.NWires).Select(i => (ulong)i), o0.WireToLabel);
        Assert.NotEqual(Enumerable.Range(0, o2.NWires).Select(i => (ulong)i), o2.WireToLabel);
        Assert.True(o2.NLabels > (ulong)o2.NWires);
        // Linear-only: every constraint of "linear" has empty A and B (0 * 0 = C).
        Assert.All(Read(f.R1cs("linear"), R1csFile.Read).Constraints, c => Assert.True(c.A.Count == 0 && c.B.Count == 0));
    }

    [Fact]
    public void UnusedAndSubstitutedPrivateInputs_CountedInHeaderButNotWires_AreAccepted()
    {
        // Regression: circom's nPrvIn counts private inputs the simplifier dropped from the witness, so
        // 1 + outputs + inputs can exceed the wires; zkchain used to reject these files as inconsistent.
        foreach (var name in new[] { "unused", "linear-O2", "empty" })
        {
            var cs = Read(f.R1cs(name), R1csFile.Read);
            Assert.True(1 + cs.NPublic + cs.NPrivateInputs > cs.NWires, name);
        }
    }

    [Fact]
    public void EmptyPublicSignals_WrittenAsSnarkjsDoes()
    {
        Assert.Equal("[\n]", SnarkjsJson.WritePublic([]));
        Assert.Equal("[\n]", File.ReadAllText(f.File("nopublic", "public.json")));
        Assert.Empty(SnarkjsJson.ReadPublic("[\n]"));
    }
}

[CollectionDefinition(Name)]
public sealed class CircomCorpusCollection : ICollectionFixture<CircomCorpusFixture>
{
    public const string Name = "circom corpus";
}

/// <summary>The zkchain CLI on corpus files, run as a separate process the way users run it.</summary>
[Collection(CircomCorpusCollection.Name)]
public sealed class CircomCorpusCliTests(CircomCorpusFixture f)
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "zkchain.dll");

    public static ProcessResult Zkchain(params string[] args) =>
        ProcessRunner.Run("dotnet", [Dll, .. args], timeout: TimeSpan.FromMinutes(3));

    private static void AssertCleanError(ProcessResult r, int exitCode, params string[] expected)
    {
        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}, expected {exitCode}\n{r.StdOut}{r.StdErr}");
        foreach (var e in expected) Assert.Contains(e, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.DoesNotContain("Exception", r.StdErr);
    }

    [Theory]
    [InlineData("unused")]
    [InlineData("nopublic")]
    public void CliVerbs_MatchSnarkjs(string name)
    {
        using var dir = new TempDirectory();
        Assert.Contains("OK", Zkchain("wtns", "check", f.R1cs(name), f.File(name, "w.wtns")).EnsureSuccess("wtns check").StdOut);
        Zkchain("groth16", "setup", f.R1cs(name), f.Ptau, dir.File("ours.zkey")).EnsureSuccess("groth16 setup");
        Assert.Equal(File.ReadAllBytes(f.File(name, "setup.zkey")), File.ReadAllBytes(dir.File("ours.zkey")));
        Zkchain("groth16", "prove", f.File(name, "final.zkey"), f.File(name, "w.wtns"), dir.File("proof.json"), dir.File("public.json"))
            .EnsureSuccess("groth16 prove");
        Assert.Equal(File.ReadAllText(f.File(name, "public.json")), File.ReadAllText(dir.File("public.json")));
        Zkchain("zkey", "export", "verificationkey", f.File(name, "final.zkey"), dir.File("vk.json")).EnsureSuccess("zkey export verificationkey");
        Assert.Equal(File.ReadAllText(f.File(name, "verification_key.json")), File.ReadAllText(dir.File("vk.json")));
        foreach (var (proof, pub) in new[] { (f.File(name, "proof.json"), f.File(name, "public.json")), (dir.File("proof.json"), dir.File("public.json")) })
        {
            var r = Zkchain("groth16", "verify", dir.File("vk.json"), pub, proof);
            Assert.True(r.ExitCode == 0 && r.StdOut.Contains("OK"), r.StdOut + r.StdErr);
        }
        // A proof from another circuit's key is rejected (exit 1), not an error.
        var other = name == "unused" ? "nopublic" : "unused";
        var bad = Zkchain("groth16", "verify", dir.File("vk.json"), f.File(name, "public.json"), f.File(other, "proof.json"));
        Assert.Equal(1, bad.ExitCode);
    }

    [Fact]
    public void ForeignFiles_ClearErrors_NoStackTrace_NoOutputFile()
    {
        using var dir = new TempDirectory();
        File.Copy(CircomCorpusFixture.CorpusPath("nopublic.circom"), dir.File("nopublic.circom"));
        File.Copy(CircomCorpusFixture.CorpusPath("customgate.circom"), dir.File("customgate.circom"));
        CircomCorpusFixture.Compile(dir.Path, "nopublic.circom", "bls", prime: "bls12381");
        CircomCorpusFixture.Compile(dir.Path, "nopublic.circom", "goldilocks", prime: "goldilocks");
        CircomCorpusFixture.Compile(dir.Path, "customgate.circom", ".");
        var zkey = dir.File("out.zkey");

        AssertCleanError(Zkchain("groth16", "setup", dir.File("bls/nopublic.r1cs"), f.Ptau, zkey), 2, "bls/nopublic.r1cs", "compiled for prime", "BN254");
        AssertCleanError(Zkchain("wtns", "check", dir.File("goldilocks/nopublic.r1cs"), f.File("nopublic", "w.wtns")), 2, "goldilocks/nopublic.r1cs", "field size is 8 bytes");
        AssertCleanError(Zkchain("groth16", "setup", dir.File("customgate.r1cs"), f.Ptau, zkey), 2, "customgate.r1cs", "custom gates");
        Assert.False(File.Exists(zkey));

        // A witness for another prime (the header's prime replaced by BLS12-381's scalar field order).
        var wtns = File.ReadAllBytes(f.File("nopublic", "w.wtns"));
        var bls = BigInteger.Parse("52435875175126190479447740508185965837690552500527637822603658699938581184513");
        Assert.Equal(Fr.Modulus, new BigInteger(wtns.AsSpan(28, 32), isUnsigned: true));
        bls.TryWriteBytes(wtns.AsSpan(28, 32), out _, isUnsigned: true);
        File.WriteAllBytes(dir.File("bls.wtns"), wtns);
        AssertCleanError(Zkchain("wtns", "check", f.R1cs("nopublic"), dir.File("bls.wtns")), 2, "bls.wtns", "prime");

        // A witness of another circuit: a different length is named; the same length fails a constraint.
        AssertCleanError(Zkchain("wtns", "check", f.R1cs("nopublic"), f.File("mimc", "w.wtns")), 1, "367 values", "5 wires");
        AssertCleanError(Zkchain("groth16", "prove", f.File("nopublic", "final.zkey"), f.File("mimc", "w.wtns"), dir.File("p.json"), dir.File("q.json")), 2, "367 values");
        Assert.False(File.Exists(dir.File("p.json")));
        Assert.Equal(Read(f.R1cs("nopublic")).NWires, Read(f.R1cs("unused")).NWires);
        AssertCleanError(Zkchain("wtns", "check", f.R1cs("nopublic"), f.File("unused", "w.wtns")), 1, "does not satisfy");
    }

    private static ConstraintSystem Read(string path) => CircomCorpusFixture.Read(path, R1csFile.Read);
}

/// <summary>
/// The Solidity verifier exported by the CLI for 0 and 25 public signals (SolidityVerifierTests covers 1..5), compiled
/// by solc and run on a Hardhat node through tests/oracles/groth16-evm.js with snarkjs's proofs.
/// </summary>
[Collection(CircomCorpusCollection.Name)]
public sealed class CircomCorpusEvmTests(CircomCorpusFixture f, HardhatNode node) : IClassFixture<HardhatNode>
{
    [Fact]
    public void ExportedVerifier_ZeroAndManyPublicSignals_OnEvm()
    {
        foreach (var name in new[] { "nopublic", "manypublic" })
        {
            using var dir = new TempDirectory();
            var contract = "Corpus" + (name == "nopublic" ? "NoPublic" : "ManyPublic");
            CircomCorpusCliTests.Zkchain("zkey", "export", "solidityverifier", f.File(name, "final.zkey"), dir.File("V.sol"), "--name", contract)
                .EnsureSuccess("zkey export solidityverifier");
            var proof = SnarkjsJson.ReadProof(File.ReadAllText(f.File(name, "proof.json")));
            var pub = SnarkjsJson.ReadPublic(File.ReadAllText(f.File(name, "public.json"))).Select(x => x.ToString()).ToArray();
            var words = proof.ToSolidityWords().Select(x => x.ToString()).ToArray();
            var movedC = (proof with { C = (proof.C.ToJacobian() + G1Affine.Generator).ToAffine() }).ToSolidityWords().Select(x => x.ToString()).ToArray();
            var cases = new List<(string Name, string[] Proof, string[] Inputs)>
            {
                ("valid", words, pub),
                ("C moved", movedC, pub),
                ("one input too many", words, [.. pub, "1"]),
            };
            if (pub.Length > 0)
            {
                cases.Add(("last input changed", words, pub.Select((x, i) => i == pub.Length - 1 ? (BigInteger.Parse(x) + 1).ToString() : x).ToArray()));
                cases.Add(("last input + r", words, pub.Select((x, i) => i == pub.Length - 1 ? (BigInteger.Parse(x) + Fr.Modulus).ToString() : x).ToArray()));
                cases.Add(("one input too few", words, pub[..^1]));
            }
            var result = EvmVerifierOracle.Run(dir, node.RpcUrl, File.ReadAllText(dir.File("V.sol")), contract,
                JsonNode.Parse(File.ReadAllText(f.File(name, "verification_key.json")))!, cases);
            Assert.Equal(pub.Length.ToString(), (string)result["publicInputCount"]!);
            Assert.Equal((string)result["expectedHashFromVk"]!, (string)result["verificationKeyHash"]!);
            Assert.Empty(result["warnings"]!.AsArray());
            var res = EvmVerifierOracle.ResultsByName(result);
            Assert.True((bool?)res["valid"]["ok"] == true, name + ": " + res["valid"].ToJsonString());
            Assert.True((bool?)res["C moved"]["ok"] == false, name + ": " + res["C moved"].ToJsonString());
            Assert.Equal("WrongPublicInputCount", (string?)res["one input too many"]["error"]);
            if (pub.Length > 0)
            {
                Assert.True((bool?)res["last input changed"]["ok"] == false, name + ": " + res["last input changed"].ToJsonString());
                Assert.Equal("PublicInputNotInField", (string?)res["last input + r"]["error"]);
                Assert.Equal((pub.Length - 1).ToString(), (string?)res["last input + r"]["errorArgs"]![0]);
                Assert.Equal("WrongPublicInputCount", (string?)res["one input too few"]["error"]);
            }
        }
    }
}
