using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Bosun.Bench;

/// <summary>
/// KWOK's CI bar end to end: the real bosun server (API, scheduler, controllers in one process) and a separate
/// <c>bosun simulate</c> process registering N nodes; time until every node is Ready, then one Deployment of R
/// replicas until all of them are available (Running and Ready on simulated nodes). Meanwhile a probe creates one
/// ConfigMap every 100 ms and reports the latency of those single-object writes; RSS of both processes at the end.
/// </summary>
internal static class ClusterBenchmark
{
    public const string Usage = "[--nodes 5000] [--replicas 10000] [--binary artifacts/bin/Bosun/release/bosun] [--port 27445] [--dir <temp>] [--timeout 600]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var nodes = options.Int("nodes", 5_000);
        var replicas = options.Int("replicas", 10_000);
        var binary = Path.GetFullPath(options.String("binary") ?? "artifacts/bin/Bosun/release/bosun");
        var port = options.Int("port", 27445);
        var root = options.String("dir") ?? Path.Combine(Path.GetTempPath(), "bosun-bench-cluster");
        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 600));
        options.ThrowIfUnused();
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);

        Console.WriteLine($"cluster: {nodes} simulated nodes, then one Deployment of {replicas} replicas, real bosun server + bosun simulate, SQLite WAL synchronous=FULL");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}");
        Console.WriteLine("  conditions: server, simulator and this client share the cores; nodes 32 cpu / 256Gi / 110 pods, Lease renewals every 10 s");

        await using var server = await BosunServerProcess.StartAsync(binary, Path.Combine(root, "server"), port);
        var kubeconfig = Path.Combine(server.DataDir, "kubeconfig.yaml");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var clock = Stopwatch.StartNew();
        using var simulator = Process.Start(new ProcessStartInfo(binary, ["simulate", "--nodes", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kubeconfig", kubeconfig])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start bosun simulate");
        simulator.OutputDataReceived += (_, _) => { };
        simulator.ErrorDataReceived += (_, _) => { };
        simulator.BeginOutputReadLine();
        simulator.BeginErrorReadLine();
        try
        {
            var nodesReady = await WaitAsync(clock, timeout, async () =>
            {
                var list = await client.CoreV1.ListNodeAsync(resourceVersion: "0");
                return list.Items.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) >= nodes;
            });
            if (nodesReady is null)
            {
                Console.WriteLine($"  FAILED: not all {nodes} nodes Ready after {timeout.TotalSeconds:F0} s");
                return 1;
            }

            Console.WriteLine($"  {nodes} nodes Ready after {nodesReady.Value.TotalSeconds:F1} s (goal <= 60 s)");

            const string ns = "bench-cluster";
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            using var stopProbe = new CancellationTokenSource();
            var probe = ProbeWritesAsync(client, ns, stopProbe.Token);
            var labels = new Dictionary<string, string> { ["app"] = "bench" };
            var started = clock.Elapsed;
            await client.AppsV1.CreateNamespacedDeploymentAsync(
                new V1Deployment
                {
                    Metadata = new V1ObjectMeta { Name = "bench" },
                    Spec = new V1DeploymentSpec
                    {
                        Replicas = replicas,
                        Selector = new V1LabelSelector { MatchLabels = labels },
                        Template = new V1PodTemplateSpec
                        {
                            Metadata = new V1ObjectMeta { Labels = labels },
                            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "registry.local/web:1" }] },
                        },
                    },
                },
                ns);
            V1Deployment? last = null;
            var available = await WaitAsync(clock, timeout, async () =>
            {
                last = await client.AppsV1.ReadNamespacedDeploymentAsync("bench", ns);
                return last.Status?.AvailableReplicas >= replicas;
            });
            await stopProbe.CancelAsync();
            var writes = await probe;
            var serverRss = server.RssMiB();
            var simulatorRss = RssMiB(simulator.Id);
            if (available is null)
            {
                Console.WriteLine($"  FAILED: {last?.Status?.AvailableReplicas ?? 0} of {replicas} replicas available after {timeout.TotalSeconds:F0} s");
            }
            else
            {
                var took = available.Value - started;
                Console.WriteLine($"  Deployment of {replicas}: all available (Running, Ready) after {took.TotalSeconds:F1} s ({replicas / took.TotalSeconds:F0} pods/s end to end; goal <= 60 s)");
            }

            writes.Sort();
            Console.WriteLine($"  single-object writes during the rollout (1 ConfigMap create every 100 ms): {writes.Count} writes, p50 {Percentile(writes, 0.5):F1} ms, p99 {Percentile(writes, 0.99):F1} ms, max {writes.LastOrDefault():F1} ms (goal p99 <= 1000 ms)");
            Console.WriteLine($"  RSS at the end: server {serverRss:F0} MiB, simulator {simulatorRss:F0} MiB");
            return available is null ? 1 : 0;
        }
        finally
        {
            if (!simulator.HasExited)
            {
                simulator.Kill(entireProcessTree: true);
                await simulator.WaitForExitAsync();
            }
        }
    }

    private static async Task<TimeSpan?> WaitAsync(Stopwatch clock, TimeSpan timeout, Func<Task<bool>> done)
    {
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await done())
                    return clock.Elapsed;
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                // A busy server may answer 429/5xx; poll again.
            }

            await Task.Delay(1000);
        }

        return null;
    }

    private static async Task<List<double>> ProbeWritesAsync(Kubernetes client, string ns, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"probe-{i}" }, Data = new Dictionary<string, string> { ["i"] = "x" } }, ns, cancellationToken: CancellationToken.None);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                latencies.Add(double.PositiveInfinity);
            }

            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return latencies;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static double RssMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
