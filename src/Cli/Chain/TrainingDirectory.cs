using System.Numerics;
using System.Text.Json;
using ZkChain.ChainClient.Primitives;
using ZkChain.Cli.Infrastructure;
using ZkChain.Groth16;
using ZkChain.Groth16.Formats;

namespace ZkChain.Cli.Chain;

/// <summary>
/// The public files of a `zkchain train` output folder, as a publisher or a third party sees them.
/// Public inputs are ordered [dataCommitment, modelCommitment, configHash, publisher, ...extras].
/// </summary>
internal sealed class TrainingDirectory
{
    public const int DataIndex = 0, ModelIndex = 1, ConfigIndex = 2, PublisherIndex = 3, MinPublic = 4;

    public required string Path { get; init; }
    public required VerificationKey VerificationKey { get; init; }
    public required Proof Proof { get; init; }
    public required BigInteger[] PublicInputs { get; init; }
    public required JsonElement Config { get; init; }

    public BigInteger DataCommitment => PublicInputs[DataIndex];
    public BigInteger ModelCommitment => PublicInputs[ModelIndex];
    public BigInteger ConfigHash => PublicInputs[ConfigIndex];
    public BigInteger PublisherInput => PublicInputs[PublisherIndex];
    public Address Publisher => AddressFromField(PublisherInput);
    public byte[] CircuitId => VerificationKey.Hash();

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public static TrainingDirectory Load(string dir)
    {
        if (!Directory.Exists(dir)) throw new CliException($"training folder '{dir}' does not exist (make one with `zkchain train ... --out {dir}`)");
        string F(string n) => System.IO.Path.Combine(dir, n);
        var vk = CliRunner.ReadInput(F("verification_key.json"), "verification key", s => SnarkjsJson.ReadVerificationKey(new StreamReader(s).ReadToEnd()));
        var proof = CliRunner.ReadInput(F("proof.json"), "proof", s => SnarkjsJson.ReadProof(new StreamReader(s).ReadToEnd()));
        var pub = CliRunner.ReadInput(F("public.json"), "public inputs", s => SnarkjsJson.ReadPublic(new StreamReader(s).ReadToEnd()));
        if (pub.Length < MinPublic)
            throw new CliException($"public inputs '{F("public.json")}': {pub.Length} values, but a training proof has at least {MinPublic} (data, model, config, publisher)");
        if (pub.Length != vk.NPublic)
            throw new CliException($"public inputs '{F("public.json")}': {pub.Length} values, but the verification key expects {vk.NPublic}");
        var config = CliRunner.ReadInput(F("config.json"), "training config", s => JsonDocument.Parse(s).RootElement.Clone());
        return new TrainingDirectory { Path = dir, VerificationKey = vk, Proof = proof, PublicInputs = pub, Config = config };
    }

    public static Address AddressFromField(BigInteger v)
    {
        if (v.Sign < 0 || v >= BigInteger.One << 160) throw new CliException($"publisher public input {v} does not fit in 160 bits");
        var bytes = new byte[20];
        v.TryWriteBytes(bytes, out var written, isUnsigned: true, isBigEndian: true);
        if (written < 20) { Array.Copy(bytes, 0, bytes, 20 - written, written); Array.Clear(bytes, 0, 20 - written); }
        return Address.Parse(Hex.ToHex(bytes));
    }

    /// <summary>The proof as the 8 words the verifier takes: A, B (EIP-197 order: imaginary first), C.</summary>
    public BigInteger[] ProofWords()
    {
        var b = VerificationKey.Eip197(Proof.B);
        return [Proof.A.X.ToBigInteger(), Proof.A.Y.ToBigInteger(), b[0], b[1], b[2], b[3], Proof.C.X.ToBigInteger(), Proof.C.Y.ToBigInteger()];
    }

    /// <summary>keccak256 of circuit.r1cs (recorded in the registry's circuit metadata); zero when the file is absent.</summary>
    public byte[] R1csHash() => System.IO.File.Exists(File("circuit.r1cs")) ? Keccak.Hash(System.IO.File.ReadAllBytes(File("circuit.r1cs"))) : new byte[32];

    /// <summary>The catalog shape ("circuit": {"kind": "catalog", "shape": {...}}) when the folder's circuit is a padded catalog circuit.</summary>
    public JsonElement? CatalogShape =>
        Config.ValueKind == JsonValueKind.Object && Config.TryGetProperty("circuit", out var c) && c.ValueKind == JsonValueKind.Object
        && c.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String && k.GetString() == "catalog"
        && c.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Object
            ? shape : null;

    public string ConfigString(params string[] names)
    {
        foreach (var n in names)
            if (Config.ValueKind == JsonValueKind.Object && Config.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString()!;
        return "";
    }

    public uint ConfigUInt(params string[] names)
    {
        foreach (var n in names)
        {
            if (Config.ValueKind != JsonValueKind.Object || !Config.TryGetProperty(n, out var v)) continue;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetUInt32(out var u)) return u;
            if (v.ValueKind == JsonValueKind.Array) return (uint)v.GetArrayLength();
        }
        return 0;
    }
}
