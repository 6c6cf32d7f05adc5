using k8s;

namespace Bosun.Client.Informers;

/// <summary>A list's items and the resourceVersion a watch resumes from.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, string ResourceVersion);

/// <summary>
/// How an informer lists and watches one kind: two delegates over the official client, e.g.
/// <c>ct =&gt; client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct)</c> and
/// <c>(rv, onError, ct) =&gt; client.CoreV1.WatchListPodForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, onError: onError, cancellationToken: ct)</c>.
/// </summary>
/// <param name="List">Lists every object (a consistent read).</param>
/// <param name="Watch">
/// Watches from a resourceVersion with bookmarks. Errors the server sends inside the stream (a 410 Status) go to the
/// callback; a transport failure throws.
/// </param>
public sealed record ListWatch<T>(
    Func<CancellationToken, Task<ListResult<T>>> List,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> Watch);
