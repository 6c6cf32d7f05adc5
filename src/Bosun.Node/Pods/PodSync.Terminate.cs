using k8s;
using System.Diagnostics;
using System.Net;
using Bosun.Node.Cri;
using Bosun.Node.Status;
using Grpc.Core;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Node.Pods;

public sealed partial class PodSync
{
    // The kubelet never gives a container less than this after its preStop hook.
    private static readonly TimeSpan MinimumGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Stops a deleted (or finished) pod: preStop hooks, SIGTERM, SIGKILL after the grace period, sandbox
    /// stopped; then, for a deletion, everything removed (containers, sandbox, volumes, cgroups, logs) and the
    /// deletion confirmed with a grace-0 delete so <c>kubectl delete --wait</c> returns.
    /// </summary>
    private async Task TerminateAsync(V1Pod pod, PodState state, PodEvents events, bool deleting, CancellationToken cancellationToken)
    {
        var uid = pod.Metadata.Uid;
        Probes.Forget(uid);
        var observed = await _view.ObserveAsync(uid, cancellationToken).ConfigureAwait(false);
        var grace = TimeSpan.FromSeconds(deleting ? pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30 : pod.Spec.TerminationGracePeriodSeconds ?? 30);
        if (!state.Killed)
        {
            await StopContainersAsync(pod, observed, events, grace, cancellationToken).ConfigureAwait(false);
            await StopSandboxesAsync(observed, cancellationToken).ConfigureAwait(false);
            state.Killed = true;
            observed = await _view.ObserveAsync(uid, cancellationToken).ConfigureAwait(false);
            ReadTerminationMessages(observed, state);
            var status = PodStatusBuilder.Build(pod, observed, state.Notes, _context.HostIp, Now, terminating: true);
            await WriteStatusAsync(pod, state, status, cancellationToken).ConfigureAwait(false);
        }

        if (!deleting)
        {
            return;
        }

        await RemovePodAsync(uid, observed, cancellationToken).ConfigureAwait(false);
        _finished[uid] = true;
        try
        {
            await _context.Client.CoreV1.DeleteNamespacedPodAsync(
                pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = uid } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or a new pod of the same name (the uid precondition protects it).
        }
    }

    /// <summary>Kills and removes whatever the runtime still holds for a pod the API no longer has.</summary>
    public async Task RemoveOrphanAsync(string uid, CancellationToken cancellationToken)
    {
        var observed = await _view.ObserveAsync(uid, cancellationToken).ConfigureAwait(false);
        foreach (var container in observed.Containers.Where(c => c.IsRunning))
        {
            await StopContainerAsync(container.Id, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        await StopSandboxesAsync(observed, cancellationToken).ConfigureAwait(false);
        await RemovePodAsync(uid, observed, cancellationToken).ConfigureAwait(false);
    }

    private async Task StopContainersAsync(V1Pod pod, ObservedPod observed, PodEvents events, TimeSpan grace, CancellationToken cancellationToken)
    {
        var ip = observed.Sandbox is { Ips.Count: > 0 } sandbox ? sandbox.Ips[0] : _context.HostIp;
        var running = observed.Containers.Where(c => c.IsRunning || c.IsCreated).ToList();
        await Task.WhenAll(running.Select(async container =>
        {
            var spec = (container.IsInit ? pod.Spec.InitContainers : pod.Spec.Containers)?.FirstOrDefault(c => c.Name == container.Name);
            var watch = Stopwatch.StartNew();
            if (container.IsRunning && spec?.Lifecycle?.PreStop is { } preStop && grace > TimeSpan.Zero)
            {
                var result = await _handlers.RunHookAsync(preStop, container.Id, ip, spec, grace, cancellationToken).ConfigureAwait(false);
                if (!result.Success)
                {
                    events.Warning(spec, "FailedPreStopHook", $"PreStopHook failed: {result.Message}");
                }
            }

            var remaining = grace - watch.Elapsed;
            if (grace > TimeSpan.Zero && remaining < MinimumGrace)
            {
                remaining = MinimumGrace;
            }

            if (spec is not null)
            {
                events.Normal(spec, "Killing", "Stopping container " + container.Name);
            }

            await StopContainerAsync(container.Id, remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    private async Task StopSandboxesAsync(ObservedPod observed, CancellationToken cancellationToken)
    {
        foreach (var sandbox in observed.Sandboxes)
        {
            try
            {
                await _context.Cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.Id }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }

    private async Task RemovePodAsync(string uid, ObservedPod observed, CancellationToken cancellationToken)
    {
        foreach (var container in observed.Containers)
        {
            await RemoveContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }

        foreach (var sandbox in observed.Sandboxes)
        {
            try
            {
                await _context.Cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.Id }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // Already gone.
            }
        }

        _context.Volumes.TearDown(uid);
        PodCgroups.Remove(uid);
        foreach (var logs in Directory.Exists(_context.Paths.LogsDirectory) ? Directory.GetDirectories(_context.Paths.LogsDirectory, "*_" + uid) : [])
        {
            Directory.Delete(logs, recursive: true);
        }

        Probes.Forget(uid);
        _crashBackoff.Forget(uid + "/");
        _images.Forget(uid);
        _states.TryRemove(uid, out _);
    }
}
