using System.Buffers.Binary;
using System.Text;

namespace ZkChain.Groth16.Formats;

/// <summary>
/// The iden3 section container of .zkey and .ptau files, on top of the one implementation shared with .r1cs and .wtns
/// (<see cref="ZkChain.R1cs.BinaryFileReader"/> / <see cref="ZkChain.R1cs.BinaryFileWriter"/>): readers fetch one
/// section at a time, so a multi-gigabyte key or powers of tau is never held twice in memory.
/// </summary>
internal static class SectionContainer
{
    public static ZkChain.R1cs.BinaryFileReader Open(Stream stream, string magic, string what)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var file = ZkChain.R1cs.BinaryFileReader.Open(stream, magic, what);
        if (file.Version != 1) throw new InvalidDataException($"{what} header: version {file.Version} is not supported (expected 1)");
        return file;
    }

    /// <summary>The bytes of one section; a missing section is named.</summary>
    public static byte[] Section(this ZkChain.R1cs.BinaryFileReader file, int id, string what, string name) =>
        file.HasSection(id) ? file.ReadSection(id) : throw new InvalidDataException($"{what} section {id} ({name}) is missing");

    /// <summary>Writes a version-1 container with the sections in the given order (snarkjs's order matters for byte identity).</summary>
    public static void Write(Stream stream, string magic, IReadOnlyList<(int Id, byte[] Data)> sections)
    {
        var w = new ZkChain.R1cs.BinaryFileWriter(stream, magic, 1, (uint)sections.Count);
        foreach (var (id, data) in sections) w.WriteSection(id, data);
        w.Finish();
    }
}

/// <summary>A bounds-checked little-endian cursor over one section's bytes; every overrun names the section and field.</summary>
internal ref struct SectionReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _where;
    public int Position;

    public SectionReader(ReadOnlySpan<byte> data, string where)
    {
        _data = data;
        _where = where;
        Position = 0;
    }

    public readonly int Remaining => _data.Length - Position;

    public ReadOnlySpan<byte> Take(int n, string field)
    {
        if (n < 0 || n > Remaining)
        {
            throw new InvalidDataException($"{_where}: {field} needs {n} bytes but only {Remaining} remain (section too short)");
        }
        var s = _data.Slice(Position, n);
        Position += n;
        return s;
    }

    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));
    public byte U8(string field) => Take(1, field)[0];

    public readonly void ExpectEnd()
    {
        if (Remaining != 0) throw new InvalidDataException($"{_where}: {Remaining} unexpected trailing bytes");
    }
}

/// <summary>A growable little-endian section builder.</summary>
internal sealed class SectionWriter
{
    private readonly MemoryStream _ms;
    public SectionWriter(int capacity = 256) => _ms = new MemoryStream(capacity);
    public void U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); _ms.Write(b); }
    public void U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); _ms.Write(b); }
    public void U8(byte v) => _ms.WriteByte(v);
    public void Bytes(ReadOnlySpan<byte> b) => _ms.Write(b);
    public byte[] ToArray() => _ms.ToArray();
}
