using System.Text.Json;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Abi;

public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false);

public abstract record AbiMember(string Name, IReadOnlyList<AbiParameter> Inputs)
{
    /// <summary>"name(type1,type2)" with canonical types.</summary>
    public string Signature => $"{Name}({string.Join(",", Inputs.Select(p => p.Type.CanonicalName))})";
    public IReadOnlyList<AbiType> InputTypes => Inputs.Select(p => p.Type).ToArray();
}

public sealed record AbiFunction(string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs, string StateMutability)
    : AbiMember(Name, Inputs)
{
    public byte[] Selector => Keccak.Hash(Signature)[..4];
    public bool IsReadOnly => StateMutability is "view" or "pure";
    public IReadOnlyList<AbiType> OutputTypes => Outputs.Select(p => p.Type).ToArray();

    public byte[] EncodeCall(params object?[] args) => AbiEncoder.EncodeCall(Selector, InputTypes, args);
    public object?[] DecodeOutput(ReadOnlySpan<byte> data) => AbiDecoder.Decode(OutputTypes, data);
    public object?[] DecodeInput(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(Selector)) throw new InvalidDataException($"calldata does not start with the selector of {Signature}");
        return AbiDecoder.Decode(InputTypes, calldata[4..]);
    }
}

public sealed record AbiError(string Name, IReadOnlyList<AbiParameter> Inputs) : AbiMember(Name, Inputs)
{
    public byte[] Selector => Keccak.Hash(Signature)[..4];
}

public sealed record AbiEvent(string Name, IReadOnlyList<AbiParameter> Inputs, bool Anonymous) : AbiMember(Name, Inputs)
{
    /// <summary>topic0 = keccak256(signature).</summary>
    public byte[] Topic => Keccak.Hash(Signature);
}

/// <summary>A decoded event: its definition and arguments by position and name.</summary>
public sealed record DecodedEvent(AbiEvent Event, IReadOnlyList<object?> Args)
{
    public string Name => Event.Name;
    /// <summary>Argument by parameter name. Indexed dynamic values (string, bytes, arrays, tuples) are their 32-byte keccak hash.</summary>
    public object? this[string name]
    {
        get
        {
            for (int i = 0; i < Event.Inputs.Count; i++) if (Event.Inputs[i].Name == name) return Args[i];
            throw new KeyNotFoundException($"event {Event.Name} has no parameter '{name}'");
        }
    }
}

/// <summary>A decoded revert: a custom error, Error(string) or Panic(uint256).</summary>
public sealed record DecodedError(string Name, IReadOnlyList<object?> Args, string Signature)
{
    public override string ToString() => Name switch
    {
        "Error" => $"Error(\"{Args[0]}\")",
        "Panic" => $"Panic(0x{(System.Numerics.BigInteger)Args[0]!:x2}: {ContractAbi.PanicReason((System.Numerics.BigInteger)Args[0]!)})",
        _ => $"{Name}({string.Join(", ", Args.Select(FormatArg))})",
    };

    internal static string FormatArg(object? a) => a switch
    {
        byte[] b => Hex.ToHex(b),
        string s => "\"" + s + "\"",
        object?[] l => "[" + string.Join(", ", l.Select(FormatArg)) + "]",
        null => "null",
        _ => a.ToString() ?? "",
    };
}

/// <summary>A contract's JSON ABI (the "abi" array of a Hardhat artifact, or the bare array).</summary>
public sealed class ContractAbi
{
    public IReadOnlyList<AbiFunction> Functions { get; }
    public IReadOnlyList<AbiEvent> Events { get; }
    public IReadOnlyList<AbiError> Errors { get; }
    public IReadOnlyList<AbiParameter>? ConstructorInputs { get; }

    public static readonly AbiError ErrorString = new("Error", [new AbiParameter("message", AbiType.String)]);
    public static readonly AbiError PanicCode = new("Panic", [new AbiParameter("code", AbiType.UInt256)]);

    private ContractAbi(List<AbiFunction> f, List<AbiEvent> e, List<AbiError> er, IReadOnlyList<AbiParameter>? ctor)
    {
        Functions = f;
        Events = e;
        Errors = er;
        ConstructorInputs = ctor;
    }

