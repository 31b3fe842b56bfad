using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using ZkChain.Algebra;

namespace ZkChain.Groth16.Formats;

/// <summary>
/// verification_key.json, proof.json and public.json exactly as snarkjs writes them
/// (bfj with space 1, like JSON.stringify(x, null, 1) except that empty arrays and objects are split
/// over two lines: a circuit without public signals gives "[\n]"; one-space indentation, decimal strings,
/// projective points with z = "1" or ["1","0"]).
/// </summary>
public static class SnarkjsJson
{
    // ---------- writing ----------

    /// <summary>
    /// ffjavascript's final exponentiation uses the Fuentes-Castañeda hard part, so its pairing equals
    /// the standard reduced pairing raised to 2x(6x² + 3x + 1) (x = 4965661367192848881, the BN
    /// parameter). vk_alphabeta_12 is written in snarkjs's convention; verification never reads it.
    /// </summary>
    private static readonly Fr FfjavascriptPairingExponent = Fr.FromBigInteger(
        2 * BnX * (6 * BnX * BnX + 3 * BnX + 1));

    private static BigInteger BnX => BigInteger.Parse("4965661367192848881", CultureInfo.InvariantCulture);

    public static string WriteVerificationKey(VerificationKey vk)
    {
        ArgumentNullException.ThrowIfNull(vk);
        var ab = Pairing.Pair(vk.Alpha1, vk.Beta2).Pow(FfjavascriptPairingExponent).ToBigIntegers();
        var abJson = new List<object>();
        for (var i = 0; i < 2; i++)
        {
            var fq6 = new List<object>();
            for (var j = 0; j < 3; j++)
            {
                fq6.Add(new List<object> { Dec(ab[i * 6 + j * 2]), Dec(ab[i * 6 + j * 2 + 1]) });
            }
            abJson.Add(fq6);
        }
        var obj = new List<KeyValuePair<string, object>>
        {
            new("protocol", "groth16"),
            new("curve", "bn128"),
            new("nPublic", vk.NPublic),
            new("vk_alpha_1", G1Json(vk.Alpha1)),
            new("vk_beta_2", G2Json(vk.Beta2)),
            new("vk_gamma_2", G2Json(vk.Gamma2)),
            new("vk_delta_2", G2Json(vk.Delta2)),
            new("vk_alphabeta_12", abJson),
            new("IC", vk.IC.Select(p => (object)G1Json(p)).ToList()),
        };
        return Stringify(obj);
    }

    public static string WriteProof(Proof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return Stringify(new List<KeyValuePair<string, object>>
        {
            new("pi_a", G1Json(proof.A)),
            new("pi_b", G2Json(proof.B)),
            new("pi_c", G1Json(proof.C)),
            new("protocol", "groth16"),
            new("curve", "bn128"),
        });
    }

    public static string WritePublic(IEnumerable<Fr> signals) => Stringify(signals.Select(s => (object)s.ToString()).ToList());

    private static string Dec(BigInteger v) => v.ToString(CultureInfo.InvariantCulture);

    private static List<object> G1Json(in G1Affine p) => p.IsInfinity
        ? ["0", "1", "0"]
        : [p.X.ToString(), p.Y.ToString(), "1"];

    private static List<object> G2Json(in G2Affine p) => p.IsInfinity
        ? [new List<object> { "0", "0" }, new List<object> { "1", "0" }, new List<object> { "0", "0" }]
        : [
            new List<object> { p.X.C0.ToString(), p.X.C1.ToString() },
            new List<object> { p.Y.C0.ToString(), p.Y.C1.ToString() },
            new List<object> { "1", "0" },
        ];

    private static string Stringify(object o)
    {
        var sb = new StringBuilder();
        Emit(sb, o, 0);
        return sb.ToString();
    }

