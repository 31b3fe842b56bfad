using System.CommandLine;
using System.Text;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Cli.Commands;

/// <summary>
/// snarkjs-style Groth16 verbs: `powersoftau new|contribute|prepare phase2`, `groth16 setup|prove|verify`,
/// `zkey contribute|verify|export verificationkey|export solidityverifier`, `wtns check`.
/// </summary>
internal static class Groth16Commands
{
    private const string DevOnlyWarning =
        "warning: DEVELOPMENT ONLY: this setup was made by a single party, who can forge proofs with it. " +
        "Use a multi-party ceremony (independent contributions) for anything real.";

    public static IEnumerable<Command> Create()
    {
        yield return PowersOfTauCommand();
        yield return Groth16Command();
        yield return ZkeyCommand();
        yield return WtnsCommand();
    }

    // ---------- powersoftau ----------

    private static Command PowersOfTauCommand()
    {
        var cmd = new Command("powersoftau", "Phase 1: universal powers of tau (snarkjs .ptau format, BN254)");

        var power = new Argument<int>("power") { Description = "log2 of the largest circuit domain (1..27)" };
        var outNew = new Argument<string>("out.ptau") { Description = "output .ptau" };
        var create = new Command("new", "Start a new accumulator (tau = 1; contribute before use)");
        create.Arguments.Add(power);
        create.Arguments.Add(outNew);
        create.SetHandler(parse =>
        {
            var p = parse.GetValue(power);
            if (p is < 1 or > 27) throw new CliException($"power {p} out of range 1..27");
            var ptau = PowersOfTau.New(p);
            var path = parse.GetValue(outNew)!;
            AtomicFile.Write(path, s => PtauFile.Write(ptau, s));
            Console.WriteLine($"wrote {path} (power {p}, no contributions yet)");
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(create);

        var inC = new Argument<string>("in.ptau");
        var outC = new Argument<string>("out.ptau");
        var entropy = EntropyOption();
        var name = NameOption();
        var contribute = new Command("contribute", "Add a random contribution (tau, alpha, beta) to a .ptau");
        contribute.Arguments.Add(inC);
        contribute.Arguments.Add(outC);
        contribute.Options.Add(entropy);
        contribute.Options.Add(name);
        contribute.SetHandler(parse =>
        {
            var input = ReadPtau(parse.GetValue(inC)!);
            using var progress = new ConsoleProgress();
            var (result, hash) = PowersOfTauContribution.Contribute(input, parse.GetValue(name), Entropy(parse.GetValue(entropy)), progress);
            var path = parse.GetValue(outC)!;
            AtomicFile.Write(path, s => PtauFile.Write(result, s));
            Console.WriteLine($"wrote {path} (contribution {result.Contributions.Count})");
            Console.WriteLine("contribution hash: " + Convert.ToHexString(hash).ToLowerInvariant());
            if (result.IsSingleParty) Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(contribute);

        var inP = new Argument<string>("in.ptau");
        var outP = new Argument<string>("out.ptau");
        var phase2 = new Command("phase2", "Compute the Lagrange bases phase 2 needs (snarkjs sections 12-15)");
        phase2.Arguments.Add(inP);
        phase2.Arguments.Add(outP);
        phase2.SetHandler(parse =>
        {
            var inPath = parse.GetValue(inP)!;
            var input = ReadPtau(inPath);
            using var progress = new ConsoleProgress();
            PowersOfTauData prepared;
            try
            {
                prepared = PowersOfTau.PreparePhase2(input, progress);
            }
            catch (InvalidDataException e)
            {
                throw new CliException($"powers of tau '{inPath}': {e.Message}", ExitCodes.BadInput, e);
            }
            var path = parse.GetValue(outP)!;
            AtomicFile.Write(path, s => PtauFile.Write(prepared, s));
            Console.WriteLine($"wrote {path} (prepared for phase 2, power {prepared.Power}, {prepared.Contributions.Count} contribution(s))");
            if (prepared.IsSingleParty) Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        var prepare = new Command("prepare", "Prepare a .ptau for phase 2");
        prepare.Subcommands.Add(phase2);
        cmd.Subcommands.Add(prepare);
        return cmd;
    }

    // ---------- groth16 ----------

    private static Command Groth16Command()
    {
        var cmd = new Command("groth16", "Groth16 over BN254: setup, prove, verify (snarkjs-compatible files)");

        var r1cs = new Argument<string>("circuit.r1cs");
        var ptau = new Argument<string>("pot.ptau");
        var zkeyOut = new Argument<string>("circuit.zkey");
        var setup = new Command("setup", "Circuit-specific setup from a prepared .ptau (delta = 1 until a zkey contribution)");
        setup.Arguments.Add(r1cs);
        setup.Arguments.Add(ptau);
        setup.Arguments.Add(zkeyOut);
        setup.SetHandler(parse =>
        {
            var cs = ReadR1cs(parse.GetValue(r1cs)!);
            var pot = ReadPtau(parse.GetValue(ptau)!);
            using var progress = new ConsoleProgress();
            var pk = Groth16Setup.Setup(cs, pot, progress);
            var path = parse.GetValue(zkeyOut)!;
            AtomicFile.Write(path, s => ZkeyFile.Write(pk, s));
            Console.WriteLine($"wrote {path} ({cs.Constraints.Count} constraints, {pk.NPublic} public, domain 2^{pk.DomainLog2})");
            Console.WriteLine("circuit hash: " + Convert.ToHexString(pk.Mpc.CsHash).ToLowerInvariant());
            Console.Error.WriteLine("warning: DEVELOPMENT ONLY until at least one independent `zkey contribute`: with no phase-2 contribution delta = 1 and anyone can forge proofs.");
            if (pot.IsSingleParty) Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(setup);

        var devR1cs = new Argument<string>("circuit.r1cs");
        var devZkey = new Argument<string>("circuit.zkey");
        var setupDev = new Command("setup-dev",
            "DEVELOPMENT ONLY: fast single-party setup (no .ptau needed): tau, alpha, beta and delta are drawn and erased in this process, " +
            "which could therefore forge proofs; the key records one local contribution so every provenance check flags it");
        setupDev.Arguments.Add(devR1cs);
        setupDev.Arguments.Add(devZkey);
        setupDev.SetHandler(parse =>
        {
            var cs = ReadR1cs(parse.GetValue(devR1cs)!);
            using var progress = new ConsoleProgress();
            // Known trapdoor: every key point is a fixed-base multiple of a scalar computed from the secrets, the same
            // key a single-party ptau + `groth16 setup` + one contribution would give, in a fraction of the time.
            ProvingKey pk;
            try
            {
                pk = ZkChain.Groth16.Ceremony.DevelopmentSetup.Create(cs, progress);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"circuit '{parse.GetValue(devR1cs)}': {e.Message}");
            }
            var path = parse.GetValue(devZkey)!;
            AtomicFile.Write(path, s => ZkeyFile.Write(pk, s));
            Console.WriteLine($"wrote {path} ({cs.Constraints.Count} constraints, {pk.NPublic} public, domain 2^{pk.DomainLog2})");
            Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(setupDev);

        var zkey = new Argument<string>("circuit.zkey");
        var wtns = new Argument<string>("witness.wtns");
        var proofOut = new Argument<string>("proof.json");
        var publicOut = new Argument<string>("public.json");
        var prove = new Command("prove", "Prove with a .zkey and a .wtns; writes proof.json and public.json");
        prove.Arguments.Add(zkey);
        prove.Arguments.Add(wtns);
        prove.Arguments.Add(proofOut);
        prove.Arguments.Add(publicOut);
        prove.SetHandler(parse =>
        {
            var pk = ReadZkey(parse.GetValue(zkey)!);
            var witnessPath = parse.GetValue(wtns)!;
            var w = CliRunner.ReadInput(witnessPath, "witness", WtnsFile.Read);
            if (w.Length != pk.NVars) throw new CliException($"witness '{witnessPath}': has {w.Length} values but the proving key expects {pk.NVars}");
            using var progress = new ConsoleProgress();
            var (proof, pub) = Groth16Prover.Prove(pk, w, progress);
            AtomicFile.WriteAllText(parse.GetValue(proofOut)!, SnarkjsJson.WriteProof(proof));
            AtomicFile.WriteAllText(parse.GetValue(publicOut)!, SnarkjsJson.WritePublic(pub));
            Console.WriteLine($"wrote {parse.GetValue(proofOut)} and {parse.GetValue(publicOut)} ({pub.Length} public signal(s))");
            if (pk.IsSingleParty) Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(prove);

        var vkIn = new Argument<string>("verification_key.json");
        var pubIn = new Argument<string>("public.json");
        var proofIn = new Argument<string>("proof.json");
        var verify = new Command("verify", "Verify a proof: prints OK and exits 0, or exits 1 with the reason");
        verify.Arguments.Add(vkIn);
        verify.Arguments.Add(pubIn);
        verify.Arguments.Add(proofIn);
        verify.SetHandler(parse =>
        {
            var vk = ReadJson(parse.GetValue(vkIn)!, "verification key", SnarkjsJson.ReadVerificationKey);
            var pub = ReadJson(parse.GetValue(pubIn)!, "public signals", SnarkjsJson.ReadPublic);
            var proof = ReadJson(parse.GetValue(proofIn)!, "proof", SnarkjsJson.ReadProof);
            var result = Groth16Verifier.Verify(vk, pub, proof);
            if (result.IsValid)
            {
                Console.WriteLine("OK");
                return ExitCodes.Ok;
            }
            Console.Error.WriteLine("invalid proof: " + result.Reason);
            return ExitCodes.CheckFailed;
        });
        cmd.Subcommands.Add(verify);
        return cmd;
    }

    // ---------- zkey ----------

    private static Command ZkeyCommand()
    {
        var cmd = new Command("zkey", "Phase 2 keys (snarkjs .zkey): contribute, verify, export");

        var inZ = new Argument<string>("in.zkey");
        var outZ = new Argument<string>("out.zkey");
        var entropy = EntropyOption();
        var name = NameOption();
        var contribute = new Command("contribute", "Add a phase-2 contribution (new random delta) to a .zkey");
        contribute.Arguments.Add(inZ);
        contribute.Arguments.Add(outZ);
        contribute.Options.Add(entropy);
        contribute.Options.Add(name);
        contribute.SetHandler(parse =>
        {
            var pk = ReadZkey(parse.GetValue(inZ)!);
            using var progress = new ConsoleProgress();
            var (result, hash) = ZkeyContributor.Contribute(pk, parse.GetValue(name), Entropy(parse.GetValue(entropy)), progress);
            var path = parse.GetValue(outZ)!;
            AtomicFile.Write(path, s => ZkeyFile.Write(result, s));
            Console.WriteLine($"wrote {path} (contribution {result.Mpc.Contributions.Count})");
            Console.WriteLine("contribution hash: " + Convert.ToHexString(hash).ToLowerInvariant());
            if (result.Mpc.Contributions.Count < 2)
            {
                Console.Error.WriteLine("warning: this key has a single phase-2 contribution: its security rests on that one contributor alone.");
            }
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(contribute);

        var r1cs = new Argument<string>("circuit.r1cs");
        var ptau = new Argument<string>("pot.ptau");
        var zk = new Argument<string>("circuit.zkey");
        var verify = new Command("verify", "Check a .zkey against the circuit and the .ptau, and every phase-2 contribution");
        verify.Arguments.Add(r1cs);
        verify.Arguments.Add(ptau);
        verify.Arguments.Add(zk);
        verify.SetHandler(parse =>
        {
            var cs = ReadR1cs(parse.GetValue(r1cs)!);
            var pot = ReadPtau(parse.GetValue(ptau)!);
            var pk = ReadZkey(parse.GetValue(zk)!);
            using var progress = new ConsoleProgress();
            var result = ZkeyContributor.Verify(cs, pot, pk, progress);
            if (!result.IsValid)
            {
                Console.Error.WriteLine("zkey invalid: " + result.Reason);
                return ExitCodes.CheckFailed;
            }
            Console.WriteLine($"OK: zkey matches the circuit and the powers of tau; {pk.Mpc.Contributions.Count} contribution(s) verified");
            Console.WriteLine("circuit hash: " + Convert.ToHexString(pk.Mpc.CsHash).ToLowerInvariant());
            if (pk.IsSingleParty || pot.IsSingleParty) Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(verify);

        var export = new Command("export", "Export the verification key or a Solidity verifier");
        var zIn = new Argument<string>("circuit.zkey");
        var vkOut = new Argument<string>("verification_key.json");
        var vkCmd = new Command("verificationkey", "Write verification_key.json (snarkjs format)");
        vkCmd.Arguments.Add(zIn);
        vkCmd.Arguments.Add(vkOut);
        vkCmd.SetHandler(parse =>
        {
            var pk = ReadZkey(parse.GetValue(zIn)!);
            var path = parse.GetValue(vkOut)!;
            AtomicFile.WriteAllText(path, SnarkjsJson.WriteVerificationKey(pk.VerificationKey));
            Console.WriteLine($"wrote {path} ({pk.NPublic} public input(s))");
            Console.WriteLine("verification key hash: 0x" + Convert.ToHexString(pk.VerificationKey.Hash()).ToLowerInvariant());
            if (pk.IsSingleParty) Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        export.Subcommands.Add(vkCmd);

        var zIn2 = new Argument<string>("circuit.zkey");
        var solOut = new Argument<string>("Verifier.sol");
        var contractName = new Option<string>("--name") { Description = "contract name", DefaultValueFactory = _ => "Groth16Verifier" };
        var solCmd = new Command("solidityverifier", "Write a Solidity verifier (IGroth16Verifier) for this key");
        solCmd.Arguments.Add(zIn2);
        solCmd.Arguments.Add(solOut);
        solCmd.Options.Add(contractName);
        solCmd.SetHandler(parse =>
        {
            var pk = ReadZkey(parse.GetValue(zIn2)!);
            var path = parse.GetValue(solOut)!;
            var text = SolidityVerifierExporter.Export(pk.VerificationKey, parse.GetValue(contractName)!, pk.IsSingleParty);
            AtomicFile.WriteAllText(path, text);
            Console.WriteLine($"wrote {path} ({pk.NPublic} public input(s))");
            Console.WriteLine("verification key hash: 0x" + Convert.ToHexString(pk.VerificationKey.Hash()).ToLowerInvariant());
            if (pk.IsSingleParty) Console.Error.WriteLine(DevOnlyWarning);
            return ExitCodes.Ok;
        });
        export.Subcommands.Add(solCmd);
        cmd.Subcommands.Add(export);
        return cmd;
    }

    // ---------- wtns ----------

    private static Command WtnsCommand()
    {
        var cmd = new Command("wtns", "Witness files (.wtns)");
        var r1cs = new Argument<string>("circuit.r1cs");
        var wtns = new Argument<string>("witness.wtns");
        var check = new Command("check", "Check that a witness satisfies every constraint of a circuit");
        check.Arguments.Add(r1cs);
        check.Arguments.Add(wtns);
        check.SetHandler(parse =>
        {
            var cs = ReadR1cs(parse.GetValue(r1cs)!);
            var wPath = parse.GetValue(wtns)!;
            var w = CliRunner.ReadInput(wPath, "witness", WtnsFile.Read);
            if (w.Length != cs.NWires)
            {
                Console.Error.WriteLine($"witness '{wPath}' has {w.Length} values but the circuit has {cs.NWires} wires");
                return ExitCodes.CheckFailed;
            }
            var result = WitnessChecker.Check(cs, w);
            if (!result.IsSatisfied)
            {
                Console.Error.WriteLine($"witness does not satisfy the circuit: constraint {result.FailedConstraint} fails{(result.Reason == null ? "" : ": " + result.Reason)}");
                return ExitCodes.CheckFailed;
            }
            Console.WriteLine($"OK: all {cs.Constraints.Count} constraints satisfied");
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(check);
        return cmd;
    }

    // ---------- helpers ----------

    private static Option<string?> EntropyOption() => new("--entropy", "-e")
    {
        Description = "extra entropy text, mixed with 64 bytes from the OS CSPRNG (never prompted for)",
    };

    private static Option<string?> NameOption() => new("--name", "-n") { Description = "contributor name recorded in the file" };

    private static byte[] Entropy(string? text) => text == null ? [] : Encoding.UTF8.GetBytes(text);

    private static PowersOfTauData ReadPtau(string path) => CliRunner.ReadInput(path, "powers of tau", PtauFile.Read);
    private static ProvingKey ReadZkey(string path) => CliRunner.ReadInput(path, "zkey", ZkeyFile.Read);
    private static ConstraintSystem ReadR1cs(string path) => CliRunner.ReadInput(path, "circuit", R1csFile.Read);

    private static T ReadJson<T>(string path, string what, Func<string, T> parse) =>
        CliRunner.ReadInput(path, what, s =>
        {
            using var r = new StreamReader(s, Encoding.UTF8);
            return parse(r.ReadToEnd());
        });
}
