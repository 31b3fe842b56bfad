using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;

namespace ZkChain.Groth16.Ceremony;

/// <summary>One phase-1 contribution as recorded in a .ptau (section 7).</summary>
/// <param name="Index">1-based position in the transcript.</param>
/// <param name="Type">0 = contribution, 1 = beacon.</param>
/// <param name="ResponseHash">The hash snarkjs prints as the contribution's "Response Hash" (what a contributor publishes).</param>
/// <param name="NextChallenge">The challenge hash the next contributor builds on.</param>
public sealed record PtauContributionSummary(int Index, string? Name, uint Type, byte[] ResponseHash, byte[] NextChallenge,
    byte[]? BeaconHash, byte? NumIterationsExp);

/// <summary>What <see cref="PtauInspector.Inspect(Stream)"/> reads from a .ptau without loading its points.</summary>
public sealed record PtauInspection(
    int Power,
    int CeremonyPower,
    bool PreparedForPhase2,
    long FileBytes,
    byte[] FileBlake2b512,
    IReadOnlyList<PtauContributionSummary> Contributions,
    bool HasNonTrivialPointsWithoutTranscript)
{
    /// <summary>Contributions of type 0 (a beacon adds public randomness, not a secret).</summary>
    public int IndependentContributions => Contributions.Count(c => c.Type == 0);
}

/// <summary>
/// Reads the header and the contribution records of a snarkjs/Hermez .ptau (prepared or not, any power) by
/// seeking past the point sections, and hashes the whole file with Blake2b-512 (the hash published next to the
/// community ptau files). This is an inspection, not a verification: it does not check that the points are a
/// valid accumulator nor that each contribution's proof of knowledge holds — <see cref="PowersOfTauVerifier"/> (`powersoftau verify`)
/// does that. Malformed files raise <see cref="InvalidDataException"/> naming the section.
/// </summary>
public static class PtauInspector
{
    public static PtauInspection Inspect(string path, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Inspect(fs, progress);
    }

    public static PtauInspection Inspect(Stream stream, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("the ptau stream must be seekable", nameof(stream));
        var length = stream.Length - stream.Position;
        var start = stream.Position;

        // The section table only (points are not loaded); a non-seekable stream was refused above.
        var file = Formats.SectionContainer.Open(stream, "ptau", "ptau");
        if (file.TrailingBytes != 0) throw new InvalidDataException($"ptau: {file.TrailingBytes} unexpected bytes after the last section");

        byte[] Section(int id, string name, long maxBytes)
        {
            if (!file.HasSection(id)) throw new InvalidDataException($"ptau section {id} ({name}) is missing");
            if (file.SectionSize(id) > maxBytes) throw new InvalidDataException($"ptau section {id} ({name}): {file.SectionSize(id)} bytes is implausibly large");
            return file.ReadSection(id);
        }

        const string h = "ptau section 1 (header)";
        var s1 = new SectionReader(Section(1, "header", 4096), h);
        var n8 = s1.U32("n8");
        if (n8 != 32) throw new InvalidDataException($"{h}: n8 is {n8}, expected 32 (BN254)");
        var q = new BigInteger(s1.Take(32, "q"), isUnsigned: true, isBigEndian: false);
        if (q != Fq.Modulus) throw new InvalidDataException($"{h}: prime q is not BN254's (only bn128/BN254 is supported)");
        var power = checked((int)s1.U32("power"));
        var ceremonyPower = checked((int)s1.U32("ceremonyPower"));
        s1.ExpectEnd();
        if (power < 1 || power >= Fr.TwoAdicity) throw new InvalidDataException($"{h}: power {power} out of range 1..{Fr.TwoAdicity - 1}");

        var expectTauG1 = ((2L << power) - 1) * 64;
        if (!file.HasSection(2)) throw new InvalidDataException("ptau section 2 (tauG1) is missing");
        if (file.SectionSize(2) != expectTauG1) throw new InvalidDataException($"ptau section 2 (tauG1): {file.SectionSize(2)} bytes, expected {expectTauG1} for power {power}");
        foreach (var (id, name) in new[] { (3, "tauG2"), (4, "alphaTauG1"), (5, "betaTauG1"), (6, "betaG2") })
        {
            if (!file.HasSection(id)) throw new InvalidDataException($"ptau section {id} ({name}) is missing");
        }
        var firstTwo = new byte[128]; // tau^0 and tau^1 in G1
        using (var tauG1 = file.OpenSection(2)) ReadExactly(tauG1, firstTwo, "ptau section 2 (tauG1), points 0 and 1");
        var tau1 = PointCodec.ReadG1(firstTwo.AsSpan(64), "ptau section 2 (tauG1), point 1");

        var contributions = ReadContributions(Section(7, "contributions", 1L << 26));
        var trivialWithoutTranscript = contributions.Count == 0 && tau1 != G1Affine.Generator;

        progress?.Report(("ptau: Blake2b-512 of the file", 0));
        stream.Position = start;
        var hasher = new Blake2bDigest(512);
        var buf = new byte[1 << 20];
        long done = 0;
        int n;
        while ((n = stream.Read(buf, 0, buf.Length)) > 0)
        {
            hasher.BlockUpdate(buf, 0, n);
            done += n;
            progress?.Report(("ptau: Blake2b-512 of the file", length == 0 ? 1 : (double)done / length));
        }
        var fileHash = new byte[64];
        hasher.DoFinal(fileHash, 0);

        return new PtauInspection(power, ceremonyPower, file.HasSection(12), length, fileHash, contributions, trivialWithoutTranscript);
    }