    private static void Emit(StringBuilder sb, object o, int depth)
    {
        switch (o)
        {
            case string s:
                sb.Append('"').Append(JsonEncodedText.Encode(s)).Append('"');
                break;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case List<KeyValuePair<string, object>> obj:
                if (obj.Count == 0) { sb.Append("{\n").Append(' ', depth).Append('}'); break; }
                sb.Append("{\n");
                for (var k = 0; k < obj.Count; k++)
                {
                    sb.Append(' ', depth + 1).Append('"').Append(JsonEncodedText.Encode(obj[k].Key)).Append('"').Append(": ");
                    Emit(sb, obj[k].Value, depth + 1);
                    sb.Append(k + 1 < obj.Count ? ",\n" : "\n");
                }
                sb.Append(' ', depth).Append('}');
                break;
            case List<object> arr:
                if (arr.Count == 0) { sb.Append("[\n").Append(' ', depth).Append(']'); break; }
                sb.Append("[\n");
                for (var k = 0; k < arr.Count; k++)
                {
                    sb.Append(' ', depth + 1);
                    Emit(sb, arr[k], depth + 1);
                    sb.Append(k + 1 < arr.Count ? ",\n" : "\n");
                }
                sb.Append(' ', depth).Append(']');
                break;
            default:
                throw new InvalidOperationException("unsupported JSON value " + o.GetType());
        }
    }

    // ---------- reading ----------

    public static VerificationKey ReadVerificationKey(string json)
    {
        using var doc = Parse(json, "verification key");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("verification key: top level must be a JSON object");
        var protocol = Str(Prop(root, "protocol", "verification key"), "verification key: protocol");
        if (protocol != "groth16") throw new InvalidDataException($"verification key: protocol is '{protocol}', expected 'groth16'");
        CheckCurve(root, "verification key");
        var alpha = ReadG1(Prop(root, "vk_alpha_1", "verification key"), "verification key: vk_alpha_1", validate: true);
        var beta = ReadG2(Prop(root, "vk_beta_2", "verification key"), "verification key: vk_beta_2", validate: true);
        var gamma = ReadG2(Prop(root, "vk_gamma_2", "verification key"), "verification key: vk_gamma_2", validate: true);
        var delta = ReadG2(Prop(root, "vk_delta_2", "verification key"), "verification key: vk_delta_2", validate: true);
        var icEl = Prop(root, "IC", "verification key");
        if (icEl.ValueKind != JsonValueKind.Array || icEl.GetArrayLength() < 1) throw new InvalidDataException("verification key: IC must be a non-empty array of G1 points");
        var ic = icEl.EnumerateArray().Select((e, i) => ReadG1(e, $"verification key: IC[{i}]", validate: true)).ToArray();
        if (root.TryGetProperty("nPublic", out var np))
        {
            if (np.ValueKind != JsonValueKind.Number || !np.TryGetInt32(out var n) || n != ic.Length - 1)
            {
                throw new InvalidDataException($"verification key: nPublic is {np.GetRawText()} but IC has {ic.Length} points (nPublic must be {ic.Length - 1})");
            }
        }
        return new VerificationKey(alpha, beta, gamma, delta, ic);
    }

    /// <summary>
    /// Reads a proof. Coordinates must be decimal integers below q; whether the points lie on the
    /// curve (and B in the subgroup) is left to the verifier so that it can report it as a failed check.
    /// </summary>
    public static Proof ReadProof(string json)
    {
        using var doc = Parse(json, "proof");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("proof: top level must be a JSON object");
        if (root.TryGetProperty("protocol", out var p) && (p.ValueKind != JsonValueKind.String || p.GetString() != "groth16"))
        {
            throw new InvalidDataException($"proof: protocol is {p.GetRawText()}, expected \"groth16\"");
        }
        if (root.TryGetProperty("curve", out _)) CheckCurve(root, "proof");
        var a = ReadG1(Prop(root, "pi_a", "proof"), "proof: pi_a", validate: false);
        var b = ReadG2(Prop(root, "pi_b", "proof"), "proof: pi_b", validate: false);
        var c = ReadG1(Prop(root, "pi_c", "proof"), "proof: pi_c", validate: false);
        return new Proof(a, b, c);
    }

