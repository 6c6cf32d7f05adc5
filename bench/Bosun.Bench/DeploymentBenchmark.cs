using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Bosun.Bench;

/// <summary>
/// How fast the built-in controllers turn one large Deployment into pods: the real bosun binary (API server and
/// controller manager in one process, k3s-style), one Deployment of N replicas, time until N pods exist (counted
/// from a pod watch) and until the ReplicaSet reports them. No node runs, so no pod ever becomes Running.
/// </summary>
internal static class DeploymentBenchmark
{
    public const string Usage = "[--replicas 10000] [--binary artifacts/bin/Bosun/release/bosun] [--port 27444] [--dir <temp>] [--timeout 300]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var replicas = options.Int("replicas", 10_000);
        var binary = Path.GetFullPath(options.String("binary") ?? "artifacts/bin/Bosun/release/bosun");
        var port = options.Int("port", 27444);
        var root = options.String("dir") ?? Path.Combine(Path.GetTempPath(), "bosun-bench-deployment");
        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 300));
        options.ThrowIfUnused();
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);

        Console.WriteLine($"deployment: one Deployment of {replicas} replicas against the real bosun binary (controllers in-process), SQLite WAL synchronous=FULL");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}");
        Console.WriteLine("  conditions: no nodes and no scheduler pods stay Pending (nothing becomes Running); client on the same cores");

        await using var server = await BosunServerProcess.StartAsync(binary, Path.Combine(root, "server"), port);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(server.DataDir, "kubeconfig.yaml")));
        const string ns = "bench-deployment";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });

        var list = await client.CoreV1.ListNamespacedPodAsync(ns);
        var added = 0;
        var allAdded = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            var rv = list.Metadata.ResourceVersion;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: rv, allowWatchBookmarks: true, cancellationToken: stop.Token))
                    {
                        rv = pod.Metadata.ResourceVersion ?? rv;
                        if (type == WatchEventType.Added && ++added == replicas)
                            allAdded.TrySetResult(clock.Elapsed);
                    }
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    // A watch that ends resumes from the last version seen.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        var labels = new Dictionary<string, string> { ["app"] = "bench" };
        clock.Start();
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
                        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
                    },
                },
            },
            ns);

        var finished = await Task.WhenAny(allAdded.Task, Task.Delay(timeout));
        if (finished != allAdded.Task)
        {
            Console.WriteLine($"  FAILED: only {added} of {replicas} pods after {timeout.TotalSeconds:F0} s");
            await stop.CancelAsync();
            return 1;
        }

        var podsTime = await allAdded.Task;
        TimeSpan? statusTime = null;
        while (clock.Elapsed < timeout)
        {
            var sets = await client.AppsV1.ListNamespacedReplicaSetAsync(ns);
            if (sets.Items.Sum(s => s.Status?.Replicas ?? 0) >= replicas)
            {
                statusTime = clock.Elapsed;
                break;
            }

            await Task.Delay(250);
        }

        var d = await client.AppsV1.ReadNamespacedDeploymentAsync("bench", ns);
        await stop.CancelAsync();
        await watch;
        Console.WriteLine($"  {replicas} pods created (watch saw the last ADDED) after {podsTime.TotalSeconds:F1} s ({replicas / podsTime.TotalSeconds:F0} pods/s)");
        Console.WriteLine(statusTime is { } t ? $"  ReplicaSet status.replicas reached {replicas} after {t.TotalSeconds:F1} s" : "  ReplicaSet status did not reach the count before the timeout");
        Console.WriteLine($"  pods ever added: {added}; deployment status: replicas {d.Status?.Replicas}, updated {d.Status?.UpdatedReplicas}, available {d.Status?.AvailableReplicas}, unavailable {d.Status?.UnavailableReplicas}");
        Console.WriteLine($"  server RSS at the end: {server.RssMiB():F0} MiB");
        return added == replicas ? 0 : 1;
    }
}
