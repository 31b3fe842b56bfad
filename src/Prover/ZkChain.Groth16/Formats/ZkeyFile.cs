using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using ZkChain.Algebra;

namespace ZkChain.Groth16.Formats;

/// <summary>
/// snarkjs .zkey (groth16) reader/writer. Sections: 1 protocol (1 = groth16), 2 groth16 header
/// (n8q, q, n8r, r, nVars, nPublic, domainSize, alpha1, beta1, beta2, gamma2, delta1, delta2),
/// 3 IC, 4 A/B coefficients (value stored as v·R² mod r, i.e. Montgomery of Montgomery), 5 A,
/// 6 B1, 7 B2, 8 C (private signals), 9 H, 10 MPC contributions. Points: LEM affine, infinity = zeros.
/// Written in the order `snarkjs groth16 setup` writes them (1, 2, 4, 3, 9, 8, 5, 6, 7, 10).
/// </summary>
public static class ZkeyFile
{
    private const string What = "zkey";
    internal static readonly Fr R2 = Fr.FromBigInteger(BigInteger.ModPow(BigInteger.One << 256, 2, Fr.Modulus));
    /// <summary>R^-1 mod r for R = 2^256.</summary>
    private static readonly Fr RInv = Fr.FromBigInteger(BigInteger.ModPow(BigInteger.One << 256, Fr.Modulus - 2, Fr.Modulus));

    /// <remarks>
    /// Sections are read one at a time (the stream is seeked; a non-seekable one is buffered first), and the large
    /// coefficient section is parsed in chunks, so peak memory is the parsed key, not the parsed key plus the raw file.
    /// </remarks>
    public static ProvingKey Read(Stream stream)
    {
        ZkChain.R1cs.BinaryFileReader file;
        using (ProveProfile.Stage("zkey: read sections")) file = SectionContainer.Open(stream, "zkey", What);
        byte[] Section(int id, string name) => file.Section(id, What, name);

        var s1 = new SectionReader(Section(1, "protocol"), "zkey section 1 (protocol)");
        var protocol = s1.U32("protocol id");
        if (protocol != 1) throw new InvalidDataException($"zkey section 1 (protocol): protocol id {protocol} is not groth16 (1)");
        s1.ExpectEnd();

        const string h = "zkey section 2 (groth16 header)";
        var s2 = new SectionReader(Section(2, "groth16 header"), h);
        CheckPrime(ref s2, Fq.Modulus, h, "q");
        CheckPrime(ref s2, Fr.Modulus, h, "r");
        var nVars = checked((int)s2.U32("nVars"));
        var nPublic = checked((int)s2.U32("nPublic"));
        var domainSize = checked((int)s2.U32("domainSize"));
        if (nVars < 1 || nPublic + 1 > nVars) throw new InvalidDataException($"{h}: nPublic {nPublic} inconsistent with nVars {nVars}");
        if (domainSize < 1 || (domainSize & (domainSize - 1)) != 0) throw new InvalidDataException($"{h}: domainSize {domainSize} is not a power of two");
        if (BitOperations.Log2((uint)domainSize) >= Fr.TwoAdicity) throw new InvalidDataException($"{h}: domainSize {domainSize} too large for BN254");
        var alpha1 = PointCodec.ReadG1(s2.Take(64, "alpha1"), h + ", alpha1");
        var beta1 = PointCodec.ReadG1(s2.Take(64, "beta1"), h + ", beta1");
        var beta2 = PointCodec.ReadG2(s2.Take(128, "beta2"), h + ", beta2");
        var gamma2 = PointCodec.ReadG2(s2.Take(128, "gamma2"), h + ", gamma2");
        var delta1 = PointCodec.ReadG1(s2.Take(64, "delta1"), h + ", delta1");
        var delta2 = PointCodec.ReadG2(s2.Take(128, "delta2"), h + ", delta2");
        s2.ExpectEnd();

        var ic = PointCodec.ReadG1Array(Section(3, "IC"), nPublic + 1, "zkey section 3 (IC)");
        var coefStage = ProveProfile.Stage("zkey: coefficients");
        if (!file.HasSection(4)) throw new InvalidDataException($"{What} section 4 (coefficients) is missing");
        QapCoefficient[] coefs;
        using (var coefStream = file.OpenSection(4)) coefs = ReadCoefficients(coefStream, file.SectionSize(4), nVars, domainSize);
        coefStage.Dispose();
        var pointStage = ProveProfile.Stage("zkey: A, B1, B2, C, H points");
        var a = PointCodec.ReadG1Array(Section(5, "A"), nVars, "zkey section 5 (A)");
        var b1 = PointCodec.ReadG1Array(Section(6, "B1"), nVars, "zkey section 6 (B1)");
        var b2 = PointCodec.ReadG2Array(Section(7, "B2"), nVars, "zkey section 7 (B2)");
        var c = PointCodec.ReadG1Array(Section(8, "C"), nVars - nPublic - 1, "zkey section 8 (C)");
        var hPts = PointCodec.ReadG1Array(Section(9, "H"), domainSize, "zkey section 9 (H)");
        pointStage.Dispose();
        var mpc = ReadMpc(Section(10, "contributions"));

        return new ProvingKey
        {
            NVars = nVars, NPublic = nPublic, DomainSize = domainSize,
            Alpha1 = alpha1, Beta1 = beta1, Beta2 = beta2, Gamma2 = gamma2, Delta1 = delta1, Delta2 = delta2,
            IC = ic, Coefficients = coefs, A = a, B1 = b1, B2 = b2, C = c, H = hPts, Mpc = mpc,
        };
    }

