using System.Runtime.InteropServices;

namespace Bosun.Node.Volumes;

/// <summary>
/// Writes a volume's files so that a container never sees a half-updated set, as the kubelet's AtomicWriter:
/// the files live in a timestamped folder, <c>..data</c> is a symlink to it, and each visible name is a
/// symlink through <c>..data</c>. An update writes a new folder and swaps <c>..data</c> with one rename.
/// </summary>
public static partial class AtomicWriter
{
    private const string DataLink = "..data";

    /// <summary>One file of the payload: its path relative to the volume and its content and mode.</summary>
    public sealed record FileContent(string Path, byte[] Data, int Mode);

    /// <summary>Makes <paramref name="directory"/> hold exactly <paramref name="files"/>; returns false when nothing changed.</summary>
    public static bool Write(string directory, IReadOnlyList<FileContent> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(directory);
        var dataLink = Path.Combine(directory, DataLink);
        var current = Directory.Exists(dataLink) ? new DirectoryInfo(dataLink).LinkTarget : null;
        if (current is not null && Same(Path.Combine(directory, current), files))
        {
            return false;
        }

        var stamp = $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss.fffffff}";
        var target = Path.Combine(directory, stamp);
        Directory.CreateDirectory(target);
        foreach (var file in files)
        {
            var path = Path.Combine(target, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Data);
            File.SetUnixFileMode(path, (UnixFileMode)file.Mode);
        }

        var temporary = Path.Combine(directory, "..data_tmp");
        _ = Unlink(temporary);
        File.CreateSymbolicLink(temporary, stamp);
        // rename(2) replaces ..data in one step; .NET's File.Move refuses links to directories.
        if (Rename(temporary, dataLink) != 0)
        {
            throw new IOException($"rename {temporary} -> {dataLink} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        // Visible names: one symlink per top-level entry, through ..data.
        var wanted = files.Select(f => f.Path.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var name in wanted)
        {
            var link = Path.Combine(directory, name);
            if (!File.Exists(link) && !Directory.Exists(link))
            {
                File.CreateSymbolicLink(link, Path.Combine(DataLink, name));
            }
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith("..", StringComparison.Ordinal))
            {
                if (name != DataLink && name != stamp)
                {
                    Directory.Delete(entry, recursive: true);
                }
            }
            else if (!wanted.Contains(name))
            {
                // The visible names are symlinks (some to directories): unlink the link itself.
                _ = Unlink(entry);
            }
        }

        return true;
    }

    private static bool Same(string directory, IReadOnlyList<FileContent> files)
    {
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var existing = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(directory, p)).ToHashSet(StringComparer.Ordinal);
        if (existing.Count != files.Count)
        {
            return false;
        }

        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Path);
            if (!existing.Contains(file.Path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Data) || (int)File.GetUnixFileMode(path) != file.Mode)
            {
                return false;
            }
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);
}
