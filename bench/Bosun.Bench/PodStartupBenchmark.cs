using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;

namespace Bosun.Bench;

/// <summary>
/// Pod start-up on a real node: a bosun server (no embedded agent) and a separate <c>bosun agent</c> process with
/// its own containerd; 30 pods of the cached busybox image, create -> Running seen through a watch, one at a time
/// and then all at once; beside it, <c>ctr run --rm</c> of the same image in the same containerd (the floor).
/// Reports p50/p99 of both and the agent's RSS with the pods running.
/// </summary>
internal static class PodStartupBenchmark
{
    public const string Usage = "[--pods 30] [--binary artifacts/bin/Bosun/release/bosun] [--port 27447] [--kubelet-port 27450] [--dir <temp>]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var pods = options.Int("pods", 30);
        var binary = Path.GetFullPath(options.String("binary") ?? "artifacts/bin/Bosun/release/bosun");
        var port = options.Int("port", 27447);
        var kubeletPort = options.Int("kubelet-port", 27450);
        var root = options.String("dir") ?? Path.Combine(Path.GetTempPath(), "bosun-bench-pods");
        options.ThrowIfUnused();
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);

        Console.WriteLine($"pods: {pods} pods of bosun.local/busybox:1.36 (cached) on one real node; bosun server + separate bosun agent + its containerd 1.6 + runc");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}");
        Console.WriteLine("  conditions: server, agent, containerd and this client share the cores; latency = create request sent -> watch shows Running");

        await using var server = await BosunServerProcess.StartAsync(binary, Path.Combine(root, "server"), port);
        var kubeconfig = Path.Combine(server.DataDir, "kubeconfig.yaml");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var agentDir = Path.Combine(root, "agent");
        var token = await File.ReadAllTextAsync(Path.Combine(server.DataDir, "token"));
        using var agent = Process.Start(new ProcessStartInfo(binary,
        [
            "agent", "--server", $"https://127.0.0.1:{port}", "--token", token.Trim(), "--data-dir", agentDir, "--node-name", "bench-node",
            "--kubelet-port", kubeletPort.ToString(CultureInfo.InvariantCulture), "--cni-bridge", "bosunbench0",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start bosun agent");
        agent.OutputDataReceived += (_, _) => { };
        agent.ErrorDataReceived += (_, _) => { };
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        const string ns = "default";
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!(await client.CoreV1.ListNodeAsync()).Items.Any(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true))
            {
                if (DateTime.UtcNow > deadline || agent.HasExited)
                {
                    Console.WriteLine("  FAILED: the agent's node did not become Ready");
                    return 1;
                }

                await Task.Delay(200);
            }

            var socket = Path.Combine(agentDir, "agent", "containerd", "containerd.sock");
            // Warm-up: one pod and one ctr run, not counted.
            await RunPodsAsync(client, ns, "warm", 1, sequential: true);
            await CtrRunAsync(socket, "warm");

            var ctr = new List<double>();
            for (var i = 0; i < pods; i++)
                ctr.Add(await CtrRunAsync(socket, $"ctr-{i}"));

            var sequential = await RunPodsAsync(client, ns, "seq", pods, sequential: true);
            var memoryRunning = Memory(agent.Id);
            var burst = await RunPodsAsync(client, ns, "burst", pods, sequential: false);
            var memoryBurst = Memory(agent.Id);

            Console.WriteLine($"  ctr run --rm (create+start+exit+remove), {pods} sequential: p50 {Percentile(ctr, 0.5):F0} ms, p99 {Percentile(ctr, 0.99):F0} ms");
            Console.WriteLine($"  pods one at a time: p50 {Percentile(sequential, 0.5):F0} ms, p99 {Percentile(sequential, 0.99):F0} ms  (p50 = {Percentile(sequential, 0.5) / Percentile(ctr, 0.5):F2}x ctr; goal <= 2x, p99 <= 1000 ms)");
            Console.WriteLine($"  pods all at once:   p50 {Percentile(burst, 0.5):F0} ms, p99 {Percentile(burst, 0.99):F0} ms");
            Console.WriteLine($"  agent memory with {pods} pods running: {memoryRunning} (goal: RSS <= 80 MB)");
            Console.WriteLine($"  agent memory with {2 * pods} pods running: {memoryBurst}");
            Console.WriteLine("  (RSS counts the mapped .NET libraries in full; PSS shares them with the server process, which maps the same files)");
            return 0;
        }
        finally
        {
            try
            {
                // A graceful delete: the agent stops and removes each pod's containers, sandbox, address and cgroups
                // and then confirms the deletion, so an empty list means nothing is left in the runtime either.
                await client.CoreV1.DeleteCollectionNamespacedPodAsync(ns);
                var until = DateTime.UtcNow.AddSeconds(180);
                while ((await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count > 0 && DateTime.UtcNow < until)
                    await Task.Delay(500);
            }
            finally
            {
                if (!agent.HasExited)
                {
                    _ = Process.Start("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit(5000);
                    if (!agent.WaitForExit(20_000))
                        agent.Kill(entireProcessTree: true);
                }

                _ = Process.Start("ip", ["link", "del", "bosunbench0"])?.WaitForExit(5000);
            }
        }
    }

    // Creates pods and returns each one's create -> Running latency (ms) as the watch saw it.
    private static async Task<List<double>> RunPodsAsync(Kubernetes client, string ns, string prefix, int count, bool sequential)
    {
        var created = new ConcurrentDictionary<string, long>();
        var running = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var list = await client.CoreV1.ListNamespacedPodAsync(ns);
        var seen = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var (_, pod) in client.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stop.Token))
                {
                    if (pod.Status?.Phase == "Running" && pod.Metadata.Name.StartsWith(prefix + "-", StringComparison.Ordinal))
                    {
                        running.TryAdd(pod.Metadata.Name, Stopwatch.GetTimestamp());
                        if (running.Count >= count)
                            seen.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });

        async Task CreateAsync(int i)
        {
            var name = $"{prefix}-{i}";
            created[name] = Stopwatch.GetTimestamp();
            await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PodSpec
                {
                    // sleep ignores SIGTERM as PID 1; a one-second grace keeps the clean-up short.
                    TerminationGracePeriodSeconds = 1,
                    Containers = [new V1Container { Name = "c", Image = "bosun.local/busybox:1.36", Command = ["sleep", "3600"] }],
                },
            }, ns);
        }

        if (sequential)
        {
            for (var i = 0; i < count; i++)
            {
                await CreateAsync(i);
                var name = $"{prefix}-{i}";
                while (!running.ContainsKey(name))
                    await Task.Delay(5);
            }
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(CreateAsync));
        }

        await seen.Task.WaitAsync(TimeSpan.FromMinutes(5));
        await stop.CancelAsync();
        await watching;
        return created.Select(c => Stopwatch.GetElapsedTime(c.Value, running[c.Key]).TotalMilliseconds).ToList();
    }

    private static async Task<double> CtrRunAsync(string socket, string id)
    {
        var clock = Stopwatch.StartNew();
        using var ctr = Process.Start(new ProcessStartInfo("ctr", ["-a", socket, "-n", "k8s.io", "run", "--rm", "bosun.local/busybox:1.36", id, "true"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start ctr");
        await ctr.WaitForExitAsync();
        if (ctr.ExitCode != 0)
            throw new InvalidOperationException($"ctr run failed: {await ctr.StandardError.ReadToEndAsync()}");
        return clock.Elapsed.TotalMilliseconds;
    }

    // RSS, PSS and private memory (smaps_rollup), in MiB.
    private static string Memory(int pid)
    {
        var values = File.ReadLines($"/proc/{pid}/smaps_rollup").Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0);
        return $"RSS {values["Rss"]:F1} MiB, PSS {values["Pss"]:F1} MiB, private {values["Private_Clean"] + values["Private_Dirty"]:F1} MiB (anonymous {values["Anonymous"]:F1} MiB)";
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
