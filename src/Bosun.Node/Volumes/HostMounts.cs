using System.Runtime.InteropServices;

namespace Bosun.Node.Volumes;

/// <summary>mount(2)/umount2(2) for the agent's own tmpfs volumes (memory emptyDirs, secrets).</summary>
public static partial class HostMounts
{
    private const int DetachFlag = 2;

    /// <summary>Mounts a tmpfs at <paramref name="target"/>, sized when <paramref name="sizeBytes"/> is given.</summary>
    public static void MountTmpfs(string target, long? sizeBytes, string mode = "0755")
    {
        Directory.CreateDirectory(target);
        if (IsMountPoint(target))
        {
            return;
        }

        var options = $"mode={mode}" + (sizeBytes is > 0 ? $",size={sizeBytes}" : "");
        if (Mount("tmpfs", target, "tmpfs", 0, options) != 0)
        {
            throw new IOException($"mount tmpfs on {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Unmounts every mount at or below <paramref name="root"/> (deepest first, lazily).</summary>
    public static void UnmountBelow(string root)
    {
        foreach (var target in MountPointsBelow(root).OrderByDescending(p => p.Length))
        {
            _ = Umount2(target, DetachFlag);
        }
    }

    public static bool IsMountPoint(string path) => MountPointsBelow(path).Any(p => p == Path.TrimEndingDirectorySeparator(path));

    /// <summary>Mount points at or under <paramref name="root"/> from /proc/self/mountinfo.</summary>
    public static IReadOnlyList<string> MountPointsBelow(string root)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return Entries().Select(e => e.MountPoint).Where(m => m == prefix || m.StartsWith(prefix + "/", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Every mount of this process's namespace: its mount point and filesystem type (/proc/self/mountinfo).</summary>
    public static IEnumerable<(string MountPoint, string FileSystemType)> Entries()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length)
            {
                continue;
            }

            // Octal escapes (\040 for a space) as the kernel writes them.
            var mountPoint = fields[4].Contains('\\', StringComparison.Ordinal) ? DecodeOctal(fields[4]) : fields[4];
            yield return (mountPoint, fields[separator + 1]);
        }
    }

    private static string DecodeOctal(string value)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 3 < value.Length)
            {
                builder.Append((char)Convert.ToInt32(value.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mount(string source, string target, string type, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);
}
