using System.Collections.Concurrent;
using System.Net;
using Bosun.Node.Cri;
using Bosun.Node.Probes;
using Bosun.Node.Status;
using Bosun.Node.Volumes;
using Grpc.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Node.Pods;

/// <summary>
/// One pass of the kubelet's syncPod for a pod bound to this node: set up volumes and the sandbox, run init
/// containers in order, start or restart app containers per restartPolicy with crash-loop back-off, and write
/// the status; for a deleted or finished pod, stop its containers gracefully, clean up, and (when deleted)
/// confirm the deletion. Returns when the pod should be looked at again (null: on the next runtime change).
/// </summary>
public sealed partial class PodSync
{
    private static readonly TimeSpan VolumeRefresh = TimeSpan.FromSeconds(10);
    private readonly PodRuntimeContext _context;
    private readonly RuntimeView _view;
    private readonly ImagePuller _images;
    private readonly LifecycleHandlers _handlers;
    private readonly RestartBackoff _crashBackoff = new();
    private readonly ConcurrentDictionary<string, PodState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _terminations = new(StringComparer.Ordinal);
    // Pods whose deletion this agent finished (containers removed, grace-0 delete sent) while the API still shows
    // them (finalizers, or the DELETE event not here yet): nothing is done for them again.
    private readonly ConcurrentDictionary<string, bool> _finished = new(StringComparer.Ordinal);
    private readonly Action<string> _enqueue;
    private readonly ILogger _logger;

    public PodSync(PodRuntimeContext context, ILogger logger, Action<string> enqueue)
    {
        _context = context;
        _logger = logger;
        _view = new RuntimeView(context.Cri);
        _images = new ImagePuller(context.Cri, context.Time);
        _handlers = new LifecycleHandlers(context.Cri);
        _enqueue = enqueue;
        Probes = new ProbeManager(_handlers, State, enqueue, KillForProbeAsync, pod => new PodEvents(_context.Events, pod));
    }

    /// <summary>The probe workers of this node's containers.</summary>
    public ProbeManager Probes { get; }

    /// <summary>The API no longer has the pod: forget that its deletion was finished.</summary>
    public void Forget(string uid) => _finished.TryRemove(uid, out _);

    /// <summary>True while a deleted pod's graceful termination runs (the relist must not kill it as an orphan).</summary>
    public bool IsTerminating(string uid) => _terminations.ContainsKey(uid);

    /// <summary>The notes of a pod (probe workers write readiness and startup results here).</summary>
    public PodState State(string uid) => _states.GetOrAdd(uid, _ => new PodState());

    private DateTime Now => _context.Time.GetUtcNow().UtcDateTime;

    /// <summary>Brings the runtime in line with <paramref name="pod"/>; returns when to sync again.</summary>
    public async Task<TimeSpan?> SyncAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var uid = pod.Metadata.Uid;
        var state = State(uid);
        var events = new PodEvents(_context.Events, pod);

        if (_finished.ContainsKey(uid))
        {
            return null;
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Off the work queue: a grace period of up to 30 s per pod must not hold a worker that other pods need.
            var termination = new Lazy<Task>(() => Task.Run(() => TerminateInBackgroundAsync(pod, state, events, cancellationToken), CancellationToken.None));
            _ = _terminations.GetOrAdd(uid, termination).Value;
            return null;
        }

