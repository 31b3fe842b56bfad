using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkChain.Algebra;
using ZkChain.Groth16;
using ZkChain.Groth16.Formats;
using ZkChain.Training.Catalog;
using ZkChain.Training.Commitment;
using ZkChain.Training.Training;

namespace ZkChain.Training.Pipeline;

/// <summary>The JSON files of a training folder and the checks `zkchain verify-training` runs on them.</summary>
public static class TrainingFiles
{
    public static string ModelJson(TrainingOutput o)
    {
        var s = o.Spec;
        var F = s.FracBits;
        var classes = s.Family switch
        {
            ModelFamily.Logistic => new JsonArray(0, 1),
            ModelFamily.Softmax => new JsonArray(Enumerable.Range(0, s.Classes).Select(k => (JsonNode)k).ToArray()),
            _ => null,
        };
        var node = new JsonObject
        {
            ["version"] = 1,
            ["family"] = TrainingSpec.FamilyName(s.Family),
            ["features"] = new JsonArray(o.Data.Features.Select(f => (JsonNode)f).ToArray()),
            ["target"] = o.Data.Target,
            ["classes"] = classes,
            ["normalization"] = Normalization(s),
            ["weights"] = new JsonArray(o.Model.W.Select(w => (JsonNode)new JsonArray(w.Select(v => (JsonNode)FixedPointTrainer.ToDouble(v, F)).ToArray())).ToArray()),
            ["bias"] = new JsonArray(o.Model.B.Select(v => (JsonNode)FixedPointTrainer.ToDouble(v, F)).ToArray()),
            ["fracBits"] = F,
            ["fixedPoint"] = new JsonObject
            {
                ["weights"] = new JsonArray(o.Model.W.Select(w => (JsonNode)new JsonArray(w.Select(v => (JsonNode)v.ToString()).ToArray())).ToArray()),
                ["bias"] = new JsonArray(o.Model.B.Select(v => (JsonNode)v.ToString()).ToArray()),
            },
            ["usage"] = s.Family switch
            {
                ModelFamily.Linear => "x' = (x - offset) / scale per feature; y = (bias + weights[0]·x') * target.scale + target.offset",
                ModelFamily.Logistic => "x' = (x - offset) / scale per feature; class 1 when bias + weights[0]·x' >= 0",
                _ => "x' = (x - offset) / scale per feature; class = argmax_k (bias[k] + weights[k]·x')",
            },
            ["paddingFeatures"] = PaddingJson(o),
            ["padding"] = o.Data.PaddingFeatures == 0 ? null
                : "paddingFeatures are constant-zero columns added when the data was committed (to fit a catalog circuit); their weights are exactly 0, so drop them and apply the model to the other features",
            ["modelCommitment"] = o.ModelCommitment.ToString(),
            ["commitmentScheme"] = "PoseidonChain(fixedPoint.weights[0]..., fixedPoint.bias[0], weights[1]..., bias[1], ..., salt); salt in model.secret.json",
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The padding column names (the last features), or null when the data is not padded.</summary>
    private static JsonArray? PaddingJson(TrainingOutput o) =>
        o.Data.PaddingFeatures == 0 ? null : new JsonArray(o.Data.PaddingNames.Select(f => (JsonNode)f).ToArray());

    private static JsonObject Normalization(TrainingSpec s)
    {
        var n = new JsonObject
        {
            ["kind"] = s.Normalization == NormalizationKind.ZScore ? "z-score" : "min-max",
            ["fittedOn"] = "training split",
            ["offset"] = new JsonArray(s.Mu.Select(v => (JsonNode)v).ToArray()),
            ["scale"] = new JsonArray(s.Sigma.Select(v => (JsonNode)v).ToArray()),
            ["offsetQ"] = new JsonArray(s.MuQ.Select(v => (JsonNode)v.ToString()).ToArray()),
            ["inverseScaleQ"] = new JsonArray(s.ScaleQ.Select(v => (JsonNode)v.ToString()).ToArray()),
        };
        if (s.Family == ModelFamily.Linear)
        {
            n["target"] = new JsonObject { ["kind"] = "z-score", ["offset"] = s.TargetMu, ["scale"] = s.TargetSigma };
        }
        return n;
    }

    public static string ConfigJson(TrainingOutput o)
    {
        var s = o.Spec;
        var catalog = o.CatalogEntry;
        var node = new JsonObject
        {
            ["version"] = catalog == null ? ConfigHash.Version : ConfigHash.VersionCatalog,
            ["circuit"] = catalog == null
                ? new JsonObject { ["kind"] = "custom" }
                : new JsonObject { ["kind"] = "catalog", ["name"] = catalog.Name, ["shape"] = CircuitCatalog.ShapeJson(catalog) },
            ["circuitChoice"] = o.CircuitNote.Length == 0 ? null : o.CircuitNote,
            ["family"] = TrainingSpec.FamilyName(s.Family),
            ["nFeatures"] = s.D,
            ["nClasses"] = s.Classes,
            ["nRows"] = s.NRows,
            ["nTrain"] = s.NTrain,
            ["nTest"] = s.NTest,
            ["features"] = new JsonArray(o.Data.Features.Select(f => (JsonNode)f).ToArray()),
            ["paddingFeatures"] = PaddingJson(o),
            ["target"] = o.Data.Target,
            ["epochs"] = s.Epochs,
            ["batchSize"] = s.BatchSize,
            ["learningRate"] = s.LearningRate,
            ["l2"] = s.L2,
            ["fracBits"] = s.FracBits,
            ["dataFracBits"] = s.DataFracBits,
            ["rowOrder"] = s.RowOrder == RowOrder.Committed ? "committed (rows 0..nTrain-1 train in file order every epoch; the last nTest rows are the test set)" : "shuffled (seeded split and per-epoch order)",
            ["seed"] = s.RowOrder == RowOrder.Committed ? null : s.Seed.ToString(),
            ["normalization"] = Normalization(s),
            ["sigmoid"] = s.Family == ModelFamily.Logistic ? "piecewise linear clamp(z/4 + 1/2, 0, 1)" : null,
            ["softmax"] = s.Family == ModelFamily.Softmax ? "exp(-u) ≈ (1 - u/8)^8 for u = max(z) - z < 8, else 0; p = floor(e·2^F / Σe)" : null,
            ["publisher"] = o.PublisherHex,
            ["developmentSetup"] = o.DevelopmentSetup,
            ["setup"] = o.SetupDescription,
            ["publicInputs"] = new JsonArray("dataCommitment", "modelCommitment", "configHash", "publisher"),
            ["configHash"] = o.ConfigHash.ToString(),
            ["configHashEncoding"] = new JsonArray(o.ConfigEncoding.Select(v => (JsonNode)v.ToString()).ToArray()),
            ["configHashScheme"] = catalog == null
                ? "PoseidonChain over configHashEncoding (each value mod r): [tag, version, family, d, outputs, classes, nRows, nTest, seed (2^64 = committed order), epochs, batch, fracBits, dataFracBits, 32, 24, lrQ, l2Q, normalization, offsetQ..., inverseScaleQ..., targetOffsetQ, targetInverseScaleQ]"
                : "PoseidonChain over configHashEncoding (each value mod r): [tag, version 2, family, d, outputs, classes, maxRows, epochs, batch, fracBits, dataFracBits, 32, 24, nRows, nTrain, lrQ, l2Q, normalization, offsetQ..., inverseScaleQ..., targetOffsetQ, targetInverseScaleQ]",
            ["constraints"] = o.Circuit.NConstraints,
            ["metrics"] = new JsonObject
            {
                ["metric"] = s.Family == ModelFamily.Linear ? "r2" : "accuracy",
                ["fixedPointTest"] = JsonNumberOrNull(o.FixedTestScore),
                ["float64Test"] = JsonNumberOrNull(o.FloatTestScore),
                ["fixedPointTrain"] = JsonNumberOrNull(o.FixedTrainScore),
                ["float64Train"] = JsonNumberOrNull(o.FloatTrainScore),
            },
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode? JsonNumberOrNull(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    public static string ModelSecretJson(Fr modelSalt, Fr modelCommitment) => new JsonObject
    {
        ["note"] = "SECRET: the salt hides the model behind its on-chain commitment. Share it only with parties allowed to check model.json against the commitment.",
        ["modelCommitment"] = modelCommitment.ToString(),
        ["salt"] = modelSalt.ToString(),
    }.ToJsonString(Json.Options);

    public sealed record Check(string Name, bool? Ok, string Detail);

    /// <summary>
    /// The checks of `zkchain verify-training`: the Groth16 proof under the folder's verification key, and each public
    /// input against the public files. Ok = null means the check could not run (e.g. no model opening available).
    /// </summary>
    public static List<Check> Verify(string dir)
    {
        string Read(string name)
        {
            var p = Path.Combine(dir, name);
            if (!File.Exists(p)) throw new FileNotFoundException($"{p}: file not found", p);
            return File.ReadAllText(p);
        }
        T Parse<T>(string name, Func<string, T> f)
        {
            try { return f(Read(name)); }
            catch (Exception e) when (e is InvalidDataException or JsonException or FormatException or ArgumentException or KeyNotFoundException or InvalidOperationException or NullReferenceException)
            {
                throw new InvalidDataException($"{Path.Combine(dir, name)}: {e.Message}");
            }
        }
        var checks = new List<Check>();
        var vk = Parse("verification_key.json", SnarkjsJson.ReadVerificationKey);
        var proof = Parse("proof.json", SnarkjsJson.ReadProof);
        var pub = Parse("public.json", SnarkjsJson.ReadPublic);
        var commitment = Parse("commitment.json", DataCommitment.ReadPublic);
        var config = Parse("config.json", j => JsonNode.Parse(j)!.AsObject());
        var model = Parse("model.json", j => JsonNode.Parse(j)!.AsObject());
        if (pub.Length < 4) throw new InvalidDataException($"{Path.Combine(dir, "public.json")}: {pub.Length} public inputs; a training proof has 4");

        var result = Groth16Verifier.Verify(vk, pub, proof);
        checks.Add(new Check("groth16 proof", result.IsValid, result.IsValid ? "valid under verification_key.json" : "INVALID: " + result.Reason));

        var c = Json.ParseField(commitment.Commitment, "commitment").ToBigInteger();
        checks.Add(new Check("data commitment", pub[0] == c, pub[0] == c ? "public input 0 = commitment.json" : "public input 0 differs from commitment.json"));

        var encoding = Parse("config.json", _ => config["configHashEncoding"]!.AsArray().Select((v, i) => Json.ParseInteger(v!.GetValue<string>(), $"configHashEncoding[{i}]")).ToArray());
        var recomputed = PoseidonChain.Hash(encoding.Select(Fr.FromBigInteger).ToArray()).ToBigInteger();
        var stated = Parse("config.json", _ => Json.ParseField(config["configHash"]!.GetValue<string>(), "configHash").ToBigInteger());
        var shapeOk = Parse("config.json", _ => ShapeMatches(config, encoding));
        var configOk = pub[2] == recomputed && recomputed == stated && shapeOk && config["nRows"]!.GetValue<int>() == commitment.Rows;
        checks.Add(new Check("config hash", configOk, configOk
            ? "public input 2 = Poseidon hash of config.json's encoding, which matches its family, shapes and hyperparameters"
            : "public input 2, config.json's configHash, its encoding or its named fields disagree"));

        var publisher = Parse("config.json", _ => config["publisher"]!.GetValue<string>());
        var pubOk = pub[3] == Circuits.TrainingCircuit.PublisherToField(publisher).ToBigInteger();
        checks.Add(new Check("publisher", pubOk, pubOk ? $"public input 3 = {publisher}" : $"public input 3 is not config.json's publisher {publisher}"));

        var modelCommitment = Parse("model.json", _ => Json.ParseField(model["modelCommitment"]!.GetValue<string>(), "modelCommitment").ToBigInteger());
        var mcOk = pub[1] == modelCommitment;
        checks.Add(new Check("model commitment", mcOk, mcOk ? "public input 1 = model.json's modelCommitment" : "public input 1 differs from model.json's modelCommitment"));

        if (commitment.PaddingFeatures is { Length: > 0 } padding)
        {
            var problem = Parse("model.json", _ => PaddingProblem(commitment, config, encoding, model));
            checks.Add(new Check("padding columns", problem == null, problem ?? $"{string.Join(", ", padding)}: listed alike in commitment.json, config.json and model.json, " +
                "offset 0 and scale 1 in the config hash encoding, and every weight of theirs in model.json is exactly 0"));
        }

        var secretPath = Path.Combine(dir, "model.secret.json");
        if (File.Exists(secretPath))
        {
            var salt = Parse("model.secret.json", j => Json.ParseField(JsonNode.Parse(j)!["salt"]!.GetValue<string>(), "salt"));
            var (fixedModel, floatsMatch) = Parse("model.json", _ => ReadFixedModel(model));
            var opened = ModelCommitment.Compute(fixedModel, salt).ToBigInteger();
            var ok = opened == pub[1] && floatsMatch;
            checks.Add(new Check("model weights", ok, ok
                ? "model.json's fixed-point weights and bias, opened with model.secret.json, give public input 1; float weights = integers / 2^fracBits"
                : "model.json's weights do not open the model commitment"));
        }
        else
        {
            checks.Add(new Check("model weights", null, "not checked: model.secret.json (the commitment opening) is not in this folder"));
        }
        return checks;
    }

    /// <summary>
    /// Whether the config hash encoding says what config.json's named fields say. Version 1 (custom circuits): family, d,
    /// classes, nRows, epochs, batch. Version 2 (catalog circuits): the named catalog entry exists, its shape is the
    /// encoding's head, and n, nTrain and the sizes match.
    /// </summary>
    private static bool ShapeMatches(JsonObject config, BigInteger[] encoding)
    {
        int Int(string name) => config[name]!.GetValue<int>();
        if (encoding.Length < 11 || encoding[0] != ConfigHash.Tag) return false;
        var familyOk = encoding[2] == (int)TrainingSpec.ParseFamily(config["family"]!.GetValue<string>())
            && encoding[3] == Int("nFeatures") && encoding[5] == Int("nClasses");
        if (encoding[1] == ConfigHash.Version)
        {
            if (CircuitCatalog.EntryFromConfig(config) != null) return false; // a catalog circuit needs the v2 encoding
            return familyOk && encoding[6] == Int("nRows") && encoding[7] == Int("nTest") && encoding[9] == Int("epochs") && encoding[10] == Int("batchSize");
        }
        if (encoding[1] != ConfigHash.VersionCatalog) return false;
        var entry = CircuitCatalog.EntryFromConfig(config);
        if (entry == null) return false;
        var head = ConfigHash.EncodingV2Shape(entry);
        var i = ConfigHash.V2RowsIndex;
        return familyOk
            && encoding.Length == head.Count + 5 + 2 * entry.D + 2
            && encoding.Take(head.Count).SequenceEqual(head)
            && encoding[i] == Int("nRows") && encoding[i + 1] == Int("nTrain") && Int("nTrain") + Int("nTest") == Int("nRows")
            && encoding[7] == Int("epochs") && encoding[8] == Int("batchSize");
    }

    /// <summary>
    /// For data committed with padding columns: why the files disagree about them, or null. The padding names must agree
    /// across the files; the hashed normalisation must leave them as committed (offset 0, inverse scale 2^32, so a zero
    /// column stays 0); and their weights must be exactly 0 (a nonzero one means the model is not what training on the
    /// padded data gives).
    /// </summary>
    public static string? PaddingProblem(DataCommitment.CommitmentFile commitment, JsonObject config, BigInteger[] encoding, JsonObject model)
    {
        var padding = commitment.PaddingFeatures ?? [];
        if (padding.Length == 0) return null;
        string[] Names(JsonObject o) => o["paddingFeatures"] is JsonArray a ? a.Select(v => v!.GetValue<string>()).ToArray() : [];
        if (!Names(config).SequenceEqual(padding)) return "config.json's 'paddingFeatures' differ from commitment.json's";
        if (!Names(model).SequenceEqual(padding)) return "model.json's 'paddingFeatures' differ from commitment.json's";
        var d = commitment.Features.Length;
        var first = d - padding.Length;
        // Both encodings (v1: ..., l2Q, normalisation; v2: ..., n, nTrain, lrQ, l2Q, normalisation) put the offsets at
        // index 18 after d at index 3, then the inverse scales.
        const int muStart = ConfigHash.V2RowsIndex + 5;
        if (encoding.Length < muStart + 2 * d || encoding[3] != d) return $"config.json's configHashEncoding is not for {d} features as commitment.json has";
        for (var j = first; j < d; j++)
        {
            if (!encoding[muStart + j].IsZero || encoding[muStart + d + j] != BigInteger.One << TrainingSpec.ScaleBits)
                return $"padding column '{commitment.Features[j]}' is not normalised as a zero column (offset 0, scale 1) in the config hash encoding";
        }
        var fp = model["fixedPoint"]!.AsObject();
        var fixedWeights = fp["weights"]!.AsArray();
        var floatWeights = model["weights"]!.AsArray();
        for (var k = 0; k < fixedWeights.Count; k++)
        {
            var wk = fixedWeights[k]!.AsArray();
            var fk = floatWeights[k]!.AsArray();
            if (wk.Count != d || fk.Count != d) return $"model.json: weights[{k}] has {wk.Count} values; the data has {d} features";
            for (var j = first; j < d; j++)
            {
                var q = Json.ParseInteger(wk[j]!.GetValue<string>(), $"fixedPoint.weights[{k}][{j}]");
                if (!q.IsZero || fk[j]!.GetValue<double>() != 0)
                    return $"model.json: the weight of padding column '{commitment.Features[j]}' (weights[{k}][{j}]) is {fk[j]!.GetValue<double>()}, not 0: padding columns are all zero, so training leaves their weights exactly 0";
            }
        }
        return null;
    }

    private static (FixedModel<BigInteger>, bool) ReadFixedModel(JsonObject model)
    {
        var fp = model["fixedPoint"]!.AsObject();
        var w = fp["weights"]!.AsArray().Select((row, k) => row!.AsArray().Select((v, j) => Json.ParseInteger(v!.GetValue<string>(), $"fixedPoint.weights[{k}][{j}]")).ToArray()).ToArray();
        var b = fp["bias"]!.AsArray().Select((v, k) => Json.ParseInteger(v!.GetValue<string>(), $"fixedPoint.bias[{k}]")).ToArray();
        var F = model["fracBits"]!.GetValue<int>();
        var fw = model["weights"]!.AsArray().Select(row => row!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray();
        var fb = model["bias"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var match = fw.Length == w.Length && fb.Length == b.Length
            && fw.Zip(w).All(p => p.First.Length == p.Second.Length && p.First.Zip(p.Second).All(q => q.First == FixedPointTrainer.ToDouble(q.Second, F)))
            && fb.Zip(b).All(q => q.First == FixedPointTrainer.ToDouble(q.Second, F));
        return (new FixedModel<BigInteger>(w, b), match);
    }
}
