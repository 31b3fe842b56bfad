using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Groth16.Formats;

/// <summary>A phase-1 public key (proof of knowledge of tau, alpha, beta) as stored in a ptau contribution.</summary>
public sealed record PtauPublicKey(
    G1Affine TauG1S, G1Affine TauG1SX, G1Affine AlphaG1S, G1Affine AlphaG1SX, G1Affine BetaG1S, G1Affine BetaG1SX,
    G2Affine TauG2SPX, G2Affine AlphaG2SPX, G2Affine BetaG2SPX);

/// <summary>One phase-1 contribution record (ptau section 7).</summary>
public sealed record PtauContribution(
    G1Affine TauG1, G2Affine TauG2, G1Affine AlphaG1, G1Affine BetaG1, G2Affine BetaG2,
    PtauPublicKey Key, byte[] PartialHash, byte[] NextChallenge, uint Type, string? Name,
    byte? NumIterationsExp = null, byte[]? BeaconHash = null);

/// <summary>
/// The content of a snarkjs .ptau file: header (power, ceremonyPower), tau powers in G1 (2·2^power − 1)
/// and G2 (2^power), alpha·tau^i and beta·tau^i in G1, beta in G2, the contribution records and, once
/// prepared for phase 2, the Lagrange-basis sections 12–15 (for each domain size 2^k, k = 0..power,
/// plus 2^(power+1) for tau in G1).
/// </summary>
public sealed class PowersOfTauData
{
    public required int Power { get; init; }
    public required int CeremonyPower { get; init; }
    public required G1Affine[] TauG1 { get; init; }
    public required G2Affine[] TauG2 { get; init; }
    public required G1Affine[] AlphaTauG1 { get; init; }
    public required G1Affine[] BetaTauG1 { get; init; }
    public required G2Affine BetaG2 { get; init; }
    public required IReadOnlyList<PtauContribution> Contributions { get; init; }
    public G1Affine[]? LagrangeTauG1 { get; init; }
    public G2Affine[]? LagrangeTauG2 { get; init; }
    public G1Affine[]? LagrangeAlphaTauG1 { get; init; }
    public G1Affine[]? LagrangeBetaTauG1 { get; init; }

    public bool IsPreparedForPhase2 => LagrangeTauG1 != null;

    /// <summary>
    /// The 64 bytes that follow the tauG1 section in the file (empty when not read from a file). snarkjs's circuit
    /// hash reads tau powers up to 2n − 1 for domains n above 2^14, one past the section when the ptau's power equals
    /// the circuit's; it then hashes whatever bytes come next, and zkchain must do the same to match its zkeys.
    /// </summary>
    public byte[] BytesAfterTauG1 { get; init; } = [];

    /// <summary>
    /// Fewer than two recorded contributions: one party (or nobody) knows tau, alpha and beta and can
    /// forge proofs for any circuit set up from this file. Development use only.
    /// </summary>
    public bool IsSingleParty => Contributions.Count < 2;

    /// <summary>Offset of the Lagrange basis for domain 2^k inside sections 12–15.</summary>
    public static int LagrangeOffset(int log2) => (1 << log2) - 1;
}

/// <summary>snarkjs .ptau reader/writer (version 1, BN254 only).</summary>
public static class PtauFile
{
    private const string What = "ptau";