        var observed = await _view.ObserveAsync(uid, cancellationToken).ConfigureAwait(false);
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            if (!state.Killed && observed.HasRunningContainers)
            {
                await TerminateAsync(pod, state, events, deleting: false, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        TimeSpan? retry = null;
        try
        {
            retry = await RunAsync(pod, state, observed, events, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is VolumeException or IOException or UnauthorizedAccessException)
        {
            // The kubelet's FailedMount: the pod stays Pending and says why.
            events.Warning(null, "FailedMount", e is VolumeException ? e.Message : $"MountVolume.SetUp failed: {e.Message}");
            retry = TimeSpan.FromSeconds(5);
        }

        observed = await _view.ObserveAsync(uid, cancellationToken).ConfigureAwait(false);
        ReadTerminationMessages(observed, state);
        Probes.Sync(pod, observed);
        var status = PodStatusBuilder.Build(pod, observed, state.Notes, _context.HostIp, Now);
        await WriteStatusAsync(pod, state, status, cancellationToken).ConfigureAwait(false);
        if (status.Phase is "Succeeded" or "Failed")
        {
            Probes.Forget(uid);
            // Finished: the sandbox is stopped and its address given back, as the kubelet does.
            await StopSandboxesAsync(observed, cancellationToken).ConfigureAwait(false);
            state.Killed = true;
            return null;
        }

        // Running pods come back periodically so configMap/secret volumes follow their objects.
        return retry is { } r && r < VolumeRefresh ? r : VolumeRefresh;
    }

    private async Task<TimeSpan?> RunAsync(V1Pod pod, PodState state, ObservedPod observed, PodEvents events, CancellationToken cancellationToken)
    {
        var spec = pod.Spec;
        var sandbox = observed.Sandbox;
        if (Now - state.VolumesRefreshed >= VolumeRefresh || sandbox is not { Ready: true })
        {
            state.Volumes = await _context.Volumes.SetUpAsync(pod, _context.Allocatable(), cancellationToken).ConfigureAwait(false);
            state.VolumesRefreshed = Now;
        }

        if (sandbox is not { Ready: true })
        {
            var anyStarted = observed.Containers.Any(c => !c.IsInit);
            if (sandbox is not null && anyStarted && spec.RestartPolicy == "Never")
            {
                // The sandbox died after the containers ran: a Never pod does not come back.
                return null;
            }

            if (observed.Containers.Any(c => c.IsRunning))
            {
                await StopContainersAsync(pod, observed, events, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }

            // A dead sandbox still holds its network namespace and address until it is stopped.
            await StopSandboxesAsync(observed, cancellationToken).ConfigureAwait(false);

            var attempt = sandbox is null ? 0 : sandbox.Attempt + 1;
            var config = SandboxConfigBuilder.Build(pod, attempt, _context.Paths, _context.Dns);
            Directory.CreateDirectory(config.LogDirectory);
            try
            {
                await _context.Cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                events.Warning(null, "FailedCreatePodSandBox", $"Failed to create pod sandbox: {ImagePuller.RuntimeError(e)}");
                return TimeSpan.FromSeconds(5);
            }

            observed = await _view.ObserveAsync(pod.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            sandbox = observed.Sandbox;
            if (sandbox is not { Ready: true })
            {
                return TimeSpan.FromSeconds(2);
            }
        }

        var sandboxConfig = SandboxConfigBuilder.Build(pod, sandbox.Attempt, _context.Paths, _context.Dns);
        WriteEtcHosts(pod, sandbox.Ips);
        TimeSpan? retry = null;

        // Init containers, one at a time, each to success.
        foreach (var container in spec.InitContainers ?? [])
        {
            var latest = observed.Latest(container.Name, true);
            if (latest is { IsExited: true, ExitCode: 0 })
            {
                continue;
            }

            if (latest is { IsRunning: true })
            {
                return null;
            }

            if (latest is { IsExited: true } && spec.RestartPolicy == "Never")
            {
                return null;
            }

            retry = await StartOrBackOffAsync(pod, state, container, true, latest, sandbox, sandboxConfig, events, cancellationToken).ConfigureAwait(false);
            return retry;
        }

        foreach (var container in spec.Containers)
        {
            var latest = observed.Latest(container.Name, false);
            if (latest is { IsRunning: true })
            {
                continue;
            }

            if (latest is { IsExited: true } && !ShouldRestart(spec.RestartPolicy, latest.ExitCode))
            {
                continue;
            }

            var next = await StartOrBackOffAsync(pod, state, container, false, latest, sandbox, sandboxConfig, events, cancellationToken).ConfigureAwait(false);
            if (next is { } n && (retry is null || n < retry))
            {
                retry = n;
            }
        }

        return retry;
    }

    /// <summary>restartPolicy: Always restarts every exit, OnFailure non-zero exits, Never none.</summary>
    public static bool ShouldRestart(string? restartPolicy, int exitCode) => (restartPolicy ?? "Always") switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    private async Task<TimeSpan?> StartOrBackOffAsync(
        V1Pod pod, PodState state, V1Container container, bool init, ObservedContainer? latest, ObservedSandbox sandbox, PodSandboxConfig sandboxConfig, PodEvents events, CancellationToken cancellationToken)
    {
        var key = $"{pod.Metadata.Uid}/{container.Name}";
        if (latest is { IsExited: true })
        {
            if (_crashBackoff.BlockedUntil(key, Now) is { } until)
            {
                var window = _crashBackoff.Window(key);
                var message = $"back-off {Math.Round(window.TotalSeconds):0}s restarting failed container={container.Name} pod={pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})";
                state.Notes.SetWaiting(container.Name, "CrashLoopBackOff", message);
                events.Warning(container, "BackOff", "Back-off restarting failed container " + container.Name + $" in pod {pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})");
                return until - Now;
            }

            _crashBackoff.Next(key, Now);
        }

        if (latest is { IsCreated: true })
        {
            // Created but never started (an agent restart in between): start that attempt.
            await StartCreatedAsync(pod, state, container, latest.Id, sandbox, events, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var attempt = latest is null ? 0 : latest.Attempt + 1;
        return await StartContainerAsync(pod, state, container, init, attempt, sandbox, sandboxConfig, events, cancellationToken).ConfigureAwait(false);
    }

    private async Task TerminateInBackgroundAsync(V1Pod pod, PodState state, PodEvents events, CancellationToken cancellationToken)
    {
        try
        {
            await TerminateAsync(pod, state, events, deleting: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPodWarning(_logger, pod.Metadata.Name, "termination failed: " + e.Message);
            _ = Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(
                _ => _enqueue($"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}"), TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is stopping; containers keep running and the next agent finishes the job.
        }
        finally
        {
            _terminations.TryRemove(pod.Metadata.Uid, out _);
        }
    }

    private async Task KillForProbeAsync(V1Pod pod, V1Container container, string id, TimeSpan grace, string reason)
    {
        new PodEvents(_context.Events, pod).Normal(container, "Killing", reason);
        await StopContainerAsync(id, grace, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task WriteStatusAsync(V1Pod pod, PodState state, V1PodStatus status, CancellationToken cancellationToken)
    {
        var json = KubernetesJson.Serialize(status);
        if (json == state.LastStatus && pod.Status is not null && KubernetesJson.Serialize(pod.Status) == json)
        {
            return;
        }

        // The whole kubelet-owned status; lists are replaced (merge patch), foreign conditions were carried over.
        var patch = "{\"status\":" + json + "}";
        try
        {
            await _context.Client.CoreV1.PatchNamespacedPodStatusAsync(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            state.LastStatus = json;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone or replaced; the informer brings the next state.
        }
    }

    private static void ReadTerminationMessages(ObservedPod observed, PodState state)
    {
        foreach (var container in observed.Containers.Where(c => c.IsExited))
        {
            if (state.Notes.TerminationMessage(container.Id) is not null)
            {
                continue;
            }

            container.Annotations.TryGetValue(RuntimeLabels.TerminationMessageFile, out var file);
            container.Annotations.TryGetValue(RuntimeLabels.TerminationMessagePolicy, out var policy);
            state.Notes.SetTerminationMessage(container.Id, TerminationMessages.Read(container, file, policy));
        }
    }

    // The kubelet-managed /etc/hosts: localhost, the pod's own address and name, then hostAliases.
    private void WriteEtcHosts(V1Pod pod, IReadOnlyList<string> ips)
    {
        var path = _context.Paths.EtcHosts(pod.Metadata.Uid);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
        var hostname = SandboxConfigBuilder.Hostname(pod);
        foreach (var ip in ips)
        {
            text += string.IsNullOrEmpty(pod.Spec.Subdomain)
                ? $"{ip}\t{hostname}\n"
                : $"{ip}\t{hostname}.{pod.Spec.Subdomain}.{pod.Metadata.NamespaceProperty}.svc.{_context.Dns.ClusterDomain}\t{hostname}\n";
        }

        foreach (var alias in pod.Spec.HostAliases ?? [])
        {
            text += $"{alias.Ip}\t{string.Join('\t', alias.Hostnames ?? [])}\n";
        }

        File.WriteAllText(path, text);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod}: {Message}")]
    private static partial void LogPodWarning(ILogger logger, string pod, string message);
}
