using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Bosun.Testing;

namespace Bosun.Bench;

/// <summary>
/// The API server's figures through HTTPS (HTTP/2, admin client certificate), against the real bosun
/// binary: creates/s of 1 KiB ConfigMaps next to the raw store in the same run, GET latency, LIST of
/// many pods, watch fan-out delivery latency, and idle RSS after start.
/// </summary>
internal static class ApiBenchmark
{
    public const string Usage = "[--datastore sqlite|etcd] [--clients 16] [--seconds 10] [--runs 3] [--pods 10000] [--watchers 100] [--events 1000] [--binary artifacts/bin/Bosun/release/bosun] [--port 27443] [--dir <temp>]";

    private static readonly string Payload = new('x', 1024);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var clients = options.Int("clients", 16);
        var duration = TimeSpan.FromSeconds(options.Double("seconds", 10));
        var runs = options.Int("runs", 3);
        var pods = options.Int("pods", 10_000);
        var watchers = options.Int("watchers", 100);
        var events = options.Int("events", 1000);
        var binary = Path.GetFullPath(options.String("binary") ?? "artifacts/bin/Bosun/release/bosun");
        var port = options.Int("port", 27443);
        var root = options.String("dir") ?? Path.Combine(Path.GetTempPath(), "bosun-bench-api");
        var datastore = options.String("datastore") ?? "sqlite";
        options.ThrowIfUnused();
        if (datastore is not ("sqlite" or "etcd"))
            throw new ArgumentException($"--datastore must be sqlite or etcd, not {datastore}");
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);

        Console.WriteLine("api: bosun server over HTTPS (HTTP/2, client certificate), real binary as a child process");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}");
        Console.WriteLine($"  conditions: {clients} clients, 1 KiB ConfigMaps, {runs} runs of {duration.TotalSeconds:F0} s, {pods} pods listed, {watchers} watchers x {events} events, " +
            (datastore == "etcd" ? "a one-member etcd 3.4 on loopback (default fsync)" : "SQLite WAL synchronous=FULL"));

        var etcd = datastore == "etcd" ? new EtcdCluster() : null;
        if (etcd is not null)
            await etcd.InitializeAsync();
        try
        {
            return await MeasureAsync(etcd, binary, root, port, clients, duration, runs, pods, watchers, events);
        }
        finally
        {
            if (etcd is not null)
                await etcd.DisposeAsync();
        }
    }

    private static async Task<int> MeasureAsync(
        EtcdCluster? etcd, string binary, string root, int port, int clients, TimeSpan duration, int runs, int pods, int watchers, int events)
    {
        string[] serverArguments = etcd is null ? [] : ["--datastore-endpoint", $"etcd://{etcd.Endpoints[0].Authority}"];
        await using var server = await BosunServerProcess.StartAsync(binary, Path.Combine(root, "server"), port, serverArguments);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idleRss = server.RssMiB();
        Console.WriteLine($"  idle RSS 10 s after start: {idleRss:F1} MiB");

        var storeRuns = new List<ThroughputResult>();
        for (var run = 1; run <= runs; run++)
        {
            var value = Encoding.UTF8.GetBytes(Payload);
            storeRuns.Add(etcd is null
                ? await StoreCreateBenchmark.MeasureStoreAsync(Path.Combine(root, "store"), clients, duration, value)
                : await EtcdBenchmark.MeasureRawPutsAsync(etcd.Endpoints[0], clients, duration, value, $"/bench-raw-{run}"));
            Console.WriteLine($"  raw {(etcd is null ? "store" : "etcd put")} run {run}: {storeRuns[^1]}");
        }

        // Warm-up (not counted), as the store side gets one: the server's JIT tiers up on the create path.
        await CreateNamespaceAsync(server.Client, "bench-warmup");
        await MeasureCreatesAsync(server.Client, "bench-warmup", clients, TimeSpan.FromSeconds(3));

        var apiRuns = new List<ThroughputResult>();
        for (var run = 1; run <= runs; run++)
        {
            var ns = $"bench-create-{run}";
            await CreateNamespaceAsync(server.Client, ns);
            apiRuns.Add(await MeasureCreatesAsync(server.Client, ns, clients, duration));
            Console.WriteLine($"  API create run {run}: {apiRuns[^1]}");
        }

        var get = await MeasureGetsAsync(server.Client, "bench-create-1", (int)apiRuns[0].Operations, clients, TimeSpan.FromSeconds(5));
        Console.WriteLine($"  API get (16 clients, 5 s): {get}");

        await CreateNamespaceAsync(server.Client, "bench-pods");
        await CreatePodsAsync(server.Client, "bench-pods", pods, clients);
        var lists = await MeasureListAsync(server.Client, "bench-pods", pods, 10);
        Console.WriteLine($"  LIST {pods} pods (10 times): median {lists.Median:F1} ms, max {lists.Max:F1} ms, {lists.Bytes / 1024.0 / 1024.0:F1} MiB each");

        var watch = await MeasureWatchAsync(server.Client, watchers, events);
        Console.WriteLine($"  watch: {watchers} watchers x {events} events, delivered {watch.Delivered}/{watchers * events}, p50 {watch.P50:F1} ms, p99 {watch.P99:F1} ms");
        var busyRss = server.RssMiB();

        var store = ThroughputResult.Median(storeRuns);
        var api = ThroughputResult.Median(apiRuns);
        Console.WriteLine();
        var baseline = etcd is null ? "raw store creates/s" : "raw etcd puts/s    ";
        var goal = etcd is null ? "goal >= 60% and >= 2,000/s" : "goal >= 50%";
        Console.WriteLine($"  {baseline} (median of {runs}): {store.PerSecond:F0} (p99 {store.P99Milliseconds:F2} ms)");
        Console.WriteLine($"  API creates/s (median of {runs}):       {api.PerSecond:F0} (p99 {api.P99Milliseconds:F2} ms) = {api.PerSecond / store.PerSecond:P0} of the raw baseline ({goal})");
        Console.WriteLine($"  API get p99:                           {get.P99Milliseconds:F2} ms (goal < 5 ms)");
        Console.WriteLine($"  LIST {pods} pods median:               {lists.Median:F1} ms (goal < 250 ms)");
        Console.WriteLine($"  watch delivery p99:                    {watch.P99:F1} ms (goal < 100 ms), every event delivered: {watch.Delivered == (long)watchers * events}");
        Console.WriteLine($"  idle RSS after start:                  {idleRss:F1} MiB (goal < 120 MB); RSS at the end: {busyRss:F1} MiB");
        return 0;
    }

    private static async Task CreateNamespaceAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsync("/api/v1/namespaces", Json($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}"""));
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            throw new InvalidOperationException($"namespace {name}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<ThroughputResult> MeasureCreatesAsync(HttpClient client, string ns, int clients, TimeSpan duration)
    {
        var latencies = Enumerable.Range(0, clients).Select(_ => new List<long>()).ToArray();
        var stop = Stopwatch.StartNew();
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            while (stop.Elapsed < duration)
            {
                var name = $"cm-{Interlocked.Increment(ref counter)}";
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"payload":"{{{Payload}}}"}}"""));
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"create: {response.StatusCode}");
                latencies[c].Add(Stopwatch.GetTimestamp() - started);
            }
        }));
        return ThroughputResult.From(latencies, stop.Elapsed);
    }

    private static async Task<ThroughputResult> MeasureGetsAsync(HttpClient client, string ns, int existing, int clients, TimeSpan duration)
    {
        var latencies = Enumerable.Range(0, clients).Select(_ => new List<long>()).ToArray();
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/cm-{Random.Shared.Next(1, Math.Min(existing, 1000) + 1)}");
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"get: {response.StatusCode}");
                latencies[c].Add(Stopwatch.GetTimestamp() - started);
            }
        }));
        return ThroughputResult.From(latencies, stop.Elapsed);
    }

    private static async Task CreatePodsAsync(HttpClient client, string ns, int count, int clients)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= count)
            {
                using var response = await client.PostAsync($"/api/v1/namespaces/{ns}/pods", Json(PodJson(i)));
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"pod: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }));
    }

    private static async Task<(double Median, double Max, long Bytes)> MeasureListAsync(HttpClient client, string ns, int expected, int times)
    {
        var durations = new List<double>();
        long bytes = 0;
        for (var i = 0; i < times; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync($"/api/v1/namespaces/{ns}/pods");
            var body = await response.Content.ReadAsByteArrayAsync();
            durations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            bytes = body.Length;
            using var document = JsonDocument.Parse(body);
            var items = document.RootElement.GetProperty("items").GetArrayLength();
            if (items != expected)
                throw new InvalidOperationException($"list returned {items} pods, expected {expected}");
        }

        durations.Sort();
        return (durations[(durations.Count - 1) / 2], durations[^1], bytes);
    }

    private static async Task<(long Delivered, double P50, double P99)> MeasureWatchAsync(HttpClient client, int watchers, int events)
    {
        const string ns = "bench-watch";
        await CreateNamespaceAsync(client, ns);
        using var list = await client.GetAsync($"/api/v1/namespaces/{ns}/configmaps");
        var rv = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        long delivered = 0;
        using var stop = new CancellationTokenSource();
        var connected = new CountdownEvent(watchers);
        var readers = Enumerable.Range(0, watchers).Select(_ => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion={rv}");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            connected.Signal();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            var seen = 0;
            while (seen < events && await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var now = Stopwatch.GetTimestamp();
                using var document = JsonDocument.Parse(line);
                var name = document.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!;
                if (sent.TryGetValue(name, out var at))
                    latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                seen++;
                Interlocked.Increment(ref delivered);
            }
        })).ToList();
        connected.Wait(TimeSpan.FromSeconds(60));
        await Task.Delay(500);

        // Four writers at their natural pace: the delivery latency is measured from the start of each create.
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= events)
            {
                var name = $"w-{i}";
                sent[name] = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"payload":"{{{Payload}}}"}}"""));
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"watch create: {response.StatusCode}");
            }
        }));
        var all = Task.WhenAll(readers);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60)));
        await stop.CancelAsync();
        try
        {
            await all;
        }
        catch (OperationCanceledException)
        {
            // Readers still waiting when time ran out: counted as undelivered.
        }

        var sorted = latencies.Order().ToArray();
        return (delivered, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static string PodJson(int i) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"pod-" + i.ToString(CultureInfo.InvariantCulture) +
        "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:stable\",\"command\":[\"sleep\",\"3600\"],\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
