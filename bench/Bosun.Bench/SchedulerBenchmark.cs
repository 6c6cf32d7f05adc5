using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;
using k8s.Models;

namespace Bosun.Bench;

/// <summary>
/// The scheduler's throughput in the real bosun binary (scheduler in-process, controller manager off), as
/// kube-scheduler's scheduler_perf measures it: N nodes are created, then pods are created by 16 clients as
/// fast as the server takes them, and the clock runs from the first pod create until a watch has seen every
/// pod bound. Case "basic": small pods on 5,000 nodes (SchedulingBasic). Case "anti-affinity": pods with
/// required anti-affinity among themselves on kubernetes.io/hostname (SchedulingPodAntiAffinity), after a
/// batch of such pods already placed. Each case runs on a fresh server. The algorithm alone (filter + score +
/// assume, no API) is also timed in-process on the same shapes.
/// </summary>
internal static class SchedulerBenchmark
{
    public const string Usage = "[--nodes 5000] [--pods 10000] [--anti-init 1000] [--anti-pods 1000] [--zones 5] [--clients 16] [--case all|basic|anti-affinity|algorithm] [--parallelism 0] [--binary artifacts/bin/Bosun/release/bosun] [--port 27444] [--dir <temp>]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var nodes = options.Int("nodes", 5000);
        var pods = options.Int("pods", 10_000);
        var antiInit = options.Int("anti-init", 1000);
        var antiPods = options.Int("anti-pods", 1000);
        var zones = options.Int("zones", 5);
        var clients = options.Int("clients", 16);
        var which = options.String("case") ?? "all";
        var parallelism = options.Int("parallelism", 0);
        var binary = Path.GetFullPath(options.String("binary") ?? "artifacts/bin/Bosun/release/bosun");
        var port = options.Int("port", 27444);
        var root = options.String("dir") ?? Path.Combine(Path.GetTempPath(), "bosun-bench-scheduler");
        options.ThrowIfUnused();

