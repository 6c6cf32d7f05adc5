namespace Bosun.E2E.Agent;

/// <summary>
/// What pods leave on the node while they exist, all of it attributable to this run's agent: its containerd's
/// containers (sandboxes included) and tasks, host-local's address files, mounts under the data dir, and pod folders.
/// </summary>
public sealed record NodeFootprint(
    IReadOnlyList<string> Containers,
    IReadOnlyList<string> Tasks,
    IReadOnlyList<string> IpFiles,
    IReadOnlyList<string> Mounts,
    IReadOnlyList<string> PodDirectories)
{
    public static async Task<NodeFootprint> CaptureAsync(AgentCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var containers = RuntimeInventory.Lines((await cluster.CtrAsync("containers", "ls", "-q")).EnsureSuccess().Output);
        var tasks = await RuntimeInventory.TasksAsync(cluster);
        var ipDir = Path.Combine(cluster.AgentDir, "cni", "networks", "bosun");
        var podsDir = Path.Combine(cluster.AgentDir, "pods");
        return new NodeFootprint(
            Sorted(containers),
            Sorted(tasks),
            // host-local's bookkeeping (last_reserved_ip.0, lock) stays; one file per allocated address must not.
            Sorted(Directory.Exists(ipDir) ? Directory.EnumerateFiles(ipDir).Select(Path.GetFileName).OfType<string>().Where(f => f != "lock" && !f.StartsWith("last_reserved_ip", StringComparison.Ordinal)) : []),
            Sorted(Testing.Mounts.Under(cluster.Server.DataDir)),
            Sorted(Directory.Exists(podsDir) ? Directory.EnumerateFileSystemEntries(podsDir).Select(Path.GetFileName).OfType<string>() : []));
    }

    /// <summary>What this footprint has that <paramref name="before"/> did not, one line per kind (empty: nothing).</summary>
    public string ExtraOver(NodeFootprint before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var lines = new List<string>();
        void Compare(string what, IReadOnlyList<string> now, IReadOnlyList<string> then)
        {
            var extra = now.Except(then, StringComparer.Ordinal).ToList();
            if (extra.Count > 0)
            {
                lines.Add($"{what}: {string.Join(", ", extra)}");
            }
        }

        Compare("containers", Containers, before.Containers);
        Compare("tasks", Tasks, before.Tasks);
        Compare("host-local IP files", IpFiles, before.IpFiles);
        Compare("mounts under the data dir", Mounts, before.Mounts);
        Compare("pod folders", PodDirectories, before.PodDirectories);
        return string.Join('\n', lines);
    }

    private static string[] Sorted(IEnumerable<string> items) => [.. items.Order(StringComparer.Ordinal)];
}
