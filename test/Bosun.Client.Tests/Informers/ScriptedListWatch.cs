using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Bosun.Client.Informers;
using k8s;
using k8s.Models;

namespace Bosun.Client.Tests.Informers;

/// <summary>
/// A list/watch pair playing scripted answers: each list returns the next queued result; each watch plays the next
/// queued session (events, then an optional in-stream error, then the end of the stream). With no session left, a
/// watch blocks until cancelled — the informer is then idle and the test can look.
/// </summary>
internal sealed class ScriptedListWatch
{
    private readonly ConcurrentQueue<ListResult<V1ConfigMap>> _lists = new();
    private readonly ConcurrentQueue<(IReadOnlyList<(WatchEventType, V1ConfigMap)> Events, Exception? Error)> _sessions = new();
    private readonly Channel<string> _idle = Channel.CreateUnbounded<string>();

    public ConcurrentQueue<string> WatchedFrom { get; } = new();

    public int ListCalls;

    public ListWatch<V1ConfigMap> ListWatch => new(ListAsync, Watch);

    public ScriptedListWatch List(string resourceVersion, params V1ConfigMap[] items)
    {
        _lists.Enqueue(new ListResult<V1ConfigMap>(items, resourceVersion));
        return this;
    }

    public ScriptedListWatch Session(Exception? error, params (WatchEventType, V1ConfigMap)[] events)
    {
        _sessions.Enqueue((events, error));
        return this;
    }

    /// <summary>Waits until the informer sits in a blocking watch; returns the version it watches from.</summary>
    public async Task<string> IdleAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _idle.Reader.ReadAsync(cts.Token);
    }

    public static V1ConfigMap ConfigMap(string name, string resourceVersion, string ns = "ns", string? ownerUid = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            ResourceVersion = resourceVersion,
            Uid = "uid-" + name,
            OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { Uid = ownerUid, Name = "o", Kind = "ConfigMap", ApiVersion = "v1" }],
        },
    };

    private Task<ListResult<V1ConfigMap>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ListCalls);
        return _lists.TryDequeue(out var result) ? Task.FromResult(result) : throw new InvalidOperationException("no list scripted");
    }

    private async IAsyncEnumerable<(WatchEventType, V1ConfigMap)> Watch(string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WatchedFrom.Enqueue(resourceVersion);
        if (!_sessions.TryDequeue(out var session))
        {
            _idle.Writer.TryWrite(resourceVersion);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        foreach (var e in session.Events)
        {
            yield return e;
        }

        if (session.Error is not null)
        {
            onError(session.Error);
        }
    }
}
