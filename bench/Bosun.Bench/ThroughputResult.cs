using System.Globalization;

namespace Bosun.Bench;

/// <summary>One timed run: operations completed, how long it took, and per-operation latencies.</summary>
internal sealed record ThroughputResult(long Operations, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>Builds a result from per-operation latencies in Stopwatch ticks.</summary>
    public static ThroughputResult From(IEnumerable<List<long>> latencyTicks, TimeSpan elapsed)
    {
        var all = latencyTicks.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new ThroughputResult(all.Length, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>The run with the median rate (the lower middle one for an even count).</summary>
    public static ThroughputResult Median(IReadOnlyList<ThroughputResult> runs) =>
        runs.OrderBy(r => r.PerSecond).ElementAt((runs.Count - 1) / 2);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{PerSecond,9:F0} ops/s  ({Operations} in {Elapsed.TotalSeconds:F1} s)  p50 {P50Milliseconds:F2} ms  p99 {P99Milliseconds:F2} ms");

    private static double Percentile(long[] sorted, double quantile)
    {
        if (sorted.Length == 0)
            return double.NaN;
        var index = (int)Math.Min(sorted.Length - 1, Math.Ceiling(quantile * sorted.Length) - 1);
        return sorted[Math.Max(0, index)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
