using System.Formats.Tar;
using System.IO.Compression;

namespace Bosun.Node.Images;

/// <summary>
/// Collects the files, directories and symlinks of one image layer and writes them as a tar. The output is
/// deterministic: entries sorted by path (a parent always precedes its children, since a prefix sorts first), every
/// mtime <see cref="Epoch"/>, owner root, so the same input always has the same digest and re-importing an image
/// built twice is a no-op.
/// </summary>
public sealed class LayerBuilder
{
    /// <summary>The modification time of every entry (a fixed instant: time-stamped layers would never repeat a digest).</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode755 = Mode644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode Mode777 = Mode755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Adds a directory (and any missing parents, mode 0755).</summary>
    public LayerBuilder AddDirectory(string path, UnixFileMode mode = Mode755, int uid = 0, int gid = 0)
    {
        var name = Normalize(path);
        AddParents(name);
        _entries[name] = new Entry(TarEntryType.Directory, mode, uid, gid, null, null);
        return this;
    }

    /// <summary>Adds a regular file with the given content (missing parents are added, mode 0755).</summary>
    public LayerBuilder AddFile(string path, byte[] content, UnixFileMode mode = Mode644, int uid = 0, int gid = 0)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Normalize(path);
        AddParents(name);
        _entries[name] = new Entry(TarEntryType.RegularFile, mode, uid, gid, content, null);
        return this;
    }

    /// <summary>Adds a regular file with text content in UTF-8.</summary>
    public LayerBuilder AddFile(string path, string content, UnixFileMode mode = Mode644) =>
        AddFile(path, System.Text.Encoding.UTF8.GetBytes(content), mode);

    /// <summary>Adds a symbolic link at <paramref name="path"/> pointing to <paramref name="target"/> (kept verbatim).</summary>
    public LayerBuilder AddSymlink(string path, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        var name = Normalize(path);
        AddParents(name);
        _entries[name] = new Entry(TarEntryType.SymbolicLink, Mode777, 0, 0, null, target);
        return this;
    }

    /// <summary>Writes the layer as a tar, compressed as asked.</summary>
    public OciLayer Build(LayerCompression compression = LayerCompression.Gzip)
    {
        var tar = WriteTar();
        var diffId = OciDigest.Of(tar);
        if (compression == LayerCompression.None)
            return new OciLayer(tar, "application/vnd.oci.image.layer.v1.tar", diffId);

        using var compressed = new MemoryStream();
        // GZipStream writes a header without a file name or time stamp, so the blob depends on the tar alone.
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(tar);
        return new OciLayer(compressed.ToArray(), "application/vnd.oci.image.layer.v1.tar+gzip", diffId);
    }

    private byte[] WriteTar()
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, entry) in _entries)
            {
                // Ustar rather than PAX: .NET's PAX entries add access/change times, which would differ per build.
                var tarEntry = new UstarTarEntry(entry.Type, entry.Type == TarEntryType.Directory ? name + "/" : name)
                {
                    Mode = entry.Mode,
                    Uid = entry.Uid,
                    Gid = entry.Gid,
                    ModificationTime = Epoch,
                    UserName = entry.Uid == 0 ? "root" : "",
                    GroupName = entry.Gid == 0 ? "root" : "",
                };
                if (entry.LinkTarget is not null)
                    tarEntry.LinkName = entry.LinkTarget;
                if (entry.Content is not null)
                    tarEntry.DataStream = new MemoryStream(entry.Content, writable: false);
                writer.WriteEntry(tarEntry);
            }
        }

        return output.ToArray();
    }

    private void AddParents(string name)
    {
        for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = name.IndexOf('/', slash + 1))
        {
            var parent = name[..slash];
            if (!_entries.ContainsKey(parent))
                _entries[parent] = new Entry(TarEntryType.Directory, Mode755, 0, 0, null, null);
        }
    }

    /// <summary>Tar paths are relative to the root ("bin/sh"), whatever form the caller used.</summary>
    private static string Normalize(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = path.Trim('/');
        if (name.Length == 0 || name.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"invalid layer path \"{path}\"", nameof(path));
        return name;
    }

    private sealed record Entry(TarEntryType Type, UnixFileMode Mode, int Uid, int Gid, byte[]? Content, string? LinkTarget);
}
