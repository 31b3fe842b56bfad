using ZkChain.TestSupport;

namespace ZkChain.Groth16.Tests;

/// <summary>
/// Builds independent reference artifacts once per test run with the real tools: circom2 compiles
/// tests/fixtures/circom/multiplier.circom, snarkjs makes a power-7 ceremony (new, one contribution,
/// prepare phase2), the zkey (setup + one contribution), the witness, a proof and the verification key.
/// </summary>
public sealed class SnarkjsPipeline : IDisposable
{
    public TempDirectory Dir { get; } = new("zkchain-groth16");
    public string R1cs => Dir.File("multiplier.r1cs");
    public string Wasm => Dir.File("multiplier_js/multiplier.wasm");
    public string Input => Dir.File("input.json");
    public string Pot0 => Dir.File("pot0.ptau");
    public string Pot1 => Dir.File("pot1.ptau");
    public string Pot => Dir.File("pot_final.ptau");
    public string Zkey0 => Dir.File("m0.zkey");
    public string Zkey1 => Dir.File("m1.zkey");
    public string Wtns => Dir.File("witness.wtns");
    public string Proof => Dir.File("proof.json");
    public string Public => Dir.File("public.json");
    public string Vk => Dir.File("verification_key.json");
    public const int Power = 7;

    public SnarkjsPipeline()
    {
        File.Copy(RepoPaths.Combine("tests", "fixtures", "circom", "multiplier.circom"), Dir.File("multiplier.circom"));
        Circom(Dir.Path, "multiplier.circom");
        File.WriteAllText(Input, "{\"a\": \"3\", \"b\": \"11\"}");
        Snark("powersoftau", "new", "bn128", Power.ToString(), Pot0);
        Snark("powersoftau", "contribute", Pot0, Pot1, "--name=first", "-e=some entropy");
        Snark("powersoftau", "prepare", "phase2", Pot1, Pot);
        Snark("groth16", "setup", R1cs, Pot, Zkey0);
        Snark("zkey", "contribute", Zkey0, Zkey1, "--name=second", "-e=more entropy");
        Snark("wtns", "calculate", Wasm, Input, Wtns);
        Snark("groth16", "prove", Zkey1, Wtns, Proof, Public);
        Snark("zkey", "export", "verificationkey", Zkey1, Vk);
    }

    public static void Circom(string workDir, string file) =>
        ProcessRunner.Run("node", [Path.Combine(RepoPaths.NodeModules, "circom2", "cli.js"), file, "--r1cs", "--wasm"], workDir, timeout: TimeSpan.FromMinutes(2))
            .EnsureSuccess("circom2 " + file);

    public static ProcessResult Snark(params string[] args) =>
        ProcessRunner.Snarkjs(args, timeout: TimeSpan.FromMinutes(3)).EnsureSuccess("snarkjs " + string.Join(' ', args));

    public void Dispose() => Dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SnarkjsCollection : ICollectionFixture<SnarkjsPipeline>
{
    public const string Name = "snarkjs pipeline";
}
