namespace Bosun.Storage.Cache;

/// <summary>Sizes of the watch caches.</summary>
public sealed class CacheOptions
{
    /// <summary>Events kept per resource for watches that resume from a past resourceVersion.</summary>
    public int WindowCapacity { get; set; } = 10_000;
}
