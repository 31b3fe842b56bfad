using System.Buffers.Binary;
using System.Text;

namespace ZkChain.R1cs;

/// <summary>
/// The section container shared by circom/snarkjs binary files (.r1cs, .wtns, .zkey, .ptau):
/// 4-byte magic, u32 version, u32 section count, then sections of (u32 type, u64 size, bytes).
/// All integers little-endian. Section types may repeat in principle; readers here reject that.
/// </summary>
public sealed class BinaryFileReader
{
    private readonly Dictionary<int, (long Offset, long Size)> _sections = new();
    private readonly Stream _stream;

    public string Magic { get; }
    public uint Version { get; }
    public string Kind { get; }

    private BinaryFileReader(Stream stream, string magic, uint version, string kind)
    {
        _stream = stream;
        Magic = magic;
        Version = version;
        Kind = kind;
    }

    /// <summary>Reads the header and the section table; the stream must be seekable.</summary>
    public static BinaryFileReader Open(Stream stream, string expectedMagic, string kind)
    {
        if (!stream.CanSeek)
        {
            var ms = new MemoryStream();
            stream.CopyTo(ms);
            ms.Position = 0;
            stream = ms;
        }
        Span<byte> head = stackalloc byte[12];
        if (!TryReadExactly(stream, head))
            throw new InvalidDataException($"not a {kind} file: shorter than its 12-byte header");
        var magic = Encoding.ASCII.GetString(head[..4]);
        if (magic != expectedMagic)
            throw new InvalidDataException($"not a {kind} file: magic is '{Printable(head[..4])}', expected '{expectedMagic}'");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        var nSections = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        // circom/snarkjs files have at most 15 sections; a huge count means a damaged header, not a file to scan.
        if (nSections > MaxSections) throw new InvalidDataException($"{kind} file header: section count {nSections} is implausible");
        var reader = new BinaryFileReader(stream, magic, version, kind);
        Span<byte> sh = stackalloc byte[12];
        for (var i = 0; i < nSections; i++)
        {
            if (!TryReadExactly(stream, sh))
                throw new InvalidDataException($"{kind} file truncated: section header {i + 1} of {nSections} is missing");
            var type = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(sh[4..]);
            var offset = stream.Position;
            if (size > (ulong)(stream.Length - offset))
                throw new InvalidDataException($"{kind} file truncated: section {type} declares {size} bytes but only {stream.Length - offset} remain");
            if (!reader._sections.TryAdd(type, (offset, (long)size)))
                throw new InvalidDataException($"{kind} file has section {type} twice");
            stream.Position = offset + (long)size;
        }
        reader.TrailingBytes = stream.Length - stream.Position;
        return reader;
    }

    private const uint MaxSections = 1000;

    /// <summary>Bytes after the last section (snarkjs never writes any; readers that must be strict check it).</summary>
    public long TrailingBytes { get; private set; }

    public bool HasSection(int type) => _sections.ContainsKey(type);

    public long SectionSize(int type) => Section(type).Size;

    private (long Offset, long Size) Section(int type) =>
        _sections.TryGetValue(type, out var s) ? s : throw new InvalidDataException($"{Kind} file has no section {type}");

    /// <summary>Reads a whole section into memory.</summary>
    public byte[] ReadSection(int type, long? expectedSize = null)
    {
        var (offset, size) = Section(type);
        if (expectedSize is { } e && e != size)
            throw new InvalidDataException($"{Kind} file section {type} has {size} bytes, expected {e}");
        if (size > Array.MaxLength) throw new InvalidDataException($"{Kind} file section {type} is too large ({size} bytes)");
        var buf = new byte[size];
        _stream.Position = offset;
        if (!TryReadExactly(_stream, buf)) throw new InvalidDataException($"{Kind} file truncated in section {type}");
        return buf;
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> raw bytes that follow a section in the file (the next section's header and
    /// data, or fewer at the end of the file). Only for reproducing readers that run past a section's end.
    /// </summary>
    public byte[] ReadAfterSection(int type, int maxCount)
    {
        var (offset, size) = Section(type);
        var start = offset + size;
        var count = (int)Math.Clamp(_stream.Length - start, 0, maxCount);
        var buf = new byte[count];
        _stream.Position = start;
        if (!TryReadExactly(_stream, buf)) throw new InvalidDataException($"{Kind} file truncated after section {type}");
        return buf;
    }

    /// <summary>A read-only stream positioned over one section (for large sections read in chunks).</summary>
    public Stream OpenSection(int type)
    {
        var (offset, size) = Section(type);
        _stream.Position = offset;
        return new SubStream(_stream, offset, size);
    }

    internal static bool TryReadExactly(Stream s, Span<byte> dst)
    {
        var read = 0;
        while (read < dst.Length)
        {
            var n = s.Read(dst[read..]);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private static string Printable(ReadOnlySpan<byte> b)
    {
        var sb = new StringBuilder();
        foreach (var c in b) sb.Append(c is >= 32 and < 127 ? (char)c : '?');
        return sb.ToString();
    }

    private sealed class SubStream(Stream inner, long start, long length) : Stream
    {
        private long _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            var remaining = length - _pos;
            if (remaining <= 0) return 0;
            if (buffer.Length > remaining) buffer = buffer[..(int)remaining];
            inner.Position = start + _pos;
            var n = inner.Read(buffer);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Writes the shared section container; each section is buffered then emitted with its size.</summary>
public sealed class BinaryFileWriter
{
    private readonly Stream _stream;
    private readonly uint _nSections;
    private uint _written;

    public BinaryFileWriter(Stream stream, string magic, uint version, uint nSections)
    {
        if (magic.Length != 4) throw new ArgumentException("magic must be 4 ASCII characters", nameof(magic));
        _stream = stream;
        _nSections = nSections;
        Span<byte> head = stackalloc byte[12];
        Encoding.ASCII.GetBytes(magic, head);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], version);
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], nSections);
        stream.Write(head);
    }

    public void WriteSection(int type, ReadOnlySpan<byte> content)
    {
        BeginSection(type, content.Length);
        _stream.Write(content);
    }

    /// <summary>Starts a section of a known size; the caller then writes exactly that many bytes to <see cref="Stream"/>.</summary>
    public void BeginSection(int type, long size)
    {
        if (++_written > _nSections) throw new InvalidOperationException($"more sections than the {_nSections} declared");
        Span<byte> sh = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(sh, (uint)type);
        BinaryPrimitives.WriteUInt64LittleEndian(sh[4..], (ulong)size);
        _stream.Write(sh);
    }

    public Stream Stream => _stream;

    public void Finish()
    {
        if (_written != _nSections) throw new InvalidOperationException($"wrote {_written} sections, declared {_nSections}");
        _stream.Flush();
    }
}
