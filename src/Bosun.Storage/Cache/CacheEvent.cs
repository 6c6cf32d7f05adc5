namespace Bosun.Storage.Cache;

/// <summary>An event as one watcher sees it (after its filter decided Added/Modified/Deleted).</summary>
/// <param name="Type">Event type.</param>
/// <param name="Item">The object to send: the new state, or for Deleted the last state; null for bookmarks.</param>
/// <param name="Revision">The event's revision; the resourceVersion to put on the object sent.</param>
/// <param name="InitialEventsEnd">For bookmarks: marks the end of sendInitialEvents.</param>
public sealed record CacheEvent<T>(CacheEventType Type, CachedObject<T>? Item, long Revision, bool InitialEventsEnd = false);
