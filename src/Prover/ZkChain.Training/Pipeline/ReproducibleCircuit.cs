using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Digests;
using ZkChain.Algebra;
using ZkChain.Circuits;
using ZkChain.R1cs;
using ZkChain.Training.Circuits;
using ZkChain.Training.Commitment;
using ZkChain.Training.Data;
using ZkChain.Training.Catalog;
using ZkChain.Training.Training;

namespace ZkChain.Training.Pipeline;

/// <summary>A circuit rebuilt from a config.json: the compiled system, its exact .r1cs bytes and their keccak256.</summary>
/// <param name="Kind">"custom" (a circuit for exactly one training run, config version 1) or "catalog" (a padded circuit of the shipped catalog, <see cref="CircuitCatalog"/>).</param>
/// <param name="ConfigHash">The config's configHash; for training configs it was recomputed from the encoding.</param>
/// <param name="Spec">The rebuilt training spec (training configs only).</param>
public sealed record ReproducibleCircuitBuild(
    string Kind,
    CompiledCircuit Circuit,
    byte[] R1cs,
    byte[] R1csKeccak256,
    Fr ConfigHash,
    TrainingSpec? Spec)
{
    public int Constraints => Circuit.NConstraints;
    public int Wires => Circuit.System.NWires;
    public string R1csKeccak256Hex => "0x" + Convert.ToHexString(R1csKeccak256).ToLowerInvariant();
}

/// <summary>
/// Rebuilds the training circuit of a `zkchain train` folder from its config.json alone, so anyone can check that a
/// registered circuit (its .r1cs keccak256) is the stated training algorithm. The circuit depends only on the
/// integers of configHashEncoding (the doubles of the config are informative), and compilation records wires and
/// constraints in program order, so the .r1cs is byte-identical on every machine and run.
/// Malformed or inconsistent configs raise <see cref="InvalidDataException"/> naming the field.
/// </summary>
public static class ReproducibleCircuit
{
    // Encoding layout (ConfigHash version 1): 18 fixed values, then muQ[d], scaleQ[d], targetMuQ, targetScaleQ.
    private const int FixedPrefix = 18;
    // Bounds that keep a hostile config from asking for an absurd compile; far above what this machine can prove.
    private const int MaxRows = 1_000_000, MaxFeatures = 4096, MaxEpochs = 10_000;

