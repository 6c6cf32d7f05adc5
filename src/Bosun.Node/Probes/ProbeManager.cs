using System.Collections.Concurrent;
using Bosun.Node.Pods;
using k8s.Models;

namespace Bosun.Node.Probes;

/// <summary>
/// Keeps one <see cref="ProbeWorker"/> per probe of every running container attempt, started and stopped as
/// pods sync. Results go into the pod's notes (readiness, started); a failed liveness or startup probe kills
/// the container (events Unhealthy then Killing) so the restart policy brings it back.
/// </summary>
public sealed class ProbeManager : IDisposable
{
    private readonly ConcurrentDictionary<(string Uid, string ContainerId, ProbeKind Kind), (ProbeWorker Worker, CancellationTokenSource Stop)> _workers = new();
    private readonly LifecycleHandlers _handlers;
    private readonly Func<string, PodState> _states;
    private readonly Action<string> _enqueue;
    private readonly Func<V1Pod, V1Container, string, TimeSpan, string, Task> _kill;
    private readonly Func<V1Pod, PodEvents> _events;

    /// <param name="handlers">Runs exec/httpGet/tcpSocket handlers.</param>
    /// <param name="states">The notes of a pod by uid.</param>
    /// <param name="enqueue">Queues a pod (namespace/name) for a sync.</param>
    /// <param name="kill">Stops a container (pod, container, id, grace, reason for the Killing event).</param>
    /// <param name="events">Events about a pod.</param>
    public ProbeManager(LifecycleHandlers handlers, Func<string, PodState> states, Action<string> enqueue, Func<V1Pod, V1Container, string, TimeSpan, string, Task> kill, Func<V1Pod, PodEvents> events)
    {
        _handlers = handlers;
        _states = states;
        _enqueue = enqueue;
        _kill = kill;
        _events = events;
    }

    /// <summary>Starts workers for new running attempts and stops those of attempts that are gone.</summary>
    public void Sync(V1Pod pod, ObservedPod observed)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(observed);
        var uid = pod.Metadata.Uid;
        var wanted = new HashSet<(string, string, ProbeKind)>();
        var ip = observed.Sandbox is { Ips.Count: > 0 } sandbox ? sandbox.Ips[0] : pod.Status?.PodIP ?? "";
        if (pod.Metadata.DeletionTimestamp is null)
        {
            foreach (var container in pod.Spec.Containers)
            {
                if (observed.Latest(container.Name, false) is not { IsRunning: true } running)
                {
                    continue;
                }

                foreach (var (kind, probe) in Probes(container))
                {
                    var key = (uid, running.Id, kind);
                    wanted.Add(key);
                    if (_workers.ContainsKey(key))
                    {
                        continue;
                    }

                    var worker = new ProbeWorker(kind, probe, container, running.Id, ip, running.StartedAt ?? DateTime.UtcNow, _handlers,
                        () => container.StartupProbe is null || _states(uid).Notes.Started(running.Id) == true,
                        (k, verdict, message) => ReportAsync(pod, container, running.Id, k, verdict, message));
                    var stop = new CancellationTokenSource();
                    if (_workers.TryAdd(key, (worker, stop)))
                    {
                        _ = Task.Run(() => RunAsync(key, worker, stop.Token), CancellationToken.None);
                    }
                }
            }
        }

        foreach (var key in _workers.Keys.Where(k => k.Uid == uid && !wanted.Contains(k)).ToList())
        {
            Stop(key);
        }
    }

    /// <summary>Stops every worker of a pod (deleted or finished).</summary>
    public void Forget(string uid)
    {
        foreach (var key in _workers.Keys.Where(k => k.Uid == uid).ToList())
        {
            Stop(key);
        }
    }

    private static IEnumerable<(ProbeKind Kind, V1Probe Probe)> Probes(V1Container container)
    {
        if (container.StartupProbe is { } startup)
        {
            yield return (ProbeKind.Startup, startup);
        }

        if (container.LivenessProbe is { } liveness)
        {
            yield return (ProbeKind.Liveness, liveness);
        }

        if (container.ReadinessProbe is { } readiness)
        {
            yield return (ProbeKind.Readiness, readiness);
        }
    }

    private async Task RunAsync((string, string, ProbeKind) key, ProbeWorker worker, CancellationToken cancellationToken)
    {
        try
        {
            await worker.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with its container.
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed kill (runtime restarting) or handler: dropped below, so the next pod sync starts a new worker.
        }
        finally
        {
            if (_workers.TryGetValue(key, out var entry) && ReferenceEquals(entry.Worker, worker))
            {
                _workers.TryRemove(key, out _);
            }
        }
    }

    private async Task ReportAsync(V1Pod pod, V1Container container, string id, ProbeKind kind, bool? verdict, string? message)
    {
        var state = _states(pod.Metadata.Uid);
        var key = ObjectKeyOf(pod);
        var events = _events(pod);
        if (verdict is null)
        {
            events.Warning(container, "Unhealthy", $"{kind} probe failed: {message}");
            return;
        }

        switch (kind)
        {
            case ProbeKind.Readiness:
                state.Notes.SetReady(id, verdict.Value);
                _enqueue(key);
                break;
            case ProbeKind.Startup when verdict.Value:
                state.Notes.SetStarted(id, true);
                _enqueue(key);
                break;
            default:
                if (!verdict.Value)
                {
                    var probe = kind == ProbeKind.Liveness ? container.LivenessProbe : container.StartupProbe;
                    var grace = TimeSpan.FromSeconds(probe?.TerminationGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30);
                    await _kill(pod, container, id, grace, $"Container {container.Name} failed {kind.ToString().ToLowerInvariant()} probe, will be restarted").ConfigureAwait(false);
                    _enqueue(key);
                }

                break;
        }
    }

    private static string ObjectKeyOf(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    private void Stop((string, string, ProbeKind) key)
    {
        if (_workers.TryRemove(key, out var entry))
        {
            // Not disposed: the worker may still be registering on the token; cancelled sources hold nothing.
            entry.Stop.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var key in _workers.Keys.ToList())
        {
            Stop(key);
        }
    }
}
