using Bosun.Node.Status;

namespace Bosun.Node.Pods;

/// <summary>What the agent remembers about one pod (by uid) between syncs.</summary>
public sealed class PodState
{
    public ContainerNotes Notes { get; } = new();

    /// <summary>The last status the agent wrote (JSON), so an unchanged status is not written again.</summary>
    public string? LastStatus { get; set; }

    /// <summary>Set once the pod's containers were stopped for deletion or completion.</summary>
    public bool Killed { get; set; }

    /// <summary>The host paths of the pod's volumes, from the last set-up.</summary>
    public IReadOnlyDictionary<string, string> Volumes { get; set; } = new Dictionary<string, string>();

    /// <summary>When the volumes were last refreshed (configMap/secret changes reach running pods).</summary>
    public DateTime VolumesRefreshed { get; set; }
}
