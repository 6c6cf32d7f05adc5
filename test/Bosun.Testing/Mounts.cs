using System.Runtime.InteropServices;

namespace Bosun.Testing;

/// <summary>Mount points a test's processes (containerd's snapshots, sandbox shm) left under its directory.</summary>
public static partial class Mounts
{
    private const int MntDetach = 2;

    /// <summary>The mount points at or below <paramref name="directory"/>, deepest first.</summary>
    public static IReadOnlyList<string> Under(string directory)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return File.ReadLines("/proc/self/mountinfo")
            // Field 5 is the mount point, with spaces and the like octal-escaped (\040).
            .Select(line => Unescape(line.Split(' ')[4]))
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(point => point.Length)
            .ToArray();
    }

    /// <summary>Lazily unmounts everything under <paramref name="directory"/> (deepest first); returns how many.</summary>
    public static int UnmountUnder(string directory)
    {
        var count = 0;
        // A mount point can be stacked several times; repeat until nothing under the directory is left.
        for (var round = 0; round < 10; round++)
        {
            var points = Under(directory);
            if (points.Count == 0)
                break;
            foreach (var point in points)
            {
                if (Umount2(point, MntDetach) == 0)
                    count++;
            }
        }

        return count;
    }

    /// <summary>Lazily unmounts one mount point (e.g. a network namespace file under /var/run/netns); false if it was none.</summary>
    public static bool Detach(string point) => Umount2(point, MntDetach) == 0;

    private static string Unescape(string field) => System.Text.RegularExpressions.Regex.Replace(
        field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);
}
