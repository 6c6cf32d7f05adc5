using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Strategies;
using Bosun.Storage;
using Bosun.Storage.Cache;

namespace Bosun.ApiServer.Registry;

/// <summary>
/// Get and list with Kubernetes' resourceVersion semantics: consistent reads (unset), any (0), not older
/// than N, exact N, and continue tokens. Served from the watch cache when it can answer, from the store
/// at a past revision otherwise.
/// </summary>
public sealed class ResourceReader(CacheHub<ObjectAttributes> hub, IStore store)
{
    /// <summary>How long a read waits for the cache to reach a requested resourceVersion before 504, as kube-apiserver.</summary>
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(3);

    // How long a consistent read waits for the cache before it reads the store instead.
    private static readonly TimeSpan ConsistentReadWait = TimeSpan.FromMilliseconds(250);

    private const string ContinueTooOld =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    public CacheHub<ObjectAttributes> Hub => hub;

    /// <summary>The watch cache of a resource.</summary>
    public ResourceCache<ObjectAttributes> CacheOf(ResourceDefinition resource) => hub[ObjectKeys.ResourcePrefix(resource)];

    /// <summary>
    /// The store's current revision and whether the cache caught up with it within a short wait. It may not:
    /// the store's revision also counts writes outside this cluster's keys (another cluster under another
    /// --etcd-prefix of the same etcd), which the cache never sees; callers then read the store itself.
    /// </summary>
    public async Task<(long Revision, bool Cached)> WaitConsistentAsync(CancellationToken cancellationToken)
    {
        var revision = await store.GetRevisionAsync(cancellationToken);
        if (hub.Revision >= revision)
        {
            return (revision, true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConsistentReadWait);
        try
        {
            await hub.WaitForRevisionAsync(revision, timeout.Token);
            return (revision, true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (revision, false);
        }
    }

    /// <summary>
    /// Makes sure a watch may start at <paramref name="revision"/>: at once when the cache or the store has
    /// reached it (the cache then follows from what it has, see <see cref="ResourceCache{T}.Watch"/>); a
    /// revision beyond the store's is waited for and then answered 504, as kube-apiserver does.
    /// </summary>
    public async Task WaitForWatchStartAsync(long revision, CancellationToken cancellationToken)
    {
        if (hub.Revision >= revision || await store.GetRevisionAsync(cancellationToken) >= revision)
        {
            return;
        }

        await WaitForAsync(revision, cancellationToken);
    }

    /// <summary>Waits until the cache reached <paramref name="revision"/>, or 504 Too large resource version.</summary>
    public async Task WaitForAsync(long revision, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FreshnessWait);
        try
        {
            await hub.WaitForRevisionAsync(revision, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(504, "Timeout", $"Too large resource version: {revision}, current: {hub.Revision}")
            { RetryAfterSeconds = 1 };
        }
    }

    /// <summary>GET of one object; null when absent.</summary>
    public async Task<CachedObject<ObjectAttributes>?> GetAsync(ResourceDefinition resource, string ns, string name, string? resourceVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var key = ObjectKeys.Key(resource, ns, name);
        if (resourceVersion is null or "")
        {
            var kv = await store.GetAsync(key, 0, cancellationToken);
            return kv is null ? null : Decode(resource, kv);
        }

        var revision = ListOptions.ParseVersion(resourceVersion);
        if (revision > 0)
        {
            await WaitForAsync(revision, cancellationToken);
        }

        return CacheOf(resource).Snapshot().Items.GetValueOrDefault(key);
    }

    /// <summary>LIST with selectors and paging.</summary>
    public async Task<ListResult> ListAsync(ResourceDefinition resource, string ns, ListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(options);
        var filter = ObjectFilter.Create(resource, ns, options);
        var resourcePrefix = ObjectKeys.ResourcePrefix(resource);
        var prefix = ObjectKeys.ListPrefix(resource, ns);
        long? exact = null;
        var start = prefix;
        var fromContinue = false;
        if (options.Continue is not null)
        {
            var token = ContinueToken.Decode(options.Continue);
            exact = token.Revision;
            start = resourcePrefix + token.StartKey;
            fromContinue = true;
            if (!start.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw ApiException.BadRequest("continue key is not valid: the token does not belong to this list");
            }
        }
        else if (options.Revision is null)
        {
            var (current, cached) = await WaitConsistentAsync(cancellationToken);
            if (!cached)
            {
                exact = current;
            }
        }
        else if (options.Revision is > 0 and var requested)
        {
            if (options.ResourceVersionMatch == "Exact" || (options.ResourceVersionMatch is null && options.Limit > 0))
            {
                exact = requested;
            }
            else
            {
                await WaitForAsync(requested, cancellationToken);
            }
        }

        var snapshot = CacheOf(resource).Snapshot();
        if (exact is { } revision && revision != snapshot.Revision)
        {
            return await ListFromStoreAsync(resource, prefix, start, revision, options, filter, fromContinue, cancellationToken);
        }

        var items = new List<CachedObject<ObjectAttributes>>();
        string? next = null;
        long? remaining = null;
        var selectorless = options.Labels.IsEmpty && options.Fields.IsEmpty;
        foreach (var (key, item) in snapshot.Items)
        {
            if (string.CompareOrdinal(key, start) < 0)
            {
                continue;
            }

            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (string.CompareOrdinal(key, prefix) > 0)
                {
                    break;
                }

                continue;
            }

            if (!filter(item))
            {
                continue;
            }

            if (options.Limit > 0 && items.Count == options.Limit)
            {
                next = new ContinueToken(snapshot.Revision, items[^1].Key[resourcePrefix.Length..] + "\0").Encode();
                if (selectorless)
                {
                    remaining = snapshot.Items.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(k, key) >= 0);
                }

                break;
            }

            items.Add(item);
        }

        return new ListResult(items, snapshot.Revision, next, remaining);
    }

