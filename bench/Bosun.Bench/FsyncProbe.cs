using System.Diagnostics;
using System.Globalization;

namespace Bosun.Bench;

/// <summary>
/// How long the disk takes to make a small write durable. Durable-commit throughput is bounded by it, and on
/// shared machines it moves a lot, so it is printed next to every figure.
/// </summary>
internal static class FsyncProbe
{
    public static string Measure(string directory, int samples = 100)
    {
        var path = Path.Combine(directory, $"fsync-probe-{Guid.NewGuid():N}");
        var block = new byte[4096];
        var ticks = new long[samples];
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            for (var i = 0; i < samples; i++)
            {
                file.Write(block);
                var started = Stopwatch.GetTimestamp();
                file.Flush(flushToDisk: true);
                ticks[i] = Stopwatch.GetTimestamp() - started;
            }
        }
        finally
        {
            File.Delete(path);
        }

        Array.Sort(ticks);
        double Ms(double q) => ticks[(int)Math.Min(samples - 1, q * samples)] * 1000.0 / Stopwatch.Frequency;
        return string.Create(CultureInfo.InvariantCulture, $"fsync of 4 KiB p50 {Ms(0.5):F2} ms, p99 {Ms(0.99):F2} ms");
    }
}
