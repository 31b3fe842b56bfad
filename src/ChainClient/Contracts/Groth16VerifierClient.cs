using System.Numerics;
using ZkChain.ChainClient.Abi;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rpc;

namespace ZkChain.ChainClient.Contracts;

/// <summary>Client for a deployed IGroth16Verifier (see the design note for the proof layout).</summary>
public sealed class Groth16VerifierClient
{
    /// <summary>The IGroth16Verifier interface; any verifier exported by ZkChain exposes at least this.</summary>
    public static ContractAbi InterfaceAbi { get; } = ContractAbi.Parse("""
        [{"type":"function","name":"verifyProof","stateMutability":"view","inputs":[{"name":"proof","type":"uint256[8]"},{"name":"publicInputs","type":"uint256[]"}],"outputs":[{"name":"","type":"bool"}]},
         {"type":"function","name":"publicInputCount","stateMutability":"pure","inputs":[],"outputs":[{"name":"","type":"uint256"}]},
         {"type":"function","name":"verificationKeyHash","stateMutability":"pure","inputs":[],"outputs":[{"name":"","type":"bytes32"}]}]
        """);

    public Groth16VerifierClient(Contract contract) => Contract = contract ?? throw new ArgumentNullException(nameof(contract));

    /// <summary>A verifier at <paramref name="address"/>; <paramref name="abi"/> adds its custom errors when known.</summary>
    public static Groth16VerifierClient At(EthRpcClient rpc, Address address, ContractAbi? abi = null) => new(new Contract(rpc, address, abi ?? InterfaceAbi));

    /// <summary>Deploys a verifier from its Hardhat artifact (or <see cref="ContractArtifact"/> built from bytecode + ABI).</summary>
    public static async Task<(Groth16VerifierClient Client, TxResult Result)> DeployAsync(EthAccount account, ContractArtifact artifact, object?[]? constructorArgs = null, CancellationToken ct = default)
    {
        var (c, r) = await Contract.DeployAsync(account, artifact, constructorArgs ?? [], ct).ConfigureAwait(false);
        foreach (var name in new[] { "verifyProof", "publicInputCount", "verificationKeyHash" })
        {
            if (!c.Abi.Functions.Any(f => f.Name == name)) throw new InvalidDataException($"{artifact.ContractName} does not implement IGroth16Verifier ({name} missing)");
        }
        return (new Groth16VerifierClient(c), r);
    }

    public Contract Contract { get; }
    public Address Address => Contract.Address;

    /// <summary>proof = [A.x, A.y, B.x.imag, B.x.real, B.y.imag, B.y.real, C.x, C.y]. Malformed input reverts (typed error).</summary>
    public async Task<bool> VerifyProofAsync(IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> publicInputs, CancellationToken ct = default)
    {
        CheckProof(proof);
        ArgumentNullException.ThrowIfNull(publicInputs);
        var r = await Contract.CallAsync("verifyProof", [proof.Cast<object?>().ToArray(), publicInputs.Cast<object?>().ToArray()], null, ct).ConfigureAwait(false);
        return (bool)r[0]!;
    }

    public async Task<BigInteger> PublicInputCountAsync(CancellationToken ct = default) =>
        (BigInteger)(await Contract.CallAsync("publicInputCount", [], null, ct).ConfigureAwait(false))[0]!;

    public async Task<byte[]> VerificationKeyHashAsync(CancellationToken ct = default) =>
        (byte[])(await Contract.CallAsync("verificationKeyHash", [], null, ct).ConfigureAwait(false))[0]!;

    internal static void CheckProof(IReadOnlyList<BigInteger> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (proof.Count != 8) throw new ArgumentException($"a Groth16 proof is 8 uint256 words (EIP-197 order), got {proof.Count}", nameof(proof));
        for (int i = 0; i < 8; i++)
        {
            if (proof[i].Sign < 0 || proof[i] >= UInt256.Modulus) throw new ArgumentException($"proof[{i}] is not a uint256", nameof(proof));
        }
    }
}
