using System.Buffers.Binary;
using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.R1cs;

/// <summary>
/// circom's .r1cs format, version 1: section 1 header, section 2 constraints, section 3 wire→label map.
/// Coefficients are stored in standard (not Montgomery) form, little-endian, 32 bytes.
/// Custom-gate sections (4, 5, PLONK only) are rejected: Groth16 cannot use them.
/// </summary>
public static class R1csFile
{
    private const int HeaderSection = 1, ConstraintsSection = 2, WireToLabelSection = 3;
    private const int FieldBytes = 32;

    public static ConstraintSystem Read(Stream stream)
    {
        var file = BinaryFileReader.Open(stream, "r1cs", "r1cs");
        if (file.Version != 1) throw new InvalidDataException($"r1cs version {file.Version} is not supported (expected 1)");
        if (file.HasSection(4) || file.HasSection(5))
            throw new InvalidDataException("r1cs uses custom gates (sections 4/5), which only PLONK supports; Groth16 needs plain R1CS");

        var header = file.ReadSection(HeaderSection);
        if (header.Length < 4) throw new InvalidDataException("r1cs header section is too short");
        var n8 = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (n8 != FieldBytes) throw new InvalidDataException($"r1cs field size is {n8} bytes; only BN254 (32 bytes) is supported");
        if (header.Length != 4 + FieldBytes + 4 * 4 + 8 + 4)
            throw new InvalidDataException($"r1cs header section has {header.Length} bytes, expected {4 + FieldBytes + 28}");
        var prime = new BigInteger(header.AsSpan(4, FieldBytes), isUnsigned: true, isBigEndian: false);
        if (prime != Fr.Modulus)
            throw new InvalidDataException($"r1cs was compiled for prime {prime}; zkchain supports BN254 (bn128) only — compile with circom's default prime");
        var p = 4 + FieldBytes;
        var nWires = ReadCount(header, ref p, "nWires");
        var nPubOut = ReadCount(header, ref p, "nPubOut");
        var nPubIn = ReadCount(header, ref p, "nPubIn");
        var nPrvIn = ReadCount(header, ref p, "nPrvIn");
        var nLabels = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(p)); p += 8;
        var nConstraints = ReadCount(header, ref p, "nConstraints");

        var body = file.ReadSection(ConstraintsSection);
        var constraints = new Constraint[nConstraints];
        var pos = 0;
        for (var i = 0; i < nConstraints; i++)
        {
            var a = ReadLc(body, ref pos, nWires, i, 'A');
            var b = ReadLc(body, ref pos, nWires, i, 'B');
            var c = ReadLc(body, ref pos, nWires, i, 'C');
            constraints[i] = new Constraint(a, b, c);
        }
        if (pos != body.Length)
            throw new InvalidDataException($"r1cs constraints section has {body.Length - pos} bytes after the {nConstraints} declared constraints");

        ulong[]? map = null;
        if (file.HasSection(WireToLabelSection))
        {
            var raw = file.ReadSection(WireToLabelSection, (long)nWires * 8);
            map = new ulong[nWires];
            for (var i = 0; i < nWires; i++) map[i] = BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(i * 8));
        }
        try
        {
            return new ConstraintSystem(nWires, nPubOut, nPubIn, nPrvIn, constraints, map) { NLabels = nLabels };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"r1cs header is inconsistent: {e.Message}");
        }
    }

    private static int ReadCount(byte[] buf, ref int p, string name)
    {
        var v = BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(p));
        p += 4;
        if (v > int.MaxValue) throw new InvalidDataException($"r1cs header {name} = {v} is too large");
        return (int)v;
    }

    private static LinearCombination ReadLc(byte[] body, ref int pos, int nWires, int constraint, char which)
    {
        if (pos + 4 > body.Length) throw new InvalidDataException($"r1cs truncated in constraint {constraint} ({which})");
        var nTerms = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(pos));
        pos += 4;
        if (nTerms > (uint)(body.Length - pos) / (4 + FieldBytes))
            throw new InvalidDataException($"r1cs constraint {constraint} ({which}) declares {nTerms} terms, more than the section holds");
        var terms = new Term[nTerms];
        for (var k = 0; k < nTerms; k++)
        {
            var wire = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(pos));
            if (wire >= nWires) throw new InvalidDataException($"r1cs constraint {constraint} ({which}) uses wire {wire}, but there are {nWires} wires");
            Fr coeff;
            try { coeff = Fr.FromCanonicalBytesLE(body.AsSpan(pos + 4, FieldBytes)); }
            catch (InvalidDataException) { throw new InvalidDataException($"r1cs constraint {constraint} ({which}) has a coefficient ≥ r"); }
            terms[k] = new Term((int)wire, coeff);
            pos += 4 + FieldBytes;
        }
        return new LinearCombination(terms);
    }

    /// <summary>Writes sections in circom's order (constraints, header, wire map) so our files match circom's byte for byte.</summary>
    public static void Write(ConstraintSystem cs, Stream stream)
    {
        var w = new BinaryFileWriter(stream, "r1cs", 1, 3);


        long size = 0;
        foreach (var c in cs.Constraints)
            size += 12 + (long)(c.A.Count + c.B.Count + c.C.Count) * (4 + FieldBytes);
        w.BeginSection(ConstraintsSection, size);
        var buf = new byte[4 + FieldBytes];
        var bs = new BufferedStream(stream, 1 << 16);
        foreach (var c in cs.Constraints)
        {
            WriteLc(bs, c.A, buf);
            WriteLc(bs, c.B, buf);
            WriteLc(bs, c.C, buf);
        }
        bs.Flush();

        var header = new byte[4 + FieldBytes + 16 + 8 + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, FieldBytes);
        Fr.Modulus.TryWriteBytes(header.AsSpan(4, FieldBytes), out _, isUnsigned: true, isBigEndian: false);
        var p = 4 + FieldBytes;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(p), (uint)cs.NWires); p += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(p), (uint)cs.NPublicOutputs); p += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(p), (uint)cs.NPublicInputs); p += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(p), (uint)cs.NPrivateInputs); p += 4;
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(p), cs.NLabels); p += 8;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(p), (uint)cs.Constraints.Count);
        w.WriteSection(HeaderSection, header);

        var map = new byte[cs.NWires * 8];
        for (var i = 0; i < cs.NWires; i++) BinaryPrimitives.WriteUInt64LittleEndian(map.AsSpan(i * 8), cs.WireToLabel[i]);
        w.WriteSection(WireToLabelSection, map);
        w.Finish();
    }

    private static void WriteLc(Stream s, LinearCombination lc, byte[] buf)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buf, (uint)lc.Count);
        s.Write(buf, 0, 4);
        foreach (var t in lc.Terms)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buf, (uint)t.Wire);
            t.Coefficient.ToCanonicalBytesLE(buf.AsSpan(4, FieldBytes));
            s.Write(buf, 0, buf.Length);
        }
    }
}