    /// <summary>A phase-1 contribution's response hash (as snarkjs prints it): its partial hash finished with its public key.</summary>
    public static byte[] ResponseHash(PtauContribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var h = Blake2b512.FromPartial(contribution.PartialHash, "ptau contribution, partialHash");
        h.Update(PtauFile.PublicKeyBytes(contribution.Key, uncompressed: true));
        return h.Digest();
    }

    private static List<PtauContributionSummary> ReadContributions(byte[] data)
    {
        const string w = "ptau section 7 (contributions)";
        var r = new SectionReader(data, w);
        var n = r.U32("contribution count");
        var list = new List<PtauContributionSummary>();
        for (var i = 0; i < n; i++)
        {
            var where = $"{w}, contribution {i + 1}";
            r.Take(64 + 128 + 64 + 64 + 128, "accumulator points (tauG1, tauG2, alphaG1, betaG1, betaG2)");
            var g1 = new G1Affine[6];
            string[] g1Names = ["key.tau.g1_s", "key.tau.g1_sx", "key.alpha.g1_s", "key.alpha.g1_sx", "key.beta.g1_s", "key.beta.g1_sx"];
            for (var k = 0; k < 6; k++) g1[k] = PointCodec.ReadG1(r.Take(64, g1Names[k]), where + ", " + g1Names[k]);
            var g2 = new G2Affine[3];
            string[] g2Names = ["key.tau.g2_spx", "key.alpha.g2_spx", "key.beta.g2_spx"];
            for (var k = 0; k < 3; k++) g2[k] = PointCodec.ReadG2(r.Take(128, g2Names[k]), where + ", " + g2Names[k]);
            var key = new PtauPublicKey(g1[0], g1[1], g1[2], g1[3], g1[4], g1[5], g2[0], g2[1], g2[2]);
            var partial = r.Take(216, "partialHash").ToArray();
            var next = r.Take(64, "nextChallenge").ToArray();
            var type = r.U32("type");
            var (name, iters, beacon) = ZkeyFile.ReadParams(ref r, where);
            if (type > 1) throw new InvalidDataException($"{where}: unknown contribution type {type} (0 = contribution, 1 = beacon)");
            var response = Blake2b512.FromPartial(partial, where + ", partialHash");
            response.Update(PtauFile.PublicKeyBytes(key, uncompressed: true));
            list.Add(new PtauContributionSummary(i + 1, name, type, response.Digest(), next, beacon, iters));
        }
        r.ExpectEnd();
        return list;
    }

    private static void ReadExactly(Stream s, byte[] buffer, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = s.Read(buffer, read, buffer.Length - read);
            if (n == 0) throw new InvalidDataException($"{what}: unexpected end of file after {read} of {buffer.Length} bytes (truncated file?)");
            read += n;
        }
    }
}
