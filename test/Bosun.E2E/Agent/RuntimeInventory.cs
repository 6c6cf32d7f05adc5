using System.Text.Json;

namespace Bosun.E2E.Agent;

/// <summary>Reads what the agent's containerd holds, with <c>ctr</c> (Debian's containerd package).</summary>
public static class RuntimeInventory
{
    /// <summary>Every container (sandboxes included) with its pod and network namespace.</summary>
    public static async Task<IReadOnlyList<RuntimeContainer>> ContainersAsync(AgentCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var result = new List<RuntimeContainer>();
        foreach (var id in Lines((await cluster.CtrAsync("containers", "ls", "-q")).EnsureSuccess().Output))
        {
            var info = await cluster.CtrAsync("containers", "info", id);
            if (info.ExitCode != 0)
            {
                // Removed between the listing and now.
                continue;
            }

            using var document = JsonDocument.Parse(info.Output);
            var root = document.RootElement;
            var labels = root.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
            string Label(string key) => labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(key, out var v) ? v.GetString() ?? "" : "";
            string? netns = null;
            if (root.TryGetProperty("Spec", out var spec) && spec.TryGetProperty("linux", out var linux) && linux.TryGetProperty("namespaces", out var namespaces))
            {
                netns = namespaces.EnumerateArray()
                    .Where(n => n.GetProperty("type").GetString() == "network" && n.TryGetProperty("path", out _))
                    .Select(n => n.GetProperty("path").GetString())
                    .FirstOrDefault(p => p is not null && p.StartsWith("/var/run/netns/", StringComparison.Ordinal));
            }

            result.Add(new RuntimeContainer(id, Label("io.cri-containerd.kind") == "sandbox", Label("io.kubernetes.pod.uid"), netns));
        }

        return result;
    }

    /// <summary>The ids of the running tasks (container processes).</summary>
    public static async Task<IReadOnlyList<string>> TasksAsync(AgentCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Lines((await cluster.CtrAsync("tasks", "ls", "-q")).EnsureSuccess().Output);
    }

    public static string[] Lines(string text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