    private async Task<ListResult> ListFromStoreAsync(
        ResourceDefinition resource,
        string prefix,
        string start,
        long revision,
        ListOptions options,
        Func<CachedObject<ObjectAttributes>, bool> filter,
        bool fromContinue,
        CancellationToken cancellationToken)
    {
        var current = await store.GetRevisionAsync(cancellationToken);
        if (revision > current)
        {
            await WaitForAsync(revision, cancellationToken);
        }

        var resourcePrefix = ObjectKeys.ResourcePrefix(resource);
        var items = new List<CachedObject<ObjectAttributes>>();
        var batch = options.Limit > 0 ? Math.Min(options.Limit + 1, 1000) : 1000;
        string? next = null;
        long? remaining = null;
        var selectorless = options.Labels.IsEmpty && options.Fields.IsEmpty;
        try
        {
            var from = start;
            while (true)
            {
                var page = await store.RangeAsync(new RangeRequest(prefix, from, batch, revision), cancellationToken);
                for (var i = 0; i < page.Items.Count; i++)
                {
                    var item = Decode(resource, page.Items[i]);
                    if (!filter(item))
                    {
                        continue;
                    }

                    if (options.Limit > 0 && items.Count == options.Limit)
                    {
                        next = new ContinueToken(revision, items[^1].Key[resourcePrefix.Length..] + "\0").Encode();
                        remaining = selectorless ? page.Count - i : null;
                        return new ListResult(items, revision, next, remaining);
                    }

                    items.Add(item);
                }

                if (!page.More || page.Items.Count == 0)
                {
                    return new ListResult(items, revision, null, null);
                }

                from = page.Items[^1].Key + "\0";
            }
        }
        catch (CompactedException e)
        {
            throw fromContinue
                ? ApiException.Expired(ContinueTooOld)
                : ApiException.Expired($"too old resource version: {revision} ({e.CompactedRevision})");
        }
    }

    /// <summary>Wraps a store value the way the cache holds it.</summary>
    public static CachedObject<ObjectAttributes> Decode(ResourceDefinition resource, KeyValue kv)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(kv);
        var fields = Strategies.For(resource.StorageGroup, resource.Kind).SelectableFields;
        return new CachedObject<ObjectAttributes>(kv.Key, kv.Value, kv.ModRevision, ObjectAttributesDecoder.Decode(kv.Value, fields));
    }
}
