using System.Diagnostics;
using System.Globalization;
using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>
/// Leaves the machine as the agent tests found it: deletes the pods (the agent tears them down), removes whatever
/// the runtime still holds, stops the server by PID, kills this run's leftover shims and containerd (their command
/// lines name this data dir), unmounts everything under the data dir, removes the network namespaces, pod cgroups,
/// and the bridge this run made. Only things attributable to this run are touched: another
/// agent on the machine keeps its pods, namespaces, cgroups and bridge. Problems are collected and reported at the end.
/// </summary>
public sealed class HostCleanup
{
    private const string Bridge = AgentCluster.Bridge;

    private readonly AgentCluster _cluster;
    private readonly List<string> _problems = [];

    private HostCleanup(AgentCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>
    /// Records what the host had before the server started. The test bridge must be unused: pods attached to it
    /// mean another run of these tests is in progress; an unused one is a crashed run's leftover, removed at the end.
    /// </summary>
    public static HostCleanup Before(AgentCluster cluster)
    {
        if (HasAttachedInterfaces())
        {
            throw new InvalidOperationException($"bridge {Bridge} has interfaces attached: another run of the agent tests is using it");
        }

        return new HostCleanup(cluster);
    }

    public async Task RunAsync()
    {
        var containers = await Step("list the runtime's containers", () => RuntimeInventory.ContainersAsync(_cluster)) ?? [];
        var podUids = new HashSet<string>(containers.Select(c => c.PodUid).Where(u => u.Length > 0), StringComparer.Ordinal);
        var netns = containers.Select(c => c.NetworkNamespace).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var podsDir = Path.Combine(_cluster.AgentDir, "pods");
        if (Directory.Exists(podsDir))
        {
            podUids.UnionWith(Directory.EnumerateDirectories(podsDir).Select(Path.GetFileName).OfType<string>());
        }

        await Step("delete the pods", DeletePodsAsync);
        await Step("remove what the runtime still runs", RemoveRuntimeLeftoversAsync);
        await Step("stop the server", StopServerAsync);
        Step("kill leftover shims and containerd", KillRuntimeProcesses);
        Step("unmount under the data dir", () => Mounts.UnmountUnder(_cluster.Server.DataDir));
        Step("remove network namespaces", () => RemoveNetworkNamespaces(netns));
        Step("remove pod cgroups", () => RemoveCgroups(podUids));
        await Step("remove the bridge", RemoveBridgeAsync);
        if (_problems.Count > 0)
        {
            throw new InvalidOperationException("agent test cleanup was incomplete:\n" + string.Join('\n', _problems));
        }
    }

    private async Task DeletePodsAsync()
    {
        var kubectl = Kubectl.For(KubectlVersions.Newest, _cluster.Server);
        var result = await kubectl.RunAsync(["delete", "pods", "--all", "--all-namespaces", "--grace-period=2", "--wait", "--timeout=90s"], timeout: TimeSpan.FromSeconds(120));
        if (result.ExitCode != 0)
        {
            _problems.Add($"kubectl delete pods --all: {result}");
        }

        // The agent stops and removes the containers after the API objects are gone; give it time to finish.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (await RuntimeInventory.ContainersAsync(_cluster)).Count > 0)
        {
            await Task.Delay(500);
        }
    }

    private async Task RemoveRuntimeLeftoversAsync()
    {
        foreach (var task in await RuntimeInventory.TasksAsync(_cluster))
        {
            await _cluster.CtrAsync("tasks", "kill", "-s", "SIGKILL", "--all", task);
            await _cluster.CtrAsync("tasks", "delete", "--force", task);
        }

        foreach (var container in await RuntimeInventory.ContainersAsync(_cluster))
        {
            await _cluster.CtrAsync("containers", "delete", container.Id);
        }
    }

    private async Task StopServerAsync()
    {
        try
        {
            await _cluster.Server.StopAsync(kill: false);
        }
        catch (InvalidOperationException)
        {
            // Not running (a restart test failed half-way).
        }
    }

    /// <summary>Shims and the containerd whose command lines name this run's agent dir, by PID.</summary>
    private void KillRuntimeProcesses()
    {
        var marker = Path.Combine(_cluster.AgentDir, "containerd");
        foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (!commandLine.Contains(marker, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(int.Parse(pid!, CultureInfo.InvariantCulture));
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Exited meanwhile.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }

    private static void RemoveNetworkNamespaces(IEnumerable<string> paths)
    {
        foreach (var path in paths.Where(File.Exists))
        {
            _ = Mounts.Detach(path);
            File.Delete(path);
        }
    }

    /// <summary>This run's pod cgroup folders (container folders inside first), then the bosun parents if now empty.</summary>
    private static void RemoveCgroups(IReadOnlySet<string> podUids)
    {
        foreach (var hierarchy in Node.Pods.PodCgroups.Hierarchies())
        {
            var root = Path.Combine(hierarchy, "bosun");
            foreach (var uid in podUids)
            {
                var pod = Path.Combine(root, "pod" + uid);
                if (!Directory.Exists(pod))
                {
                    continue;
                }

                foreach (var child in Directory.EnumerateDirectories(pod))
                {
                    TryRmdir(child);
                }

                TryRmdir(pod);
            }

            // Shared with any other agent on the machine: rmdir only succeeds when no pod is left in it.
            if (Directory.Exists(root) && !Directory.EnumerateDirectories(root).Any())
            {
                TryRmdir(root);
            }
        }
    }

    private async Task RemoveBridgeAsync()
    {
        if (!Directory.Exists($"/sys/class/net/{Bridge}"))
        {
            return;
        }

        if (HasAttachedInterfaces())
        {
            _problems.Add($"bridge {Bridge} still has pod interfaces attached: {string.Join(", ", Directory.EnumerateFileSystemEntries($"/sys/class/net/{Bridge}/brif").Select(Path.GetFileName))}");
        }

        (await Tools.RunAsync(AgentRequirements.Ip, ["link", "del", Bridge])).EnsureSuccess();
    }

    private static bool HasAttachedInterfaces() =>
        Directory.Exists($"/sys/class/net/{Bridge}/brif") && Directory.EnumerateFileSystemEntries($"/sys/class/net/{Bridge}/brif").Any();

    private static void TryRmdir(string directory)
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Busy: a process is still in it.
        }
    }

    private async Task<T?> Step<T>(string what, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or UnauthorizedAccessException or Xunit.Sdk.XunitException)
        {
            _problems.Add($"{what}: {e.Message}");
            return default;
        }
    }

    private Task<bool> Step(string what, Func<Task> action) => Step(what, async () =>
    {
        await action();
        return true;
    });

    private void Step(string what, Action action) => Step(what, () =>
    {
        action();
        return Task.FromResult(true);
    }).GetAwaiter().GetResult();
}
