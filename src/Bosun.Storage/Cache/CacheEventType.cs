namespace Bosun.Storage.Cache;

/// <summary>Watch event types, as the Kubernetes watch protocol names them.</summary>
public enum CacheEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No object change: the watcher has seen everything up to the revision.</summary>
    Bookmark,
}