    private static void CheckPrime(ref SectionReader r, BigInteger expected, string where, string name)
    {
        var n8 = r.U32("n8" + name);
        if (n8 != 32) throw new InvalidDataException($"{where}: n8{name} is {n8}, expected 32 (BN254)");
        var v = new BigInteger(r.Take(32, name), isUnsigned: true, isBigEndian: false);
        if (v != expected) throw new InvalidDataException($"{where}: prime {name} is not BN254's (only bn128/BN254 is supported)");
    }

    private static QapCoefficient[] ReadCoefficients(Stream data, long size, int nVars, int domainSize)
    {
        const string w = "zkey section 4 (coefficients)";
        const int entry = 44; // u32 matrix, u32 constraint, u32 signal, 32-byte value
        Span<byte> head = stackalloc byte[4];
        if (size < 4 || !TryFill(data, head)) throw new InvalidDataException($"{w}: shorter than its 4-byte count");
        var n = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head);
        if ((ulong)n * entry != (ulong)(size - 4))
        {
            throw new InvalidDataException($"{w}: count {n} needs {(ulong)n * entry} bytes but {size - 4} remain");
        }
        if (n > Array.MaxLength) throw new InvalidDataException($"{w}: {n} coefficients are more than one array can hold");
        var res = new QapCoefficient[n];
        const int ChunkEntries = 65536;
        var chunk = new byte[entry * (int)Math.Min(ChunkEntries, Math.Max(n, 1u))];
        for (long i = 0; i < n;)
        {
            var count = (int)Math.Min(ChunkEntries, n - i);
            if (!TryFill(data, chunk.AsSpan(0, count * entry))) throw new InvalidDataException($"{w}: truncated at entry {i}");
            // Parsed in parallel blocks; on bad entries the lowest index is reported, as a sequential parse would.
            long first = i;
            int blocks = Math.Max(1, Math.Min(Environment.ProcessorCount * 2, count / 4096));
            var errors = new string?[blocks]; // the first bad entry of each block
            Parallel.For(0, blocks, blk =>
            {
                int lo = (int)((long)count * blk / blocks), hi = (int)((long)count * (blk + 1) / blocks);
                for (var k = lo; k < hi; k++)
                {
                    var e = chunk.AsSpan(k * entry, entry);
                    var m = BinaryPrimitives.ReadUInt32LittleEndian(e);
                    var c = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
                    var s = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
                    long at = first + k;
                    string? bad = m > 1 ? $"{w}: entry {at}: matrix {m} (must be 0 = A or 1 = B)"
                        : c >= domainSize ? $"{w}: entry {at}: constraint {c} outside the domain of {domainSize}"
                        : s >= nVars ? $"{w}: entry {at}: signal {s} >= nVars {nVars}"
                        : null;
                    Fr stored = default;
                    if (bad == null)
                    {
                        // Stored as the integer v R^2 mod r; read as a Montgomery representation it is v R, and one
                        // multiplication by R^-1 gives v.
                        try { stored = Fr.FromMontgomeryBytesLE(e.Slice(12, 32)); }
                        catch (InvalidDataException ex) { bad = $"{w}: entry {at}: value is not a field element ({ex.Message})"; }
                    }
                    if (bad != null) { errors[blk] = bad; return; }
                    res[at] = new QapCoefficient((int)m, (int)c, (int)s, stored * RInv);
                }
            });
            // Blocks are in entry order, so the first block with an error holds the lowest bad entry.
            foreach (var message in errors)
            {
                if (message != null) throw new InvalidDataException(message);
            }
            i += count;
        }
        return res;
    }

    private static bool TryFill(Stream s, Span<byte> dst)
    {
        var read = 0;
        while (read < dst.Length)
        {
            var k = s.Read(dst[read..]);
            if (k == 0) return false;
            read += k;
        }
        return true;
    }

    private static MpcParams ReadMpc(byte[] data)
    {
        const string w = "zkey section 10 (contributions)";
        var r = new SectionReader(data, w);
        var csHash = r.Take(64, "circuit hash").ToArray();
        var n = r.U32("contribution count");
        var list = new List<ZkeyContribution>();
        for (var i = 0; i < n; i++)
        {
            var where = $"{w}, contribution {i + 1}";
            var deltaAfter = PointCodec.ReadG1(r.Take(64, "deltaAfter"), where + ", deltaAfter");
            var g1s = PointCodec.ReadG1(r.Take(64, "g1_s"), where + ", g1_s");
            var g1sx = PointCodec.ReadG1(r.Take(64, "g1_sx"), where + ", g1_sx");
            var g2spx = PointCodec.ReadG2(r.Take(128, "g2_spx"), where + ", g2_spx");
            var transcript = r.Take(64, "transcript").ToArray();
            var type = r.U32("type");
            var (name, iters, beacon) = ReadParams(ref r, where);
            list.Add(new ZkeyContribution(deltaAfter, g1s, g1sx, g2spx, transcript, type, name, iters, beacon));
        }
        r.ExpectEnd();
        return new MpcParams(csHash, list);
    }

    /// <summary>The contribution parameter block shared by .zkey and .ptau: u32 length then (type, ...) entries sorted by type.</summary>
    internal static (string? Name, byte? Iters, byte[]? Beacon) ReadParams(ref SectionReader r, string where)
    {
        var len = r.U32("parameters length");
        var block = r.Take(checked((int)len), "parameters");
        var p = new SectionReader(block, where + ", parameters");
        string? name = null; byte? iters = null; byte[]? beacon = null;
        var last = 0;
        while (p.Remaining > 0)
        {
            var t = p.U8("parameter type");
            if (t <= last) throw new InvalidDataException($"{where}: parameters are not sorted by type");
            last = t;
            switch (t)
            {
                case 1: name = Encoding.UTF8.GetString(p.Take(p.U8("name length"), "name")); break;
                case 2: iters = p.U8("numIterationsExp"); break;
                case 3: beacon = p.Take(p.U8("beacon hash length"), "beacon hash").ToArray(); break;
                default: throw new InvalidDataException($"{where}: unknown parameter type {t}");
            }
        }
        return (name, iters, beacon);
    }

    internal static void WriteParams(SectionWriter w, string? name, uint type, byte? iters, byte[]? beacon)
    {
        var p = new List<byte>();
        if (!string.IsNullOrEmpty(name))
        {
            var nb = Encoding.UTF8.GetBytes(name.Length > 64 ? name[..64] : name);
            p.Add(1);
            p.Add((byte)nb.Length);
            p.AddRange(nb);
        }
        if (type == 1)
        {
            p.Add(2);
            p.Add(iters ?? 0);
            p.Add(3);
            p.Add((byte)(beacon?.Length ?? 0));
            if (beacon != null) p.AddRange(beacon);
        }
        w.U32((uint)p.Count);
        w.Bytes(p.ToArray());
    }

    public static void Write(ProvingKey pk, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(pk);
        var s1 = new SectionWriter();
        s1.U32(1);

        var s2 = new SectionWriter(1024);
        WritePrime(s2, Fq.Modulus);
        WritePrime(s2, Fr.Modulus);
        s2.U32((uint)pk.NVars);
        s2.U32((uint)pk.NPublic);
        s2.U32((uint)pk.DomainSize);
        Span<byte> g1 = stackalloc byte[64];
        Span<byte> g2 = stackalloc byte[128];
        PointCodec.WriteG1(pk.Alpha1, g1); s2.Bytes(g1);
        PointCodec.WriteG1(pk.Beta1, g1); s2.Bytes(g1);
        PointCodec.WriteG2(pk.Beta2, g2); s2.Bytes(g2);
        PointCodec.WriteG2(pk.Gamma2, g2); s2.Bytes(g2);
        PointCodec.WriteG1(pk.Delta1, g1); s2.Bytes(g1);
        PointCodec.WriteG2(pk.Delta2, g2); s2.Bytes(g2);

        var s4 = new byte[4 + pk.Coefficients.Length * 44];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s4, (uint)pk.Coefficients.Length);
        for (var i = 0; i < pk.Coefficients.Length; i++)
        {
            var c = pk.Coefficients[i];
            var o = 4 + i * 44;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s4.AsSpan(o), (uint)c.Matrix);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s4.AsSpan(o + 4), (uint)c.Constraint);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s4.AsSpan(o + 8), (uint)c.Signal);
            (c.Value * R2).ToCanonicalBytesLE(s4.AsSpan(o + 12, 32));
        }

        var s10 = new SectionWriter(1024);
        s10.Bytes(pk.Mpc.CsHash);
        s10.U32((uint)pk.Mpc.Contributions.Count);
        foreach (var c in pk.Mpc.Contributions)
        {
            PointCodec.WriteG1(c.DeltaAfter, g1); s10.Bytes(g1);
            PointCodec.WriteG1(c.G1S, g1); s10.Bytes(g1);
            PointCodec.WriteG1(c.G1SX, g1); s10.Bytes(g1);
            PointCodec.WriteG2(c.G2SPX, g2); s10.Bytes(g2);
            s10.Bytes(c.Transcript);
            s10.U32(c.Type);
            WriteParams(s10, c.Name, c.Type, c.NumIterationsExp, c.BeaconHash);
        }

        SectionContainer.Write(stream, "zkey",
        [
            (1, s1.ToArray()),
            (2, s2.ToArray()),
            (4, s4),
            (3, PointCodec.G1ArrayBytes(pk.IC)),
            (9, PointCodec.G1ArrayBytes(pk.H)),
            (8, PointCodec.G1ArrayBytes(pk.C)),
            (5, PointCodec.G1ArrayBytes(pk.A)),
            (6, PointCodec.G1ArrayBytes(pk.B1)),
            (7, PointCodec.G2ArrayBytes(pk.B2)),
            (10, s10.ToArray()),
        ]);
    }

    private static void WritePrime(SectionWriter w, BigInteger p)
    {
        w.U32(32);
        var b = new byte[32];
        p.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false);
        w.Bytes(b);
    }
}