    public static PowersOfTauData Read(Stream stream)
    {
        var file = SectionContainer.Open(stream, "ptau", What);
        const string h = "ptau section 1 (header)";
        var s1 = new SectionReader(file.Section(1, What, "header"), h);
        var n8 = s1.U32("n8");
        if (n8 != 32) throw new InvalidDataException($"{h}: n8 is {n8}, expected 32 (BN254)");
        var q = new BigInteger(s1.Take(32, "q"), isUnsigned: true, isBigEndian: false);
        if (q != Fq.Modulus) throw new InvalidDataException($"{h}: prime q is not BN254's (only bn128/BN254 is supported)");
        var power = checked((int)s1.U32("power"));
        var ceremonyPower = checked((int)s1.U32("ceremonyPower"));
        s1.ExpectEnd();
        if (power < 1 || power >= Fr.TwoAdicity) throw new InvalidDataException($"{h}: power {power} out of range 1..{Fr.TwoAdicity - 1}");

        var n = 1 << power;
        var tauG1 = PointCodec.ReadG1Array(file.Section(2, What, "tauG1"), 2 * n - 1, "ptau section 2 (tauG1)");
        var tauG2 = PointCodec.ReadG2Array(file.Section(3, What, "tauG2"), n, "ptau section 3 (tauG2)");
        var alpha = PointCodec.ReadG1Array(file.Section(4, What, "alphaTauG1"), n, "ptau section 4 (alphaTauG1)");
        var beta = PointCodec.ReadG1Array(file.Section(5, What, "betaTauG1"), n, "ptau section 5 (betaTauG1)");
        var betaG2 = PointCodec.ReadG2Array(file.Section(6, What, "betaG2"), 1, "ptau section 6 (betaG2)")[0];
        var contributions = ReadContributions(file.Section(7, What, "contributions"));

        G1Affine[]? l12 = null, l14 = null, l15 = null;
        G2Affine[]? l13 = null;
        if (file.HasSection(12))
        {
            var total = 2 * n - 1;
            l12 = PointCodec.ReadG1Array(file.Section(12, What, "Lagrange tauG1"), 4 * n - 1, "ptau section 12 (Lagrange tauG1)");
            l13 = PointCodec.ReadG2Array(file.Section(13, What, "Lagrange tauG2"), total, "ptau section 13 (Lagrange tauG2)");
            l14 = PointCodec.ReadG1Array(file.Section(14, What, "Lagrange alphaTauG1"), total, "ptau section 14 (Lagrange alphaTauG1)");
            l15 = PointCodec.ReadG1Array(file.Section(15, What, "Lagrange betaTauG1"), total, "ptau section 15 (Lagrange betaTauG1)");
        }

        return new PowersOfTauData
        {
            Power = power, CeremonyPower = ceremonyPower,
            TauG1 = tauG1, TauG2 = tauG2, AlphaTauG1 = alpha, BetaTauG1 = beta, BetaG2 = betaG2,
            Contributions = contributions,
            LagrangeTauG1 = l12, LagrangeTauG2 = l13, LagrangeAlphaTauG1 = l14, LagrangeBetaTauG1 = l15,
            BytesAfterTauG1 = file.ReadAfterSection(2, 64),
        };
    }

    private static List<PtauContribution> ReadContributions(byte[] data)
    {
        const string w = "ptau section 7 (contributions)";
        var r = new SectionReader(data, w);
        var n = r.U32("contribution count");
        var list = new List<PtauContribution>();
        for (var i = 0; i < n; i++)
        {
            var where = $"{w}, contribution {i + 1}";
            G1Affine G1(ref SectionReader rr, string f) => PointCodec.ReadG1(rr.Take(64, f), where + ", " + f);
            G2Affine G2(ref SectionReader rr, string f) => PointCodec.ReadG2(rr.Take(128, f), where + ", " + f);
            var tauG1 = G1(ref r, "tauG1");
            var tauG2 = G2(ref r, "tauG2");
            var alphaG1 = G1(ref r, "alphaG1");
            var betaG1 = G1(ref r, "betaG1");
            var betaG2 = G2(ref r, "betaG2");
            var key = new PtauPublicKey(
                G1(ref r, "key.tau.g1_s"), G1(ref r, "key.tau.g1_sx"),
                G1(ref r, "key.alpha.g1_s"), G1(ref r, "key.alpha.g1_sx"),
                G1(ref r, "key.beta.g1_s"), G1(ref r, "key.beta.g1_sx"),
                G2(ref r, "key.tau.g2_spx"), G2(ref r, "key.alpha.g2_spx"), G2(ref r, "key.beta.g2_spx"));
            var partial = r.Take(216, "partialHash").ToArray();
            var next = r.Take(64, "nextChallenge").ToArray();
            var type = r.U32("type");
            var (name, iters, beacon) = ZkeyFile.ReadParams(ref r, where);
            list.Add(new PtauContribution(tauG1, tauG2, alphaG1, betaG1, betaG2, key, partial, next, type, name, iters, beacon));
        }
        r.ExpectEnd();
        return list;
    }