    /// <summary>Reads public signals as integers (not reduced: values ≥ r are kept so the verifier rejects them).</summary>
    public static BigInteger[] ReadPublic(string json)
    {
        using var doc = Parse(json, "public signals");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Array) throw new InvalidDataException("public signals: top level must be a JSON array of decimal strings");
        return root.EnumerateArray().Select((e, i) => Int(e, $"public signals: element {i}")).ToArray();
    }

    private static JsonDocument Parse(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{what}: not valid JSON ({e.Message})"); }
    }

    private static void CheckCurve(JsonElement root, string what)
    {
        var curve = Str(Prop(root, "curve", what), what + ": curve");
        if (curve != "bn128" && curve != "bn254") throw new InvalidDataException($"{what}: curve is '{curve}', only bn128 (BN254) is supported");
    }

    private static JsonElement Prop(JsonElement o, string name, string what) =>
        o.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"{what}: missing field '{name}'");

    private static string Str(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidDataException($"{where}: expected a string");

    private static BigInteger Int(JsonElement e, string where)
    {
        string s = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number => e.GetRawText(),
            _ => throw new InvalidDataException($"{where}: expected a decimal string, got {e.ValueKind}"),
        };
        if (s.Length == 0 || s.Length > 100 || !s.All(char.IsAsciiDigit))
        {
            throw new InvalidDataException($"{where}: '{Trunc(s)}' is not a non-negative decimal integer");
        }
        return BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static string Trunc(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static Fq Coord(JsonElement e, string where)
    {
        var v = Int(e, where);
        if (!Fq.TryFromCanonical(v, out var f)) throw new InvalidDataException($"{where}: coordinate is not below the base field modulus q");
        return f;
    }

    private static JsonElement[] Arr(JsonElement e, int n, string where)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != n) throw new InvalidDataException($"{where}: expected an array of {n} elements");
        return e.EnumerateArray().ToArray();
    }

    private static G1Affine ReadG1(JsonElement e, string where, bool validate)
    {
        var a = Arr(e, 3, where);
        var x = Coord(a[0], where + " x");
        var y = Coord(a[1], where + " y");
        var z = Int(a[2], where + " z");
        if (z.IsZero) return G1Affine.Infinity;
        if (!z.IsOne) throw new InvalidDataException($"{where}: z must be \"1\" (affine) or \"0\" (infinity), got {z}");
        var p = new G1Affine(x, y);
        if (validate && !p.IsOnCurve()) throw new InvalidDataException($"{where}: point is not on the curve");
        return p;
    }

    private static G2Affine ReadG2(JsonElement e, string where, bool validate)
    {
        var a = Arr(e, 3, where);
        var x = Arr(a[0], 2, where + " x");
        var y = Arr(a[1], 2, where + " y");
        var z = Arr(a[2], 2, where + " z");
        var z0 = Int(z[0], where + " z.real");
        var z1 = Int(z[1], where + " z.imag");
        var px = new Fq2(Coord(x[0], where + " x.real"), Coord(x[1], where + " x.imag"));
        var py = new Fq2(Coord(y[0], where + " y.real"), Coord(y[1], where + " y.imag"));
        if (z0.IsZero && z1.IsZero) return G2Affine.Infinity;
        if (!z0.IsOne || !z1.IsZero) throw new InvalidDataException($"{where}: z must be [\"1\",\"0\"] (affine) or [\"0\",\"0\"] (infinity)");
        var p = new G2Affine(px, py);
        if (validate && (!p.IsOnCurve() || !p.IsInSubgroup())) throw new InvalidDataException($"{where}: point is not a valid G2 point (off the curve or outside the subgroup)");
        return p;
    }
}
