using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests.Infrastructure;

/// <summary>
/// Follows the pods of one namespace from a list's resourceVersion and keeps every state in event order, so a test
/// can check an invariant at each moment the server went through, not only at the moments it polled.
/// </summary>
public sealed class PodWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, V1Pod> _current = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everCreated = new(StringComparer.Ordinal);
    private readonly List<Action<IReadOnlyCollection<V1Pod>>> _checks = [];
    private readonly Lock _lock = new();
    private Task _run = Task.CompletedTask;
    private Kubernetes? _kubelet;
    private Func<V1Pod, bool> _readies = _ => true;

    private PodWatch()
    {
    }

    /// <summary>Names of every pod added since the watch started.</summary>
    public IReadOnlyCollection<string> EverCreated
    {
        get
        {
            lock (_lock)
            {
                return [.. _everCreated];
            }
        }
    }

    public static async Task<PodWatch> StartAsync(Kubernetes client, string ns)
    {
        var watch = new PodWatch();
        var list = await client.CoreV1.ListNamespacedPodAsync(ns);
        foreach (var pod in list.Items)
        {
            watch._current[pod.Metadata.Name] = pod;
        }

        watch._run = Task.Run(() => watch.RunAsync(client, ns, list.Metadata.ResourceVersion));
        return watch;
    }

    /// <summary>Runs <paramref name="check"/> on the pod set after every event from now on (it throws to fail).</summary>
    public void OnEveryState(Action<IReadOnlyCollection<V1Pod>> check)
    {
        lock (_lock)
        {
            _checks.Add(check);
        }
    }

    /// <summary>
    /// Plays the kubelet from now on: every pod added (that <paramref name="which"/> accepts) is patched Running and Ready (there are no nodes in these tests).
    /// </summary>
    public void ReadyEveryNewPod(Kubernetes client, Func<V1Pod, bool>? which = null)
    {
        _readies = which ?? (_ => true);
        _kubelet = client;
    }

    /// <summary>Failures of the checks, in order.</summary>
    public List<string> Violations { get; } = [];

    private async Task RunAsync(Kubernetes client, string ns, string resourceVersion)
    {
        var rv = resourceVersion;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: rv, allowWatchBookmarks: true, cancellationToken: _stop.Token))
                {
                    rv = pod.Metadata.ResourceVersion ?? rv;
                    Apply(type, pod);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // A dropped stream resumes from the last version seen.
            }
        }
    }

    private void Apply(WatchEventType type, V1Pod pod)
    {
        lock (_lock)
        {
            switch (type)
            {
                case WatchEventType.Added:
                    _everCreated.Add(pod.Metadata.Name);
                    _current[pod.Metadata.Name] = pod;
                    if (_kubelet is { } kubelet && _readies(pod))
                    {
                        _ = MakeReadyAsync(kubelet, pod);
                    }

                    break;
                case WatchEventType.Modified:
                    _current[pod.Metadata.Name] = pod;
                    break;
                case WatchEventType.Deleted:
                    _current.Remove(pod.Metadata.Name);
                    break;
                default:
                    return;
            }

            var snapshot = _current.Values.ToList();
            foreach (var check in _checks)
            {
                try
                {
                    check(snapshot);
                }
                catch (Exception e)
                {
                    Violations.Add($"after {type} {pod.Metadata.Name} (rv {pod.Metadata.ResourceVersion}): {e.Message}");
                }
            }
        }
    }

    private static async Task MakeReadyAsync(Kubernetes client, V1Pod pod)
    {
        try
        {
            await WorkloadObjects.SetRunningAsync(client, pod, ready: true);
        }
        catch (Exception)
        {
            // The pod went before the kubelet got to it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
