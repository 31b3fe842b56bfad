using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace ZkChain.Groth16;

/// <summary>Renders a Solidity verifier (IGroth16Verifier shape) for one verification key from the embedded template.</summary>
public static partial class SolidityVerifierExporter
{
    private const string ResourceName = "ZkChain.Groth16.Templates.Groth16Verifier.sol.template";

    public static string Template()
    {
        using var s = typeof(SolidityVerifierExporter).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }

    /// <param name="singleParty">When true the contract carries a development-only warning (setup made by one party).</param>
    public static string Export(VerificationKey vk, string contractName = "Groth16Verifier", bool singleParty = false)
    {
        ArgumentNullException.ThrowIfNull(vk);
        if (!IdentifierRegex().IsMatch(contractName ?? ""))
        {
            throw new ArgumentException($"'{contractName}' is not a valid Solidity contract name", nameof(contractName));
        }
        if (vk.Alpha1.IsInfinity || vk.IC.Any(p => p.IsInfinity))
        {
            throw new ArgumentException("verification key has a point at infinity; the EVM verifier cannot encode it", nameof(vk));
        }
        static string D(BigInteger v) => v.ToString(CultureInfo.InvariantCulture);
        var beta = VerificationKey.Eip197(vk.Beta2);
        var gamma = VerificationKey.Eip197(vk.Gamma2);
        var delta = VerificationKey.Eip197(vk.Delta2);

        var icConsts = new StringBuilder();
        for (var i = 0; i < vk.IC.Length; i++)
        {
            icConsts.Append(CultureInfo.InvariantCulture, $"    uint256 internal constant IC{i}_X = {D(vk.IC[i].X.ToBigInteger())};\n");
            icConsts.Append(CultureInfo.InvariantCulture, $"    uint256 internal constant IC{i}_Y = {D(vk.IC[i].Y.ToBigInteger())};\n");
        }
        var acc = new StringBuilder();
        var rangeChecks = new StringBuilder();
        for (var i = 0; i < vk.NPublic; i++)
        {
            var j = i + 1;
            rangeChecks.Append(CultureInfo.InvariantCulture, $"            inRange := and(inRange, lt(calldataload(add(publicInputs.offset, {i * 32})), R))\n");
            acc.Append(CultureInfo.InvariantCulture, $"            // vk_x += publicInputs[{i}] * IC[{j}]\n");
            acc.Append(CultureInfo.InvariantCulture, $"            if calldataload(add(publicInputs.offset, {i * 32})) {{\n");
            acc.Append(CultureInfo.InvariantCulture, $"                mstore(add(m, 0x40), IC{j}_X)\n");
            acc.Append(CultureInfo.InvariantCulture, $"                mstore(add(m, 0x60), IC{j}_Y)\n");
            acc.Append(CultureInfo.InvariantCulture, $"                mstore(add(m, 0x80), calldataload(add(publicInputs.offset, {i * 32})))\n");
            acc.Append("                accOk := and(accOk, staticcall(gas(), 0x07, add(m, 0x40), 0x60, add(m, 0x40), 0x40))\n");
            acc.Append("                accOk := and(accOk, staticcall(gas(), 0x06, m, 0x80, m, 0x40))\n");
            acc.Append("            }\n");
        }
        var note = singleParty
            ? " WARNING: DEVELOPMENT ONLY. This key comes from a setup that one party made alone; that party can forge proofs."
            : " The trust in this verifier is the trust in the setup ceremony that produced its key.";

        var map = new Dictionary<string, string>
        {
            ["CONTRACT_NAME"] = contractName!,
            ["N_PUBLIC"] = vk.NPublic.ToString(CultureInfo.InvariantCulture),
            ["VK_HASH"] = "0x" + Convert.ToHexString(vk.Hash()).ToLowerInvariant(),
            ["ALPHA_X"] = D(vk.Alpha1.X.ToBigInteger()),
            ["ALPHA_Y"] = D(vk.Alpha1.Y.ToBigInteger()),
            ["BETA_X_IM"] = D(beta[0]), ["BETA_X_RE"] = D(beta[1]), ["BETA_Y_IM"] = D(beta[2]), ["BETA_Y_RE"] = D(beta[3]),
            ["GAMMA_X_IM"] = D(gamma[0]), ["GAMMA_X_RE"] = D(gamma[1]), ["GAMMA_Y_IM"] = D(gamma[2]), ["GAMMA_Y_RE"] = D(gamma[3]),
            ["DELTA_X_IM"] = D(delta[0]), ["DELTA_X_RE"] = D(delta[1]), ["DELTA_Y_IM"] = D(delta[2]), ["DELTA_Y_RE"] = D(delta[3]),
            ["IC_CONSTANTS"] = icConsts.ToString().TrimEnd('\n'),
            ["IC_ACCUMULATE"] = acc.ToString().TrimEnd('\n'),
            ["INPUT_RANGE_CHECKS"] = rangeChecks.ToString().TrimEnd('\n'),
            ["SINGLE_PARTY_NOTE"] = note,
        };
        var text = PlaceholderRegex().Replace(Template(), m =>
            map.TryGetValue(m.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"template placeholder {m.Value} has no value"));
        return text;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex(@"\{\{([A-Z0-9_]+)\}\}")]
    private static partial Regex PlaceholderRegex();
}