    /// <summary>Reads and rebuilds <paramref name="path"/>; errors name the file.</summary>
    public static ReproducibleCircuitBuild BuildFromFile(string path, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException("not a JSON object");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})"); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: {e.Message}"); }
        return Build(config, path, progress);
    }

    /// <param name="source">Named in error messages (the file the config came from).</param>
    public static ReproducibleCircuitBuild Build(JsonObject config, string source = "config.json", IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (IsCatalog(config, source))
        {
            // A catalog circuit's shape comes from the named entry of this build's catalog, never guessed from the values.
            var entry = CircuitCatalog.EntryFromConfig(config)
                ?? throw new InvalidDataException($"{source}: \"circuit.kind\" is \"catalog\" but names no catalog entry");
            var stated = CheckCatalogEncoding(config, entry, source);
            return Compile("catalog", new CatalogTrainingCircuit(entry), stated, null, progress);
        }
        var spec = SpecFromConfig(config, source);
        return Compile("custom", new TrainingCircuit(spec), ConfigHash.Compute(spec), spec, progress);
    }

    /// <summary>keccak256 (the Ethereum hash the registry records for a .r1cs).</summary>
    public static byte[] Keccak256(ReadOnlySpan<byte> data)
    {
        var k = new KeccakDigest(256);
        k.BlockUpdate(data.ToArray(), 0, data.Length);
        var h = new byte[32];
        k.DoFinal(h, 0);
        return h;
    }

    private static ReproducibleCircuitBuild Compile(string kind, ICircuit circuit, Fr configHash, TrainingSpec? spec, IProgress<(string Stage, double Fraction)>? progress)
    {
        progress?.Report(("compiling circuit", 0));
        var compiled = CircuitCompiler.Compile(circuit);
        progress?.Report(("compiling circuit", 1));
        using var ms = new MemoryStream();
        R1csFile.Write(compiled.System, ms);
        var bytes = ms.ToArray();
        return new ReproducibleCircuitBuild(kind, compiled, bytes, Keccak256(bytes), configHash, spec);
    }

    /// <summary>
    /// A version-2 (catalog) config: the encoding hashes to configHash and starts with the entry's shape. The values
    /// after the shape (rows, lr, normalisation, ...) are circuit inputs, so they do not change the .r1cs.
    /// </summary>
    private static Fr CheckCatalogEncoding(JsonObject config, CatalogEntry entry, string source)
    {
        InvalidDataException Bad(string field, string what) => new($"{source}: {field}: {what}");
        var version = RequireInt(config, "version", source);
        if (version != ConfigHash.VersionCatalog) throw Bad("version", $"a catalog config has version {ConfigHash.VersionCatalog}, this one {version}");
        if (config["configHashEncoding"] is not JsonArray encNode) throw Bad("configHashEncoding", "missing (an array of decimal integers)");
        var enc = new BigInteger[encNode.Count];
        for (var i = 0; i < enc.Length; i++) enc[i] = Integer(encNode[i], $"configHashEncoding[{i}]", source);
        var head = ConfigHash.EncodingV2Shape(entry);
        var expectedLength = head.Count + 5 + 2 * entry.D + 2;
        if (enc.Length != expectedLength) throw Bad("configHashEncoding", $"{enc.Length} values; catalog entry {entry.Name} has {expectedLength}");
        for (var i = 0; i < head.Count; i++)
        {
            if (enc[i] != head[i]) throw Bad($"configHashEncoding[{i}]", $"is {enc[i]}, but catalog entry {entry.Name}'s shape says {head[i]}");
        }
        var stated = Json.ParseField(RequireString(config, "configHash", source), $"{source}: configHash");
        var recomputed = PoseidonChain.Hash(enc.Select(Fr.FromBigInteger).ToArray());
        if (recomputed != stated)
            throw Bad("configHash", $"{stated} is not the Poseidon hash of configHashEncoding ({recomputed}); the config was edited after it was hashed");
        return stated;
    }

    private static bool IsCatalog(JsonObject config, string source)
    {
        if (!config.TryGetPropertyValue("circuit", out var c) || c == null) return false;
        if (c is not JsonObject o) throw new InvalidDataException($"{source}: \"circuit\" must be an object with a \"kind\"");
        var kind = o["kind"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return kind switch
        {
            "catalog" => true,
            "custom" => false,
            _ => throw new InvalidDataException($"{source}: \"circuit.kind\" must be \"catalog\" or \"custom\", got {o["kind"]?.ToJsonString() ?? "nothing"}"),
        };
    }

    /// <summary>
    /// The training spec of a version-1 config.json: validates the encoding, checks that it hashes to configHash and
    /// agrees with the named fields, and derives the split and the epoch row orders from the seed as training did.
    /// </summary>
    public static TrainingSpec SpecFromConfig(JsonObject config, string source = "config.json")
    {
        ArgumentNullException.ThrowIfNull(config);
        InvalidDataException Bad(string field, string what) => new($"{source}: {field}: {what}");

        var version = RequireInt(config, "version", source);
        if (version != ConfigHash.Version) throw Bad("version", $"this config has version {version}; a fixed-shape training config has version {ConfigHash.Version}");

        // The encoding: every integer the circuit depends on.
        if (config["configHashEncoding"] is not JsonArray encNode) throw Bad("configHashEncoding", "missing (an array of decimal integers)");
        var enc = new BigInteger[encNode.Count];
        for (var i = 0; i < enc.Length; i++) enc[i] = Integer(encNode[i], $"configHashEncoding[{i}]", source);
        if (enc.Length < FixedPrefix + 4) throw Bad("configHashEncoding", $"{enc.Length} values; a version-1 encoding has at least {FixedPrefix + 4}");
        string E(int i, string name) => $"configHashEncoding[{i}] ({name})";
        int Small(int i, string name, int min, int max)
        {
            if (enc[i] < min || enc[i] > max) throw Bad(E(i, name), $"must be between {min} and {max}, got {enc[i]}");
            return (int)enc[i];
        }
        if (enc[0] != ConfigHash.Tag) throw Bad(E(0, "tag"), $"must be {ConfigHash.Tag} (\"zkconfig\"), got {enc[0]}");
        if (enc[1] != ConfigHash.Version) throw Bad(E(1, "version"), $"must be {ConfigHash.Version}, got {enc[1]}");
        var family = (ModelFamily)Small(2, "family", 1, 3);
        var d = Small(3, "d", 1, MaxFeatures);
        var outputs = Small(4, "outputs", 1, 16);
        var classes = Small(5, "classes", 0, 16);
        var (wantOutputs, classesOk) = family switch
        {
            ModelFamily.Logistic => (1, classes == 2),
            ModelFamily.Linear => (1, classes == 0),
            _ => (classes, classes >= 2),
        };
        if (outputs != wantOutputs || !classesOk)
            throw Bad(E(4, "outputs") + " / " + E(5, "classes"), $"{outputs} outputs and {classes} classes do not fit {TrainingSpec.FamilyName(family)} regression");
        var nRows = Small(6, "nRows", 1, MaxRows);
        var nTest = Small(7, "nTest", 0, nRows - 1);
        // The seed slot holds 2^64 for the committed row order (tail split, file order), else the 64-bit shuffle seed.
        var committedOrder = enc[8] == ConfigHash.CommittedOrderSeed;
        if (!committedOrder && (enc[8] < 0 || enc[8] > ulong.MaxValue))
            throw Bad(E(8, "seed"), $"must be a 64-bit unsigned integer (or 2^64 for the committed row order), got {enc[8]}");
        var seed = committedOrder ? 0UL : (ulong)enc[8];
        var epochs = Small(9, "epochs", 1, MaxEpochs);
        var batch = Small(10, "batchSize", 1, nRows - nTest);
        var fracBits = Small(11, "fracBits", 8, Dataset.DataFracBits);
        Small(12, "dataFracBits", Dataset.DataFracBits, Dataset.DataFracBits);
        Small(13, "scaleBits", TrainingSpec.ScaleBits, TrainingSpec.ScaleBits);
        Small(14, "lrBits", TrainingSpec.LrBits, TrainingSpec.LrBits);
        var lrQ = enc[15];
        if (lrQ <= 0 || lrQ > BigInteger.One << (TrainingSpec.LrBits + 4)) throw Bad(E(15, "lrQ"), $"the learning rate must be in (0, 16] (lrQ in 1..2^{TrainingSpec.LrBits + 4}), got {lrQ}");
        var l2Q = enc[16];
        if (l2Q < 0 || l2Q > BigInteger.One << (fracBits + 4)) throw Bad(E(16, "l2Q"), $"L2 must be in [0, 16] (l2Q in 0..2^{fracBits + 4}), got {l2Q}");
        var normalization = (NormalizationKind)Small(17, "normalization", 1, 2);
        if (enc.Length != FixedPrefix + 2 * d + 2) throw Bad("configHashEncoding", $"{enc.Length} values; with d = {d} a version-1 encoding has {FixedPrefix + 2 * d + 2}");
        var valueBound = BigInteger.One << (Dataset.ValueBits + 8);
        var muQ = enc[FixedPrefix..(FixedPrefix + d)];
        var scaleQ = enc[(FixedPrefix + d)..(FixedPrefix + 2 * d)];
        for (var j = 0; j < d; j++)
        {
            if (BigInteger.Abs(muQ[j]) >= valueBound) throw Bad(E(FixedPrefix + j, $"offsetQ[{j}]"), $"out of range: {muQ[j]}");
            if (scaleQ[j] <= 0 || scaleQ[j] >= valueBound) throw Bad(E(FixedPrefix + d + j, $"inverseScaleQ[{j}]"), $"must be positive and below 2^{Dataset.ValueBits + 8}, got {scaleQ[j]}");
        }
        var targetMuQ = enc[FixedPrefix + 2 * d];
        var targetScaleQ = enc[FixedPrefix + 2 * d + 1];
        if (family == ModelFamily.Linear)
        {
            if (BigInteger.Abs(targetMuQ) >= valueBound) throw Bad(E(FixedPrefix + 2 * d, "targetOffsetQ"), $"out of range: {targetMuQ}");
            if (targetScaleQ <= 0 || targetScaleQ >= valueBound) throw Bad(E(FixedPrefix + 2 * d + 1, "targetInverseScaleQ"), $"must be positive, got {targetScaleQ}");
        }
        else if (!targetMuQ.IsZero || targetScaleQ != BigInteger.One << TrainingSpec.ScaleBits)
        {
            // Training leaves the target as is for classification (offset 0, scale 1).
            throw Bad(E(FixedPrefix + 2 * d, "targetOffsetQ") + " / " + E(FixedPrefix + 2 * d + 1, "targetInverseScaleQ"),
                $"classification configs have 0 and 2^{TrainingSpec.ScaleBits}, got {targetMuQ} and {targetScaleQ}");
        }

        // The hash pins the encoding.
        var recomputed = PoseidonChain.Hash(enc.Select(Fr.FromBigInteger).ToArray());
        var stated = Json.ParseField(RequireString(config, "configHash", source), $"{source}: configHash");
        if (recomputed != stated)
            throw Bad("configHash", $"{stated} is not the Poseidon hash of configHashEncoding ({recomputed}); the config was edited after it was hashed");

        // The named fields a reader sees must say the same as the encoding.
        void Agree(string field, bool ok, string encoded)
        {
            if (!ok) throw Bad(field, $"disagrees with configHashEncoding, which says {encoded}");
        }
        var familyName = RequireString(config, "family", source);
        ModelFamily namedFamily;
        try { namedFamily = TrainingSpec.ParseFamily(familyName); }
        catch (ArgumentException) { throw Bad("family", $"unknown model family '{familyName}'"); }
        Agree("family", namedFamily == family, TrainingSpec.FamilyName(family));
        Agree("nFeatures", RequireInt(config, "nFeatures", source) == d, d.ToString(CultureInfo.InvariantCulture));
        Agree("nClasses", RequireInt(config, "nClasses", source) == classes, classes.ToString(CultureInfo.InvariantCulture));
        Agree("nRows", RequireInt(config, "nRows", source) == nRows, nRows.ToString(CultureInfo.InvariantCulture));
        Agree("nTest", RequireInt(config, "nTest", source) == nTest, nTest.ToString(CultureInfo.InvariantCulture));
        if (config.ContainsKey("nTrain")) Agree("nTrain", RequireInt(config, "nTrain", source) == nRows - nTest, (nRows - nTest).ToString(CultureInfo.InvariantCulture));
        Agree("epochs", RequireInt(config, "epochs", source) == epochs, epochs.ToString(CultureInfo.InvariantCulture));
        Agree("batchSize", RequireInt(config, "batchSize", source) == batch, batch.ToString(CultureInfo.InvariantCulture));
        Agree("fracBits", RequireInt(config, "fracBits", source) == fracBits, fracBits.ToString(CultureInfo.InvariantCulture));
        if (config.ContainsKey("dataFracBits")) Agree("dataFracBits", RequireInt(config, "dataFracBits", source) == Dataset.DataFracBits, Dataset.DataFracBits.ToString(CultureInfo.InvariantCulture));
        if (committedOrder)
        {
            Agree("seed", config["seed"] == null, "no seed (committed row order)");
            if (config["rowOrder"] != null) Agree("rowOrder", RequireString(config, "rowOrder", source).StartsWith("committed", StringComparison.Ordinal), "committed");
        }
        else
        {
            Agree("seed", Integer(config["seed"], "seed", source) == enc[8], seed.ToString(CultureInfo.InvariantCulture));
            if (config["rowOrder"] != null) Agree("rowOrder", RequireString(config, "rowOrder", source).StartsWith("shuffled", StringComparison.Ordinal), "shuffled");
        }
        // Written as lrQ / 2^24 and l2Q / 2^F: exact doubles, so compared exactly.
        var lr = (double)lrQ / Math.Pow(2, TrainingSpec.LrBits);
        Agree("learningRate", RequireDouble(config, "learningRate", source) == lr, $"{lr.ToString("R", CultureInfo.InvariantCulture)} (lrQ {lrQ} / 2^{TrainingSpec.LrBits})");
        var l2 = (double)l2Q / Math.Pow(2, fracBits);
        Agree("l2", RequireDouble(config, "l2", source) == l2, $"{l2.ToString("R", CultureInfo.InvariantCulture)} (l2Q {l2Q} / 2^{fracBits})");
        if (config["normalization"] is not JsonObject norm) throw Bad("normalization", "missing (an object with kind, offsetQ and inverseScaleQ)");
        var kind = RequireString(norm, "kind", $"{source}: normalization");
        Agree("normalization.kind", kind == (normalization == NormalizationKind.ZScore ? "z-score" : "min-max"), normalization == NormalizationKind.ZScore ? "z-score" : "min-max");
        Agree("normalization.offsetQ", IntegerArray(norm, "offsetQ", source).SequenceEqual(muQ), "the offsetQ values in the encoding");
        Agree("normalization.inverseScaleQ", IntegerArray(norm, "inverseScaleQ", source).SequenceEqual(scaleQ), "the inverseScaleQ values in the encoding");

        var (train, test, orders) = committedOrder
            ? TrainingSpec.CommittedRowOrders(nRows, nTest, epochs)
            : TrainingSpec.DeriveRowOrders(seed, nRows, nTest, epochs);
        // The doubles are not part of the circuit; they are recovered from the integers for display only.
        var dataScale = Math.Pow(2, Dataset.DataFracBits);
        var normScale = Math.Pow(2, TrainingSpec.ScaleBits);
        return new TrainingSpec
        {
            Family = family, D = d, Outputs = outputs, Classes = classes, FracBits = fracBits,
            Epochs = epochs, BatchSize = batch, LrQ = lrQ, L2Q = l2Q, Seed = seed,
            NRows = nRows, NTest = nTest, Normalization = normalization,
            Mu = muQ.Select(v => (double)v / dataScale).ToArray(),
            Sigma = scaleQ.Select(v => normScale / (double)v).ToArray(),
            MuQ = muQ, ScaleQ = scaleQ,
            TargetMu = (double)targetMuQ / dataScale, TargetSigma = normScale / (double)targetScaleQ,
            TargetMuQ = targetMuQ, TargetScaleQ = targetScaleQ,
            TrainRows = train, TestRows = test, EpochOrders = orders,
            RowOrder = committedOrder ? RowOrder.Committed : RowOrder.Shuffled,
        };
    }

    // ---- strict JSON field readers (errors name the source and the field) ----

    private static string RequireString(JsonObject o, string field, string source) =>
        o[field] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new InvalidDataException($"{source}: {field}: missing or not a string");

    private static int RequireInt(JsonObject o, string field, string source)
    {
        if (o[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i)) return i;
        throw new InvalidDataException($"{source}: {field}: missing or not a 32-bit integer (got {o[field]?.ToJsonString() ?? "nothing"})");
    }

    private static double RequireDouble(JsonObject o, string field, string source)
    {
        if (o[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var x)) return x;
        throw new InvalidDataException($"{source}: {field}: missing or not a number (got {o[field]?.ToJsonString() ?? "nothing"})");
    }

    /// <summary>A decimal integer written as a JSON string (big values) or a JSON integer.</summary>
    private static BigInteger Integer(JsonNode? node, string field, string source)
    {
        if (node is JsonValue v)
        {
            string? text = v.GetValueKind() switch
            {
                JsonValueKind.String => v.GetValue<string>(),
                JsonValueKind.Number => v.ToJsonString(),
                _ => null,
            };
            if (text != null && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r)) return r;
        }
        throw new InvalidDataException($"{source}: {field}: must be a decimal integer, got {node?.ToJsonString() ?? "nothing"}");
    }

    private static BigInteger[] IntegerArray(JsonObject o, string field, string source)
    {
        if (o[field] is not JsonArray a) throw new InvalidDataException($"{source}: normalization.{field}: missing or not an array");
        return a.Select((n, i) => Integer(n, $"normalization.{field}[{i}]", source)).ToArray();
    }
}
