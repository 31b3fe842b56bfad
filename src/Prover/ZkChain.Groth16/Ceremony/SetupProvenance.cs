using ZkChain.Algebra;
using ZkChain.Groth16.Formats;

namespace ZkChain.Groth16.Ceremony;

// ---------------------------------------------------------------------------------------------------------------
// SetupProvenance — is this Groth16 setup development-only?
//
//   SetupProvenanceReport SetupProvenance.Assess(ProvingKey zkey, PowersOfTauData? ptau = null)
//   SetupProvenanceReport SetupProvenance.Assess(ProvingKey zkey, PtauInspection? ptau)
//   SetupProvenanceReport SetupProvenance.AssessFiles(string zkeyPath, string? ptauPath = null)   // reads the files;
//                                                     // the ptau only through PtauInspector (header + transcript)
//
//   report.ZkeyContributions   phase-2 contributions of type 0 (secret randomness)
//   report.ZkeyBeacons         phase-2 beacon contributions (public randomness: they add no secret)
//   report.PtauContributions   phase-1 contributions of type 0, or null when no ptau was given
//   report.IsDevelopmentOnly   true when one party could know the whole toxic waste (see Reasons)
//   report.Reasons             one sentence per problem, e.g. "the zkey has no independent phase-2 contribution ..."
//   report.Summary             "DEVELOPMENT ONLY: <reasons>" or "multi-party setup: ..."
//
// A setup is development-only when: the zkey has no type-0 contribution (delta = 1, or only a public beacon);
// or every zkey contribution is named as made locally by zkchain (LocalNamePrefixes); or, when the ptau is given,
// it has fewer than two type-0 contributions, was built from secrets without a transcript, or fewer than two of its
// contributions are not named as made locally by zkchain.
//
// This reads the transcripts as recorded; it does NOT check them cryptographically. Run
// ZkeyContributor.Verify(cs, ptau, zkey) (the `ceremony verify` verb) to check every phase-2 contribution and
// PowersOfTauVerifier.Verify(ptau) (`powersoftau verify`) for phase 1; `circuit audit` runs both.
// Contributor names are self-declared: two contributions do not prove two people, only the absence of one
// makes a setup certainly single-party. Code that makes setups locally must name its contributions with one
// of LocalNamePrefixes so that they are recognised here.
// ---------------------------------------------------------------------------------------------------------------

/// <summary>Result of <see cref="SetupProvenance.Assess(ProvingKey, PowersOfTauData?)"/>.</summary>
public sealed record SetupProvenanceReport(
    int ZkeyContributions,
    int ZkeyBeacons,
    int? PtauContributions,
    bool IsDevelopmentOnly,
    IReadOnlyList<string> Reasons)
{
    /// <summary>True when a ptau was part of the assessment.</summary>
    public bool PtauAssessed => PtauContributions.HasValue;

    public string Summary => IsDevelopmentOnly
        ? "DEVELOPMENT ONLY: " + string.Join("; ", Reasons)
        : $"multi-party setup: {ZkeyContributions} independent phase-2 contribution(s)" +
          (PtauContributions is { } p ? $", {p} phase-1 contribution(s)" : " (powers of tau not assessed)");
}

/// <summary>Decides whether a setup is development-only (see the API notes at the top of this file).</summary>
public static class SetupProvenance
{
    /// <summary>Contributor-name prefixes that mark contributions made locally by zkchain itself (single party).</summary>
    public static readonly IReadOnlyList<string> LocalNamePrefixes = ["zkchain local", "zkchain development"];

    public static bool IsLocalName(string? name) =>
        name != null && LocalNamePrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public static SetupProvenanceReport Assess(ProvingKey zkey, PowersOfTauData? ptau = null)
    {
        ArgumentNullException.ThrowIfNull(zkey);
        return Build(zkey, ptau == null ? null : FromData(ptau));
    }

    public static SetupProvenanceReport Assess(ProvingKey zkey, PtauInspection? ptau)
    {
        ArgumentNullException.ThrowIfNull(zkey);
        return Build(zkey, ptau == null ? null : (ptau.Contributions.Select(c => (c.Type, c.Name)).ToList(), ptau.HasNonTrivialPointsWithoutTranscript));
    }

