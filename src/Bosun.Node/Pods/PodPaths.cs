namespace Bosun.Node.Pods;

/// <summary>Where a pod's files live on the host: its directory (volumes, hosts file, termination messages) and logs.</summary>
public sealed class PodPaths
{
    public PodPaths(string podsDirectory, string logsDirectory)
    {
        PodsDirectory = podsDirectory;
        LogsDirectory = logsDirectory;
    }

    /// <summary>The root of every pod's directory (the kubelet's /var/lib/kubelet/pods).</summary>
    public string PodsDirectory { get; }

    /// <summary>The root of every pod's logs (the kubelet's /var/log/pods).</summary>
    public string LogsDirectory { get; }

    public string PodDirectory(string uid) => Path.Combine(PodsDirectory, uid);

    public string VolumesDirectory(string uid) => Path.Combine(PodDirectory(uid), "volumes");

    public string EtcHosts(string uid) => Path.Combine(PodDirectory(uid), "etc-hosts");

    public string ContainerDirectory(string uid, string container) => Path.Combine(PodDirectory(uid), "containers", container);

    /// <summary>The pod's log folder, named as the kubelet names it: namespace_name_uid.</summary>
    public string PodLogDirectory(string ns, string name, string uid) => Path.Combine(LogsDirectory, $"{ns}_{name}_{uid}");

    /// <summary>A container attempt's log, relative to the pod's log folder (CRI LogPath).</summary>
    public static string ContainerLogPath(string container, int attempt) => Path.Combine(container, $"{attempt}.log");
}
