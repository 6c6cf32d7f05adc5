namespace Bosun.Storage.Cache;

/// <summary>Sizes of the watch caches.</summary>
public sealed class CacheOptions
{
    /// <summary>Events kept per resource for watches that resume from a past resourceVersion.</summary>
    public int WindowCapacity { get; set; } = 10_000;

    /// <summary>Events buffered per watcher before a slow watcher is ended.</summary>
    public int WatcherCapacity { get; set; } = 10_000;
}
