using System.Buffers.Binary;
using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.R1cs;

/// <summary>
/// snarkjs/circom witness file (.wtns), version 2: section 1 = (n8, prime, count), section 2 = values,
/// each 32 bytes little-endian in standard form.
/// </summary>
public static class WtnsFile
{
    private const int FieldBytes = 32;

    public static Fr[] Read(Stream stream)
    {
        var file = BinaryFileReader.Open(stream, "wtns", "wtns");
        if (file.Version != 2) throw new InvalidDataException($"wtns version {file.Version} is not supported (expected 2)");
        var header = file.ReadSection(1);
        if (header.Length != 4 + FieldBytes + 4) throw new InvalidDataException($"wtns header section has {header.Length} bytes, expected {8 + FieldBytes}");
        var n8 = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (n8 != FieldBytes) throw new InvalidDataException($"wtns field size is {n8} bytes; only BN254 (32 bytes) is supported");
        var prime = new BigInteger(header.AsSpan(4, FieldBytes), isUnsigned: true, isBigEndian: false);
        if (prime != Fr.Modulus) throw new InvalidDataException($"wtns is for prime {prime}; zkchain supports BN254 only");
        var n = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4 + FieldBytes));
        if (n > int.MaxValue / FieldBytes) throw new InvalidDataException($"wtns declares {n} values, too many");
        var body = file.ReadSection(2, (long)n * FieldBytes);
        var values = new Fr[n];
        for (var i = 0; i < n; i++)
        {
            try { values[i] = Fr.FromCanonicalBytesLE(body.AsSpan(i * FieldBytes, FieldBytes)); }
            catch (InvalidDataException) { throw new InvalidDataException($"wtns value {i} is not below the field prime"); }
        }
        return values;
    }

    public static void Write(ReadOnlySpan<Fr> witness, Stream stream)
    {
        var w = new BinaryFileWriter(stream, "wtns", 2, 2);
        var header = new byte[4 + FieldBytes + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, FieldBytes);
        Fr.Modulus.TryWriteBytes(header.AsSpan(4, FieldBytes), out _, isUnsigned: true, isBigEndian: false);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4 + FieldBytes), (uint)witness.Length);
        w.WriteSection(1, header);
        var body = new byte[witness.Length * FieldBytes];
        for (var i = 0; i < witness.Length; i++) witness[i].ToCanonicalBytesLE(body.AsSpan(i * FieldBytes, FieldBytes));
        w.WriteSection(2, body);
        w.Finish();
    }
}