        Console.WriteLine("scheduler: bosun server --disable-controller-manager (scheduler in-process), real binary as a child process");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}");
        Console.WriteLine($"  conditions: {nodes} nodes (32 cpu, 256Gi, 110 pods, {zones} zones), {clients} creating clients over HTTP/2, SQLite WAL, client and server on the same cores");

        if (which is "all" or "algorithm")
        {
            var basic = MeasureAlgorithm(nodes, zones, 0, pods, antiAffinity: false, parallelism);
            Console.WriteLine($"  algorithm only, basic ({pods} pods):                 {basic:F0} pods/s");
            var anti = MeasureAlgorithm(nodes, zones, antiInit, antiPods, antiAffinity: true, parallelism);
            Console.WriteLine($"  algorithm only, anti-affinity ({antiInit} + {antiPods} pods): {anti:F0} pods/s");
        }

        if (which is "all" or "basic")
        {
            var result = await MeasureServerAsync(binary, Path.Combine(root, "basic"), port, nodes, zones, clients, 0, pods, antiAffinity: false);
            Console.WriteLine($"  basic: {pods} pods on {nodes} nodes: {result} (goal >= 300 pods/s)");
        }

        if (which is "all" or "anti-affinity")
        {
            var result = await MeasureServerAsync(binary, Path.Combine(root, "anti"), port + 1, nodes, zones, clients, antiInit, antiPods, antiAffinity: true);
            Console.WriteLine($"  anti-affinity: {antiPods} pods after {antiInit} on {nodes} nodes: {result} (goal >= 100 pods/s)");
        }

        return 0;
    }

    private sealed record Result(int Pods, TimeSpan Elapsed, TimeSpan CreatesDone, double P50, double P99)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Pods / Elapsed.TotalSeconds:F0} pods/s ({Pods} bound in {Elapsed.TotalSeconds:F1} s; creates done at {CreatesDone.TotalSeconds:F1} s), create->bound p50 {P50:F0} ms p99 {P99:F0} ms");
    }

    private static async Task<Result> MeasureServerAsync(string binary, string dir, int port, int nodes, int zones, int clients, int init, int pods, bool antiAffinity)
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        await using var server = await BosunServerProcess.StartAsync(binary, dir, port, "--disable-controller-manager");
        var client = server.Client;
        await ParallelAsync(nodes, clients, i => PostAsync(client, "/api/v1/nodes", NodeJson(i, zones)));
        await PostAsync(client, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"sched"}}""");
        // Let the scheduler's node informer take the nodes in before the clock starts.
        await Task.Delay(TimeSpan.FromSeconds(3));
        if (init > 0)
        {
            using var initWatch = await BoundWatcher.StartAsync(client, "sched", init);
            await ParallelAsync(init, clients, i => PostAsync(client, "/api/v1/namespaces/sched/pods", PodJson($"init-{i}", antiAffinity)));
            await initWatch.Completion.WaitAsync(TimeSpan.FromMinutes(10));
        }

        using var watch = await BoundWatcher.StartAsync(client, "sched", pods, prefix: "pod-");
        var clock = Stopwatch.StartNew();
        await ParallelAsync(pods, clients, async i =>
        {
            watch.Created($"pod-{i}");
            await PostAsync(client, "/api/v1/namespaces/sched/pods", PodJson($"pod-{i}", antiAffinity));
        });
        var createsDone = clock.Elapsed;
        await watch.Completion.WaitAsync(TimeSpan.FromMinutes(20));
        var elapsed = clock.Elapsed;
        var (p50, p99) = watch.Latencies();
        return new Result(pods, elapsed, createsDone, p50, p99);
    }

    /// <summary>Filter, score and assume in-process on the same shapes (no API, no informers): the algorithm's ceiling.</summary>
    private static double MeasureAlgorithm(int nodes, int zones, int init, int pods, bool antiAffinity, int parallelism)
    {
        var cache = new SchedulerCache(TimeProvider.System);
        for (var i = 0; i < nodes; i++)
            cache.AddOrUpdateNode(k8s.KubernetesJson.Deserialize<V1Node>(NodeJson(i, zones)));
        var algorithm = new SchedulingAlgorithm(new Nominator(), parallelism: parallelism);
        var snapshot = new Snapshot();
        void Place(string name)
        {
            var pod = k8s.KubernetesJson.Deserialize<V1Pod>(PodJson(name, antiAffinity));
            pod.Metadata.NamespaceProperty = "sched";
            pod.Metadata.Uid = name;
            pod.Spec.Priority = 0;
            var info = PodInfo.Create(pod);
            cache.UpdateSnapshot(snapshot);
            var result = algorithm.Schedule(info, snapshot);
            cache.AssumePod(info, result.NodeName ?? throw new InvalidOperationException($"{name} fits nowhere"));
        }

        for (var i = 0; i < init; i++)
            Place($"init-{i}");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pods; i++)
            Place($"pod-{i}");
        return pods / clock.Elapsed.TotalSeconds;
    }

    private static string NodeJson(int i, int zones) => $$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-{{{i}}}","labels":{"kubernetes.io/hostname":"node-{{{i}}}","topology.kubernetes.io/zone":"zone-{{{i % zones}}}","kubernetes.io/os":"linux"}},
         "status":{"capacity":{"cpu":"32","memory":"256Gi","pods":"110","ephemeral-storage":"100Gi"},"allocatable":{"cpu":"32","memory":"256Gi","pods":"110","ephemeral-storage":"100Gi"},
         "conditions":[{"type":"Ready","status":"True"}]}}
        """;

    private static string PodJson(string name, bool antiAffinity)
    {
        var affinity = antiAffinity
            ? ""","affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"color":"green"}}}]}}"""
            : "";
        var labels = antiAffinity ? """{"color":"green"}""" : """{"app":"bench"}""";
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"registry.k8s.io/pause:3.9\",\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}}]"
            + affinity + "}}";
    }

    private static async Task ParallelAsync(int count, int workers, Func<int, Task> work)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                await work(i);
        }));
    }

    private static async Task PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Watches a namespace's pods and completes when the expected number (with the prefix) have a node.</summary>
    private sealed class BoundWatcher : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _created = new(StringComparer.Ordinal);
        private readonly List<double> _latencies = [];
        private readonly HashSet<string> _bound = new(StringComparer.Ordinal);
        private readonly int _expected;
        private readonly string _prefix;

        private BoundWatcher(int expected, string prefix)
        {
            _expected = expected;
            _prefix = prefix;
        }

        public Task Completion => _done.Task;

        public void Created(string name) => _created[name] = Stopwatch.GetTimestamp();

        public static async Task<BoundWatcher> StartAsync(HttpClient client, string ns, int expected, string prefix = "")
        {
            var watcher = new BoundWatcher(expected, prefix);
            using var list = await client.GetAsync($"/api/v1/namespaces/{ns}/pods?limit=1");
            var rv = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods?watch=1&resourceVersion={rv}");
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watcher._stop.Token);
            _ = Task.Run(() => watcher.ReadAsync(response, request));
            return watcher;
        }

        private async Task ReadAsync(HttpResponseMessage response, HttpRequestMessage request)
        {
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var now = Stopwatch.GetTimestamp();
                    using var doc = JsonDocument.Parse(line);
                    var obj = doc.RootElement.GetProperty("object");
                    if (!obj.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("nodeName", out var node) || string.IsNullOrEmpty(node.GetString()))
                        continue;
                    var name = obj.GetProperty("metadata").GetProperty("name").GetString()!;
                    if (!name.StartsWith(_prefix, StringComparison.Ordinal) || !_bound.Add(name))
                        continue;
                    if (_created.TryGetValue(name, out var created))
                        _latencies.Add((now - created) * 1000.0 / Stopwatch.Frequency);
                    if (_bound.Count >= _expected)
                    {
                        _done.TrySetResult();
                        return;
                    }
                }

                _done.TrySetException(new InvalidOperationException($"watch ended after {_bound.Count} of {_expected} pods bound"));
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
            }
            finally
            {
                response.Dispose();
                request.Dispose();
            }
        }

        public (double P50, double P99) Latencies()
        {
            var sorted = _latencies.Order().ToArray();
            return sorted.Length == 0 ? (double.NaN, double.NaN) : (sorted[(int)(sorted.Length * 0.5)], sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.99) - 1)]);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
