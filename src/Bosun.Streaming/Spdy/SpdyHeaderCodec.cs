using System.Buffers.Binary;
using System.Text;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace Bosun.Streaming.Spdy;

/// <summary>
/// Compresses and decompresses SPDY/3 header blocks. Each direction of a connection is one zlib stream primed
/// with <see cref="SpdyHeaderDictionary"/>; every block is flushed so the peer can decode it on its own, while
/// later blocks may refer back to earlier ones. One instance per connection; callers serialize access per
/// direction (the writer lock for compression, the single read loop for decompression).
/// Outgoing blocks are stored, not compressed: SharpZipLib's flush is zlib's partial flush, which leaves the
/// last bits of a block for the next one, and Go's SPDY reader (kubectl, containerd) then fails on the second
/// header block of a connection. Stored blocks end byte-aligned, as zlib's sync flush does; header blocks are a
/// few dozen bytes, so nothing worth having is lost. Incoming blocks may use the dictionary and any compression.
/// </summary>
internal sealed class SpdyHeaderCodec
{
    private readonly Deflater _deflater = new(Deflater.NO_COMPRESSION, noZlibHeaderOrFooter: false);
    private readonly Inflater _inflater = new(noHeader: false);
    private readonly byte[] _buffer = new byte[4096];

    public SpdyHeaderCodec()
    {
        _deflater.SetDictionary(SpdyHeaderDictionary.Bytes);
    }

    /// <summary>The compressed form of <paramref name="headers"/>, continuing this connection's zlib stream.</summary>
    public byte[] Compress(IReadOnlyDictionary<string, string> headers)
    {
        var raw = Encode(headers);
        using var output = new MemoryStream();
        _deflater.SetInput(raw);
        _deflater.Flush();
        while (true)
        {
            var n = _deflater.Deflate(_buffer);
            if (n == 0)
            {
                break;
            }

            output.Write(_buffer, 0, n);
        }

        return output.ToArray();
    }

    /// <summary>The header block carried by <paramref name="compressed"/>.</summary>
    public IReadOnlyDictionary<string, string> Decompress(ReadOnlySpan<byte> compressed)
    {
        using var output = new MemoryStream();
        _inflater.SetInput(compressed.ToArray());
        while (true)
        {
            var n = _inflater.Inflate(_buffer);
            if (n > 0)
            {
                output.Write(_buffer, 0, n);
            }
            else if (_inflater.IsNeedingDictionary)
            {
                _inflater.SetDictionary(SpdyHeaderDictionary.Bytes);
            }
            else
            {
                break;
            }
        }

        return Decode(output.GetBuffer().AsSpan(0, (int)output.Length));
    }

    /// <summary>The uncompressed name/value block: a pair count, then length-prefixed names and values.</summary>
    internal static byte[] Encode(IReadOnlyDictionary<string, string> headers)
    {
        using var output = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)headers.Count);
        output.Write(number);
        foreach (var (name, value) in headers)
        {
            foreach (var text in new[] { name, value })
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteUInt32BigEndian(number, (uint)bytes.Length);
                output.Write(number);
                output.Write(bytes);
            }
        }

        return output.ToArray();
    }

    internal static IReadOnlyDictionary<string, string> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = ReadLength(ref block);
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(ref block);
            var value = ReadString(ref block);
            if (name.Length == 0)
            {
                throw new SpdyProtocolException("a SPDY header block has an empty header name");
            }

            if (!string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal))
            {
                throw new SpdyProtocolException($"SPDY header name {name} is not lower-case");
            }

            if (!headers.TryAdd(name, value))
            {
                throw new SpdyProtocolException($"SPDY header {name} appears twice in one block");
            }
        }

        return headers;
    }

    private static int ReadLength(ref ReadOnlySpan<byte> block)
    {
        if (block.Length < 4)
        {
            throw new SpdyProtocolException("a SPDY header block is truncated");
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(block);
        block = block[4..];
        if (value > (uint)block.Length + 4 && value > int.MaxValue / 2)
        {
            throw new SpdyProtocolException("a SPDY header block is truncated");
        }

        return (int)value;
    }

    private static string ReadString(ref ReadOnlySpan<byte> block)
    {
        var length = ReadLength(ref block);
        if (length > block.Length)
        {
            throw new SpdyProtocolException("a SPDY header block is truncated");
        }

        var text = Encoding.UTF8.GetString(block[..length]);
        block = block[length..];
        return text;
    }
}
