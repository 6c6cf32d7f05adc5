using System.Globalization;

namespace Bosun.Node.Stats;

/// <summary>
/// The whole machine's CPU time and memory working set, read as the kubelet's summary reports them for the node:
/// CPU from the root cgroup's <c>cpuacct.usage</c> (cgroup v1), else from <c>/proc/stat</c>; memory as
/// <c>MemTotal - MemAvailable</c> from <c>/proc/meminfo</c>.
/// </summary>
public static class HostUsage
{
    // USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture we run on.
    private const long NanosecondsPerTick = 10_000_000;

    /// <summary>Cumulative CPU time of the machine in nanoseconds, or null when neither source can be read.</summary>
    public static ulong? ReadCpuNanoseconds(string cgroupRoot = "/sys/fs/cgroup", string procRoot = "/proc")
    {
        var cpuacct = Path.Combine(cgroupRoot, "cpuacct", "cpuacct.usage");
        if (TryRead(cpuacct) is { } usage && ulong.TryParse(usage.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
        {
            return ns;
        }

        return TryRead(Path.Combine(procRoot, "stat")) is { } stat ? ParseProcStatNanoseconds(stat) : null;
    }

    /// <summary>Memory in use by the machine (bytes), or null when /proc/meminfo cannot be read.</summary>
    public static ulong? ReadMemoryWorkingSetBytes(string procRoot = "/proc") =>
        TryRead(Path.Combine(procRoot, "meminfo")) is { } meminfo ? ParseMemInfoWorkingSet(meminfo) : null;

    /// <summary>
    /// Busy CPU time from the aggregate <c>cpu</c> line of /proc/stat: user, nice, system, irq, softirq and steal
    /// (idle and iowait are not work; guest time is already inside user and nice).
    /// </summary>
    public static ulong? ParseProcStatNanoseconds(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        foreach (var line in stat.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[0] != "cpu")
            {
                continue;
            }

            ulong ticks = 0;
            foreach (var index in (ReadOnlySpan<int>)[1, 2, 3, 6, 7, 8])
            {
                if (index < fields.Length && ulong.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    ticks += value;
                }
            }

            return ticks * NanosecondsPerTick;
        }

        return null;
    }

    /// <summary><c>MemTotal - MemAvailable</c> in bytes, or null when either line is missing.</summary>
    public static ulong? ParseMemInfoWorkingSet(string meminfo)
    {
        ArgumentNullException.ThrowIfNull(meminfo);
        ulong? total = null;
        ulong? available = null;
        foreach (var line in meminfo.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            {
                continue;
            }

            switch (fields[0])
            {
                case "MemTotal:":
                    total = kib * 1024;
                    break;
                case "MemAvailable:":
                    available = kib * 1024;
                    break;
            }
        }

        return total is { } t && available is { } a ? (t > a ? t - a : 0) : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
