using System.Text.Json;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Primitives;

namespace ZkChain.ChainClient.Contracts;

/// <summary>A compiled contract: ABI and creation bytecode (from a Hardhat artifact or given directly).</summary>
public sealed class ContractArtifact
{
    public ContractArtifact(string contractName, ContractAbi abi, byte[] bytecode)
    {
        ContractName = contractName;
        Abi = abi ?? throw new ArgumentNullException(nameof(abi));
        Bytecode = bytecode ?? throw new ArgumentNullException(nameof(bytecode));
    }

    public string ContractName { get; }
    public ContractAbi Abi { get; }
    public byte[] Bytecode { get; }

    /// <summary>Reads a Hardhat artifact (artifacts/contracts/X.sol/X.json): "abi", "bytecode", no unlinked libraries.</summary>
    public static ContractArtifact Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"contract artifact not found: {path} (run `npx hardhat compile`)", path);
        }
        try
        {
            return Parse(text);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or FormatException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static ContractArtifact Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("artifact: expected a JSON object");
        var name = root.TryGetProperty("contractName", out var n) ? n.GetString() ?? "" : "";
        if (!root.TryGetProperty("abi", out var abi)) throw new InvalidDataException("artifact: missing 'abi'");
        if (!root.TryGetProperty("bytecode", out var bc) || bc.ValueKind != JsonValueKind.String) throw new InvalidDataException("artifact: missing 'bytecode'");
        var code = bc.GetString()!;
        if (code.Contains("__$", StringComparison.Ordinal)) throw new InvalidDataException("artifact: bytecode has unlinked library references");
        byte[] bytes;
        try
        {
            bytes = Hex.Parse(code, "artifact bytecode");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        if (bytes.Length == 0) throw new InvalidDataException("artifact: empty bytecode (an interface or abstract contract cannot be deployed)");
        return new ContractArtifact(name, ContractAbi.FromJson(abi), bytes);
    }

    /// <summary>Finds artifacts/contracts/{source}/{name}.json above <paramref name="startDirectory"/> (default: current directory, then the app's folder).</summary>
    public static string FindHardhatArtifact(string sourceFile, string contractName, string? startDirectory = null)
    {
        var starts = startDirectory != null ? [startDirectory] : new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var s in starts)
        {
            for (var dir = new DirectoryInfo(s); dir != null; dir = dir.Parent)
            {
                var p = Path.Combine(dir.FullName, "artifacts", "contracts", sourceFile, contractName + ".json");
                if (File.Exists(p)) return p;
            }
        }
        throw new FileNotFoundException($"cannot find artifacts/contracts/{sourceFile}/{contractName}.json above {string.Join(" or ", starts)} (run `npx hardhat compile` in the repository, or pass the artifact path)");
    }

    /// <summary>Creation code followed by the ABI-encoded constructor arguments.</summary>
    public byte[] DeploymentData(params object?[] constructorArgs)
    {
        var types = Abi.ConstructorInputs?.Select(p => p.Type).ToArray() ?? [];
        if (types.Length != constructorArgs.Length) throw new ArgumentException($"{ContractName} constructor takes {types.Length} arguments, got {constructorArgs.Length}", nameof(constructorArgs));
        return [.. Bytecode, .. AbiEncoder.Encode(types, constructorArgs)];
    }
}
