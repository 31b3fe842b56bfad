using System.Buffers.Binary;
using System.Text;

namespace ZkChain.Groth16.Formats;

/// <summary>
/// The iden3 binary container used by snarkjs (.ptau, .zkey, .r1cs, .wtns): a 4-byte ASCII magic,
/// a u32 version, a u32 section count, then sections each framed as u32 id + u64 byte length.
/// Everything little-endian. Sections are kept as byte arrays; the typed readers parse them.
/// </summary>
public sealed class BinFile
{
    public string Magic { get; }
    public uint Version { get; }
    /// <summary>Sections in file order (an id may repeat; the typed readers decide whether that is allowed).</summary>
    public IReadOnlyList<(uint Id, byte[] Data)> Sections { get; }

    private BinFile(string magic, uint version, List<(uint, byte[])> sections)
    {
        Magic = magic;
        Version = version;
        Sections = sections;
    }

    /// <summary>Reads the whole container, validating framing; throws <see cref="InvalidDataException"/> on any inconsistency.</summary>
    public static BinFile Read(Stream stream, string expectedMagic, string what)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[12];
        ReadExactly(stream, header, $"{what} header (magic, version, section count)");
        var magic = Encoding.ASCII.GetString(header, 0, 4);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException($"not a {what}: magic is '{Printable(header.AsSpan(0, 4))}', expected '{expectedMagic}'");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (count > 1000)
        {
            throw new InvalidDataException($"{what} header: section count {count} is implausible");
        }
        long remaining = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        var sections = new List<(uint, byte[])>((int)count);
        var frame = new byte[12];
        for (var i = 0; i < count; i++)
        {
            ReadExactly(stream, frame, $"{what} section {i + 1} of {count}: frame (id, length)");
            remaining -= 12;
            var id = BinaryPrimitives.ReadUInt32LittleEndian(frame);
            var len = BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(4));
            if (len > (ulong)remaining || len > int.MaxValue)
            {
                throw new InvalidDataException($"{what} section {id}: declared length {len} bytes but only {Math.Max(0, remaining)} bytes remain (truncated file?)");
            }
            var data = new byte[len];
            ReadExactly(stream, data, $"{what} section {id} ({len} bytes)");
            remaining -= (long)len;
            sections.Add((id, data));
        }
        return new BinFile(magic, version, sections);
    }

    /// <summary>The unique section with this id; throws when missing or repeated.</summary>
    public byte[] Section(uint id, string what, string name)
    {
        byte[]? found = null;
        foreach (var (sid, data) in Sections)
        {
            if (sid != id) continue;
            if (found != null) throw new InvalidDataException($"{what} section {id} ({name}) appears more than once");
            found = data;
        }
        return found ?? throw new InvalidDataException($"{what} section {id} ({name}) is missing");
    }

    public bool HasSection(uint id) => Sections.Any(s => s.Id == id);

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

    private static string Printable(ReadOnlySpan<byte> b)
    {
        var sb = new StringBuilder();
        foreach (var c in b) sb.Append(c is >= 32 and < 127 ? (char)c : '?');
        return sb.ToString();
    }

    /// <summary>Writes a container: magic, version, then each section framed.</summary>
    public static void Write(Stream stream, string magic, uint version, IReadOnlyList<(uint Id, byte[] Data)> sections)
    {
        if (magic.Length != 4) throw new ArgumentException("magic must be 4 ASCII characters", nameof(magic));
        Span<byte> head = stackalloc byte[12];
        Encoding.ASCII.GetBytes(magic, head);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], version);
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], (uint)sections.Count);
        stream.Write(head);
        foreach (var (id, data) in sections)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(head, id);
            BinaryPrimitives.WriteUInt64LittleEndian(head[4..], (ulong)data.Length);
            stream.Write(head);
            stream.Write(data);
        }
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
