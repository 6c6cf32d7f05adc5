namespace Bosun.Storage;

/// <summary>Settings of the <see cref="StoreCompactor"/>.</summary>
public sealed class StoreCompactorOptions
{
    /// <summary>
    /// Time between compactions (kube-apiserver's <c>--etcd-compaction-interval</c>, 5 minutes by default).
    /// Each compaction drops history older than the revision seen one interval earlier, so watchers and
    /// paginated lists always have at least one interval of history. Zero or less disables compaction.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