    /// <summary>Reads the zkey and (optionally) inspects the ptau; file problems raise InvalidDataException/IOException.</summary>
    public static SetupProvenanceReport AssessFiles(string zkeyPath, string? ptauPath = null)
    {
        ProvingKey pk;
        using (var s = new FileStream(zkeyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)) pk = ZkeyFile.Read(s);
        return Assess(pk, ptauPath == null ? null : PtauInspector.Inspect(ptauPath));
    }

    /// <summary>Why a ptau alone is development-only (empty when it is not).</summary>
    public static IReadOnlyList<string> PtauReasons(PtauInspection ptau)
    {
        ArgumentNullException.ThrowIfNull(ptau);
        return PtauReasons(ptau.Contributions.Select(c => (c.Type, c.Name)).ToList(), ptau.HasNonTrivialPointsWithoutTranscript);
    }

    private static (List<(uint Type, string? Name)>, bool) FromData(PowersOfTauData d) =>
        (d.Contributions.Select(c => (c.Type, c.Name)).ToList(), d.Contributions.Count == 0 && d.TauG1.Length > 1 && d.TauG1[1] != G1Affine.Generator);

    private static SetupProvenanceReport Build(ProvingKey zkey, (List<(uint Type, string? Name)> Contributions, bool NoTranscript)? ptau)
    {
        var reasons = new List<string>();
        var independent = zkey.Mpc.Contributions.Count(c => c.Type == 0);
        var beacons = zkey.Mpc.Contributions.Count(c => c.Type == 1);
        if (zkey.Mpc.Contributions.Count == 0)
        {
            reasons.Add("the zkey has no phase-2 contribution (delta = 1: whoever ran setup can forge proofs)");
        }
        else if (independent == 0)
        {
            reasons.Add("the zkey has no independent phase-2 contribution, only a public beacon (its randomness is public)");
        }
        else if (zkey.Mpc.Contributions.Where(c => c.Type == 0).All(c => IsLocalName(c.Name)))
        {
            reasons.Add("every phase-2 contribution was made locally by zkchain");
        }
        int? ptauCount = null;
        if (ptau is { } p)
        {
            ptauCount = p.Contributions.Count(c => c.Type == 0);
            reasons.AddRange(PtauReasons(p.Contributions, p.NoTranscript));
        }
        return new SetupProvenanceReport(independent, beacons, ptauCount, reasons.Count > 0, reasons);
    }

    private static List<string> PtauReasons(List<(uint Type, string? Name)> contributions, bool noTranscript)
    {
        var reasons = new List<string>();
        var independent = contributions.Where(c => c.Type == 0).ToList();
        if (noTranscript)
        {
            reasons.Add("the powers of tau was made locally from random secrets with no contribution transcript (single party)");
        }
        else if (independent.Count < 2)
        {
            reasons.Add($"the powers of tau has {independent.Count} phase-1 contribution(s); fewer than 2 means one party can know tau");
        }
        else if (independent.All(c => IsLocalName(c.Name)))
        {
            reasons.Add("every phase-1 contribution was made locally by zkchain");
        }
        else if (independent.Count(c => !IsLocalName(c.Name)) < 2)
        {
            // One local contribution plus one outside one is still a single outside party's secret next to ours.
            reasons.Add("only 1 phase-1 contribution was not made locally by zkchain; fewer than 2 independent ones means one party can know tau");
        }
        return reasons;
    }
}

/// <summary>Hash formatting as snarkjs prints hashes (misc.formatHash): four lines of four 8-hex-digit big-endian words.</summary>
public static class SnarkjsHashFormat
{
    public static string Format(ReadOnlySpan<byte> hash, string indent = "\t\t")
    {
        if (hash.Length != 64) throw new ArgumentException($"expected a 64-byte hash, got {hash.Length} bytes", nameof(hash));
        var lines = new string[4];
        for (var i = 0; i < 4; i++)
        {
            var words = new string[4];
            for (var j = 0; j < 4; j++) words[j] = Convert.ToHexString(hash.Slice(i * 16 + j * 4, 4)).ToLowerInvariant();
            lines[i] = indent + string.Join(' ', words);
        }
        return string.Join('\n', lines);
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexString(hash).ToLowerInvariant();
}