    internal static byte[] PublicKeyBytes(PtauPublicKey k, bool uncompressed)
    {
        var b = new byte[6 * 64 + 3 * 128];
        var o = 0;
        foreach (var p in new[] { k.TauG1S, k.TauG1SX, k.AlphaG1S, k.AlphaG1SX, k.BetaG1S, k.BetaG1SX })
        {
            if (uncompressed) PointCodec.WriteG1Uncompressed(p, b.AsSpan(o, 64)); else PointCodec.WriteG1(p, b.AsSpan(o, 64));
            o += 64;
        }
        foreach (var p in new[] { k.TauG2SPX, k.AlphaG2SPX, k.BetaG2SPX })
        {
            if (uncompressed) PointCodec.WriteG2Uncompressed(p, b.AsSpan(o, 128)); else PointCodec.WriteG2(p, b.AsSpan(o, 128));
            o += 128;
        }
        return b;
    }

    internal static byte[] ContributionsSection(IReadOnlyList<PtauContribution> contributions)
    {
        var w = new SectionWriter(4096);
        w.U32((uint)contributions.Count);
        Span<byte> g1 = stackalloc byte[64];
        Span<byte> g2 = stackalloc byte[128];
        foreach (var c in contributions)
        {
            PointCodec.WriteG1(c.TauG1, g1); w.Bytes(g1);
            PointCodec.WriteG2(c.TauG2, g2); w.Bytes(g2);
            PointCodec.WriteG1(c.AlphaG1, g1); w.Bytes(g1);
            PointCodec.WriteG1(c.BetaG1, g1); w.Bytes(g1);
            PointCodec.WriteG2(c.BetaG2, g2); w.Bytes(g2);
            w.Bytes(PublicKeyBytes(c.Key, uncompressed: false));
            w.Bytes(c.PartialHash);
            w.Bytes(c.NextChallenge);
            w.U32(c.Type);
            ZkeyFile.WriteParams(w, c.Name, c.Type, c.NumIterationsExp, c.BeaconHash);
        }
        return w.ToArray();
    }

    public static void Write(PowersOfTauData d, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(d);
        var s1 = new SectionWriter();
        s1.U32(32);
        var q = new byte[32];
        Fq.Modulus.TryWriteBytes(q, out _, isUnsigned: true, isBigEndian: false);
        s1.Bytes(q);
        s1.U32((uint)d.Power);
        s1.U32((uint)d.CeremonyPower);
        var sections = new List<(int, byte[])>
        {
            (1, s1.ToArray()),
            (2, PointCodec.G1ArrayBytes(d.TauG1)),
            (3, PointCodec.G2ArrayBytes(d.TauG2)),
            (4, PointCodec.G1ArrayBytes(d.AlphaTauG1)),
            (5, PointCodec.G1ArrayBytes(d.BetaTauG1)),
            (6, PointCodec.G2ArrayBytes([d.BetaG2])),
            (7, ContributionsSection(d.Contributions)),
        };
        if (d.IsPreparedForPhase2)
        {
            sections.Add((12, PointCodec.G1ArrayBytes(d.LagrangeTauG1!)));
            sections.Add((13, PointCodec.G2ArrayBytes(d.LagrangeTauG2!)));
            sections.Add((14, PointCodec.G1ArrayBytes(d.LagrangeAlphaTauG1!)));
            sections.Add((15, PointCodec.G1ArrayBytes(d.LagrangeBetaTauG1!)));
        }
        SectionContainer.Write(stream, "ptau", sections);
    }
}
