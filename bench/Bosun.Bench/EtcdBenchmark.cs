using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bosun.Storage;
using Bosun.Storage.Etcd;
using Bosun.Storage.Etcd.Protos;
using Bosun.Testing;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Bosun.Bench;

/// <summary>
/// Writes/s into a one-member etcd on loopback with N concurrent clients: raw gRPC puts (the ceiling any
/// client can reach) next to the etcd <see cref="IStore"/>'s conditional creates, and the SQLite store's
/// creates in the same run for comparison.
/// </summary>
internal static class EtcdBenchmark
{
    public const string Usage = "[--clients 16] [--seconds 10] [--value-bytes 1024] [--runs 3] [--dir <temp>]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var clients = options.Int("clients", 16);
        var duration = TimeSpan.FromSeconds(options.Double("seconds", 10));
        var valueBytes = options.Int("value-bytes", 1024);
        var runs = options.Int("runs", 3);
        var root = options.String("dir") ?? Path.Combine(Path.GetTempPath(), "bosun-bench-etcd");
        options.ThrowIfUnused();

        var value = new byte[valueBytes];
        Random.Shared.NextBytes(value);
        Directory.CreateDirectory(root);
        Console.WriteLine("etcd: writes/s into a one-member etcd, raw gRPC puts vs EtcdStore creates (SQLite store alongside)");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}, {EtcdVersion()}");
        Console.WriteLine($"  conditions: {clients} clients each awaiting its write, {valueBytes}-byte values, {runs} runs of " +
            $"{duration.TotalSeconds:F0} s (+1 s warm-up each), a fresh etcd per run (data in {root}, default fsync), same process");
        Console.WriteLine($"  disk:       {FsyncProbe.Measure(root)}");

        var raw = new List<ThroughputResult>();
        var store = new List<ThroughputResult>();
        var sqlite = new List<ThroughputResult>();
        for (var run = 1; run <= runs; run++)
        {
            var etcd = new EtcdCluster();
            await etcd.InitializeAsync();
            try
            {
                raw.Add(await MeasureRawPutsAsync(etcd.Endpoints[0], clients, duration, value, ""));
                Console.WriteLine($"  run {run} raw put:      {raw[^1]}");

                var storeOptions = new EtcdStoreOptions();
                storeOptions.Endpoints.Add(etcd.Endpoints[0]);
                await using var etcdStore = EtcdStoreFactory.Open(storeOptions);
                await MeasureAsync(clients, TimeSpan.FromSeconds(1), (w, i) => etcdStore.CreateAsync($"/warm/w{w}/{i}", value));
                store.Add(await MeasureAsync(clients, duration, (w, i) => etcdStore.CreateAsync($"/registry/bench/w{w}/{i}", value)));
                Console.WriteLine($"  run {run} EtcdStore:    {store[^1]}");
            }
            finally
            {
                await etcd.DisposeAsync();
            }

            sqlite.Add(await StoreCreateBenchmark.MeasureStoreAsync(root, clients, duration, value));
            Console.WriteLine($"  run {run} SqliteStore:  {sqlite[^1]}");
        }

        Console.WriteLine();
        Console.WriteLine($"  raw etcd put (median of {runs}):           {ThroughputResult.Median(raw)}");
        Console.WriteLine($"  EtcdStore create (median of {runs}):       {ThroughputResult.Median(store)}");
        Console.WriteLine($"  SQLite store create (median of {runs}):    {ThroughputResult.Median(sqlite)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  EtcdStore / raw put: {ThroughputResult.Median(store).PerSecond / ThroughputResult.Median(raw).PerSecond:P0}"));
        return 0;
    }

    /// <summary>Raw gRPC puts of <paramref name="value"/> into etcd at <paramref name="endpoint"/> (1 s warm-up first).</summary>
    public static async Task<ThroughputResult> MeasureRawPutsAsync(Uri endpoint, int clients, TimeSpan duration, byte[] value, string prefix)
    {
        using var channel = GrpcChannel.ForAddress(endpoint);
        var kv = new KV.KVClient(channel);
        var bytes = ByteString.CopyFrom(value);
        await MeasureAsync(clients, TimeSpan.FromSeconds(1), (w, i) => kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8($"{prefix}/warm/w{w}/{i}"), Value = bytes }).ResponseAsync);
        return await MeasureAsync(clients, duration, (w, i) => kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8($"{prefix}/raw/w{w}/{i}"), Value = bytes }).ResponseAsync);
    }

    private static async Task<ThroughputResult> MeasureAsync<T>(int clients, TimeSpan duration, Func<int, int, Task<T>> write)
    {
        var latencies = Enumerable.Range(0, clients).Select(_ => new List<long>(16384)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        var deadline = stopwatch.Elapsed + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            for (var i = 0; stopwatch.Elapsed < deadline; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await write(w, i);
                latencies[w].Add(Stopwatch.GetTimestamp() - started);
            }
        })));
        stopwatch.Stop();
        return ThroughputResult.From(latencies, stopwatch.Elapsed);
    }

    private static string EtcdVersion()
    {
        using var process = Process.Start(new ProcessStartInfo(EtcdCluster.Binary, "--version") { RedirectStandardOutput = true })!;
        var first = process.StandardOutput.ReadLine() ?? "etcd ?";
        process.WaitForExit();
        return first;
    }
}