    /// <summary>Parses a JSON ABI: either an array, or an object with an "abi" field (a Hardhat/solc artifact).</summary>
    public static ContractAbi Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return FromJson(doc.RootElement);
    }

    public static ContractAbi FromJson(JsonElement root)
    {
        var arr = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("abi", out var a) ? a : root;
        if (arr.ValueKind != JsonValueKind.Array) throw new InvalidDataException("ABI: expected a JSON array (or an object with an \"abi\" array)");
        var fs = new List<AbiFunction>();
        var es = new List<AbiEvent>();
        var ers = new List<AbiError>();
        IReadOnlyList<AbiParameter>? ctor = null;
        int idx = 0;
        foreach (var item in arr.EnumerateArray())
        {
            var kind = item.TryGetProperty("type", out var tp) ? tp.GetString() : "function";
            string name = item.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            var inputs = item.TryGetProperty("inputs", out var ins) ? Params(ins, $"abi[{idx}].inputs") : [];
            switch (kind)
            {
                case "function":
                    var outs = item.TryGetProperty("outputs", out var o) ? Params(o, $"abi[{idx}].outputs") : [];
                    var sm = item.TryGetProperty("stateMutability", out var smv) ? smv.GetString() ?? "nonpayable"
                        : item.TryGetProperty("constant", out var c) && c.ValueKind == JsonValueKind.True ? "view" : "nonpayable";
                    fs.Add(new AbiFunction(name, inputs, outs, sm));
                    break;
                case "event":
                    es.Add(new AbiEvent(name, inputs, item.TryGetProperty("anonymous", out var an) && an.ValueKind == JsonValueKind.True));
                    break;
                case "error":
                    ers.Add(new AbiError(name, inputs));
                    break;
                case "constructor":
                    ctor = inputs;
                    break;
                case "fallback":
                case "receive":
                    break;
                default:
                    throw new InvalidDataException($"ABI: abi[{idx}] has unknown type '{kind}'");
            }
            idx++;
        }
        return new ContractAbi(fs, es, ers, ctor);
    }

    private static AbiParameter[] Params(JsonElement arr, string where)
    {
        if (arr.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"ABI: {where} must be an array");
        return arr.EnumerateArray().Select((p, i) =>
        {
            var name = p.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            var type = p.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == null) throw new InvalidDataException($"ABI: {where}[{i}] has no type");
            IReadOnlyList<AbiComponent>? comps = null;
            if (p.TryGetProperty("components", out var cs))
            {
                comps = Params(cs, $"{where}[{i}].components").Select(x => new AbiComponent(x.Name, x.Type)).ToArray();
            }
            AbiType parsed;
            try
            {
                parsed = AbiType.Parse(type, comps);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"ABI: {where}[{i}]: {e.Message}", e);
            }
            return new AbiParameter(name, parsed, p.TryGetProperty("indexed", out var ix) && ix.ValueKind == JsonValueKind.True);
        }).ToArray();
    }

    /// <summary>The function with this name (or full signature "name(types)"); throws when absent or ambiguous.</summary>
    public AbiFunction Function(string nameOrSignature)
    {
        var m = Functions.Where(f => f.Name == nameOrSignature || f.Signature == nameOrSignature).ToList();
        return m.Count switch
        {
            1 => m[0],
            0 => throw new ArgumentException($"ABI has no function '{nameOrSignature}'", nameof(nameOrSignature)),
            _ => throw new ArgumentException($"function name '{nameOrSignature}' is overloaded; use the full signature", nameof(nameOrSignature)),
        };
    }

    public AbiEvent Event(string nameOrSignature)
    {
        var m = Events.Where(f => f.Name == nameOrSignature || f.Signature == nameOrSignature).ToList();
        return m.Count == 1 ? m[0] : throw new ArgumentException($"ABI has {(m.Count == 0 ? "no" : "several")} event '{nameOrSignature}'", nameof(nameOrSignature));
    }

    /// <summary>Decodes a log if its topic0 matches an event in this ABI (non-anonymous events); null otherwise.</summary>
    public DecodedEvent? TryDecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        if (topics.Count == 0) return null;
        foreach (var e in Events)
        {
            if (!e.Anonymous && e.Topic.AsSpan().SequenceEqual(topics[0])) return DecodeLog(e, topics, data);
        }
        return null;
    }

    /// <summary>Decodes a log as <paramref name="ev"/>: indexed arguments from topics, the rest from data.</summary>
    public static DecodedEvent DecodeLog(AbiEvent ev, IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        int first = ev.Anonymous ? 0 : 1;
        var indexed = ev.Inputs.Where(p => p.Indexed).ToList();
        if (topics.Count != first + indexed.Count)
        {
            throw new InvalidDataException($"log for {ev.Signature}: expected {first + indexed.Count} topics, got {topics.Count}");
        }
        if (!ev.Anonymous && !ev.Topic.AsSpan().SequenceEqual(topics[0])) throw new InvalidDataException($"log topic0 is not {ev.Signature}");
        var plain = AbiDecoder.Decode(ev.Inputs.Where(p => !p.Indexed).Select(p => p.Type).ToArray(), data);
        var args = new object?[ev.Inputs.Count];
        int ti = first, di = 0;
        for (int i = 0; i < ev.Inputs.Count; i++)
        {
            var p = ev.Inputs[i];
            if (p.Indexed)
            {
                var topic = topics[ti++];
                if (topic.Length != 32) throw new InvalidDataException($"log for {ev.Signature}: topic {ti - 1} is not 32 bytes");
                // dynamic indexed values are stored as their keccak hash
                args[i] = p.Type.IsDynamic || p.Type.Kind is AbiKind.Tuple or AbiKind.FixedArray ? topic.ToArray() : AbiDecoder.Decode(p.Type, topic);
            }
            else
            {
                args[i] = plain[di++];
            }
        }
        return new DecodedEvent(ev, args);
    }

    /// <summary>
    /// Decodes revert data: Error(string), Panic(uint256), or a custom error from this ABI. Null when the data is empty
    /// or its selector is unknown.
    /// </summary>
    public DecodedError? TryDecodeError(ReadOnlySpan<byte> revertData) => TryDecodeError(revertData, Errors);

    public static DecodedError? TryDecodeError(ReadOnlySpan<byte> revertData, IEnumerable<AbiError> customErrors)
    {
        if (revertData.Length < 4) return null;
        var sel = revertData[..4];
        foreach (var e in customErrors.Append(ErrorString).Append(PanicCode))
        {
            if (e.Selector.AsSpan().SequenceEqual(sel))
            {
                try
                {
                    return new DecodedError(e.Name, AbiDecoder.Decode(e.InputTypes, revertData[4..]), e.Signature);
                }
                catch (InvalidDataException)
                {
                    return null;
                }
            }
        }
        return null;
    }

    public static string PanicReason(System.Numerics.BigInteger code) => (int)(code > 0x100 ? 0x100 : code) switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "invalid storage byte array encoding",
        0x31 => "pop on empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to an uninitialized function",
        _ => "unknown panic code",
    };
}
