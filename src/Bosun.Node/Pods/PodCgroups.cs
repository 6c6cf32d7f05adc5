namespace Bosun.Node.Pods;

/// <summary>
/// The per-pod cgroup folders (<c>/bosun/pod&lt;uid&gt;</c> under each hierarchy) that runc creates as the
/// containers' parent. runc removes each container's own cgroup, not the parent, so the agent removes it
/// when the pod is gone.
/// </summary>
public static class PodCgroups
{
    /// <summary>Every cgroup (v1 per controller, or v2) mount point on this host.</summary>
    public static IReadOnlyList<string> Hierarchies() =>
        Volumes.HostMounts.Entries().Where(e => e.FileSystemType is "cgroup" or "cgroup2").Select(e => e.MountPoint).ToList();

    /// <summary>The folders of one pod's cgroup that exist now.</summary>
    public static IReadOnlyList<string> Existing(string uid) =>
        Hierarchies().Select(h => h + SandboxConfigBuilder.CgroupParent(uid)).Where(Directory.Exists).ToList();

    /// <summary>Removes the pod's cgroup folders (they are empty once its containers are gone).</summary>
    public static void Remove(string uid)
    {
        foreach (var directory in Existing(uid))
        {
            try
            {
                // rmdir, not a recursive delete: cgroupfs folders hold only kernel files and go with the folder.
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                // Still busy (a process not yet reaped); the next housekeeping pass retries.
            }
        }
    }
}
