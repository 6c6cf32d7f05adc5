using System.Diagnostics;
using System.Globalization;
using Bosun.Storage;
using Bosun.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bosun.Bench;

/// <summary>
/// Creates per second through the SQLite <see cref="IStore"/> with N concurrent writers, each awaiting its
/// create before the next (as N API clients would), next to a naive one-INSERT-per-transaction baseline.
/// </summary>
internal static class StoreCreateBenchmark
{
    public const string Usage = "[--writers 16] [--seconds 10] [--value-bytes 1024] [--runs 3] [--baseline-seconds 5] [--dir <temp>]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var writers = options.Int("writers", 16);
        var duration = TimeSpan.FromSeconds(options.Double("seconds", 10));
        var valueBytes = options.Int("value-bytes", 1024);
        var runs = options.Int("runs", 3);
        var baselineDuration = TimeSpan.FromSeconds(options.Double("baseline-seconds", 5));
        var root = options.String("dir") ?? Path.Combine(Path.GetTempPath(), "bosun-bench-store");
        options.ThrowIfUnused();

        var value = new byte[valueBytes];
        Random.Shared.NextBytes(value);
        Directory.CreateDirectory(root);

        Console.WriteLine("store: SQLite IStore creates/s with concurrent writers");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}, SQLite {SqliteVersion()}");
        Console.WriteLine($"  conditions: {writers} writers, {valueBytes}-byte values, {runs} runs of {duration.TotalSeconds:F0} s " +
            $"(+1 s warm-up), a fresh file each run in {root}, WAL + synchronous=FULL (durable)");

        Console.WriteLine($"  disk:       {FsyncProbe.Measure(root)} (before)");
        await MeasureStoreAsync(root, writers, TimeSpan.FromSeconds(1), value);

        // Store and baseline runs alternate, so a disk that gets slower or faster mid-way (shared machines do)
        // skews both sides alike and the ratio stays meaningful.
        var results = new List<ThroughputResult>();
        var baselines = new List<ThroughputResult>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await MeasureStoreAsync(root, writers, duration, value);
            results.Add(result);
            Console.WriteLine($"  run {run} store:    {result}");

            var file = FreshFile(root);
            var naive = NaiveSqliteInsertBaseline.Run(file, writers, baselineDuration, value);
            DeleteDatabase(file);
            baselines.Add(naive);
            Console.WriteLine($"  run {run} baseline: {naive}");
        }

        Console.WriteLine($"  disk:       {FsyncProbe.Measure(root)} (after)");
        var store = ThroughputResult.Median(results);
        var baseline = ThroughputResult.Median(baselines);
        Console.WriteLine();
        Console.WriteLine($"  group-commit store (median of {runs}):        {store}");
        Console.WriteLine($"  naive 1 INSERT/transaction (median of {runs}): {baseline}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  group commit speed-up: {store.PerSecond / baseline.PerSecond:F1}x"));
        return 0;
    }

    internal static async Task<ThroughputResult> MeasureStoreAsync(string root, int writers, TimeSpan duration, byte[] value)
    {
        var file = FreshFile(root);
        var latencies = Enumerable.Range(0, writers).Select(_ => new List<long>(16384)).ToArray();
        var store = SqliteStoreFactory.Open(new SqliteStoreOptions { Path = file });
        Stopwatch stopwatch;
        try
        {
            stopwatch = Stopwatch.StartNew();
            var deadline = stopwatch.Elapsed + duration;
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; stopwatch.Elapsed < deadline; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await store.CreateAsync($"/registry/bench/w{w}/{i}", value);
                    latencies[w].Add(Stopwatch.GetTimestamp() - started);
                }
            })));
            stopwatch.Stop();
        }
        finally
        {
            await store.DisposeAsync();
            DeleteDatabase(file);
        }

        return ThroughputResult.From(latencies, stopwatch.Elapsed);
    }

    private static string FreshFile(string root) => Path.Combine(root, $"{Guid.NewGuid():N}.db");

    private static void DeleteDatabase(string file)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(file + suffix);
    }

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }
}
