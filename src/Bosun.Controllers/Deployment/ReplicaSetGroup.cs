using k8s.Models;

namespace Bosun.Controllers.Deployment;

/// <summary>
/// One sync's view of a Deployment's ReplicaSets: the new one (its template is the Deployment's) and the old ones.
/// Writes replace entries with what the server returned, so later steps of the same sync see them.
/// </summary>
internal sealed class ReplicaSetGroup(V1ReplicaSet? newSet, List<V1ReplicaSet> old)
{
    public V1ReplicaSet? New { get; private set; } = newSet;

    public List<V1ReplicaSet> Old { get; } = old;

    /// <summary>The old ones then the new one.</summary>
    public List<V1ReplicaSet> All => New is null ? [.. Old] : [.. Old, New];

    /// <summary>Old ones with replicas.</summary>
    public List<V1ReplicaSet> ActiveOld => [.. Old.Where(rs => RolloutMath.Replicas(rs) > 0)];

    /// <summary>Puts <paramref name="updated"/> in place of the entry with its uid.</summary>
    public V1ReplicaSet Replace(V1ReplicaSet updated)
    {
        if (New?.Metadata.Uid == updated.Metadata.Uid)
        {
            New = updated;
            return updated;
        }

        var i = Old.FindIndex(rs => rs.Metadata.Uid == updated.Metadata.Uid);
        if (i >= 0)
        {
            Old[i] = updated;
        }

        return updated;
    }

    /// <summary>Oldest first, ties by name (upstream's ReplicaSetsByCreationTimestamp).</summary>
    public static int ByCreation(V1ReplicaSet a, V1ReplicaSet b)
    {
        var c = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return c != 0 ? c : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    }
}
