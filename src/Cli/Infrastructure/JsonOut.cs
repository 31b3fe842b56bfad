using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ZkChain.Cli.Infrastructure;

/// <summary>
/// JSON written by the CLI: camelCase, indented, nulls left out, big integers as decimal strings (JSON numbers lose
/// precision). The values are mostly anonymous records, which System.Text.Json can only serialise through runtime
/// code generation; this writer walks their public properties instead (the same output as JsonSerializer with those
/// options), so the Native AOT build of scripts/build-native.sh writes exactly what the JIT build writes.
/// </summary>
public static class JsonOut
{
    /// <summary>camelCase, indented, null properties left out.</summary>
    public static string Serialize<T>(T value) => Serialize(value, Indented);

    /// <summary>How <see cref="Serialize{T}(T, Style)"/> writes: property names as in C# or camelCase, one line or indented, null properties written or left out.</summary>
    public readonly record struct Style(bool CamelCase, bool Indented, bool OmitNulls);

    /// <summary>The CLI's JSON: camelCase, indented, null properties left out.</summary>
    public static readonly Style Indented = new(CamelCase: true, Indented: true, OmitNulls: true);

    /// <summary>JsonSerializer's defaults: C# names, one line, nulls written (the devnet commands' output).</summary>
    public static readonly Style Compact = new(CamelCase: false, Indented: false, OmitNulls: false);

    public static string Serialize<T>(T value, Style style)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = style.Indented }))
        {
            Write(w, value, style, 0);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "The records are our own types; TrimMode partial keeps their metadata in the Native AOT build.")]
    private static void Write(Utf8JsonWriter w, object? value, Style style, int depth)
    {
        if (depth > 64) throw new InvalidOperationException("JSON output nested deeper than 64 levels (a cycle?)");
        switch (value)
        {
            case null: w.WriteNullValue(); return;
            case string s: w.WriteStringValue(s); return;
            case bool b: w.WriteBooleanValue(b); return;
            case BigInteger big: w.WriteStringValue(big.ToString(CultureInfo.InvariantCulture)); return;
            case Enum e: w.WriteNumberValue(Convert.ToInt64(e, CultureInfo.InvariantCulture)); return;
            case ulong u: w.WriteNumberValue(u); return;
            case uint u: w.WriteNumberValue(u); return;
            case ushort u: w.WriteNumberValue(u); return;
            case byte u: w.WriteNumberValue(u); return;
            case long l: w.WriteNumberValue(l); return;
            case int i: w.WriteNumberValue(i); return;
            case short i: w.WriteNumberValue(i); return;
            case sbyte i: w.WriteNumberValue(i); return;
            case double d:
                // As JsonSerializer: NaN and infinities are not JSON numbers.
                if (!double.IsFinite(d)) throw new ArgumentException($"{d} cannot be written as a JSON number");
                w.WriteNumberValue(d);
                return;
            case float f:
                if (!float.IsFinite(f)) throw new ArgumentException($"{f} cannot be written as a JSON number");
                w.WriteNumberValue(f);
                return;
            case decimal m: w.WriteNumberValue(m); return;
            case DateTimeOffset t: w.WriteStringValue(t); return;
            case DateTime t: w.WriteStringValue(t); return;
            case Guid g: w.WriteStringValue(g); return;
            case TimeSpan t: w.WriteStringValue(t.ToString("c", CultureInfo.InvariantCulture)); return;
            case JsonNode node: node.WriteTo(w); return;
            case JsonElement el: el.WriteTo(w); return;
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry entry in dict)
                {
                    // Dictionary keys keep their spelling (JsonSerializer has no key policy here); null values are kept.
                    w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    Write(w, entry.Value, style, depth + 1);
                }
                w.WriteEndObject();
                return;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) Write(w, item, style, depth + 1);
                w.WriteEndArray();
                return;
        }
        w.WriteStartObject();
        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!p.CanRead || p.GetMethod is not { IsPublic: true } || p.GetIndexParameters().Length > 0) continue;
            if (p.IsDefined(typeof(JsonIgnoreAttribute))) continue;
            var v = p.GetValue(value);
            if (v == null && style.OmitNulls) continue;
            var name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? (style.CamelCase ? JsonNamingPolicy.CamelCase.ConvertName(p.Name) : p.Name);
            w.WritePropertyName(name);
            Write(w, v, style, depth + 1);
        }
        w.WriteEndObject();
    }

    internal sealed class BigIntegerAsString : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number) return BigInteger.Parse(Encoding.UTF8.GetString(reader.ValueSpan), CultureInfo.InvariantCulture);
            var s = reader.GetString() ?? throw new JsonException("expected a decimal or 0x-hex integer, got null");
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (!BigInteger.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw new JsonException($"'{s}' is not a non-negative decimal integer");
            return v;
        }

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>The CLI's own JSON files that it reads back (source-generated, AOT-safe): the same conventions as <see cref="JsonOut"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true,
    WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(JsonOut.BigIntegerAsString)])]
[JsonSerializable(typeof(Chain.DeploymentRecord))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The devnet state file: C# property names, as earlier versions wrote it.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(DevnetState))]
internal sealed partial class DevnetJsonContext : JsonSerializerContext;
