using Bosun.Node.Cri;
using Bosun.Node.Volumes;
using Grpc.Core;
using k8s.Models;

namespace Bosun.Node.Pods;

public sealed partial class PodSync
{
    /// <summary>Pulls the image if needed, creates and starts one container attempt, runs its postStart hook.</summary>
    private async Task<TimeSpan?> StartContainerAsync(
        V1Pod pod, PodState state, V1Container container, bool init, int attempt, ObservedSandbox sandbox, PodSandboxConfig sandboxConfig, PodEvents events, CancellationToken cancellationToken)
    {
        var (imageRef, retry) = await _images.EnsureAsync(pod, container, state.Notes, events, cancellationToken).ConfigureAwait(false);
        if (imageRef is null)
        {
            return retry;
        }

        ContainerConfig config;
        try
        {
            var env = await new EnvironmentResolver(_context.Client).ResolveAsync(pod, container, _context.Allocatable(), null, cancellationToken).ConfigureAwait(false);
            var mounts = VolumeManager.Mounts(container, state.Volumes).ToList();
            if (pod.Spec.HostNetwork != true && !mounts.Any(m => m.ContainerPath == "/etc/hosts"))
            {
                mounts.Add(new Mount { ContainerPath = "/etc/hosts", HostPath = _context.Paths.EtcHosts(pod.Metadata.Uid) });
            }

            var messageFile = TerminationMessages.Create(_context.Paths, pod.Metadata.Uid, container.Name, attempt);
            config = ContainerConfigBuilder.Build(pod, container, init, attempt, imageRef, env, mounts, messageFile);
        }
        catch (ContainerConfigException e)
        {
            state.Notes.SetWaiting(container.Name, "CreateContainerConfigError", e.Message);
            events.Warning(container, "Failed", "Error: " + e.Message);
            return TimeSpan.FromSeconds(10);
        }

        string id;
        try
        {
            var created = await _context.Cri.Runtime.CreateContainerAsync(
                new CreateContainerRequest { PodSandboxId = sandbox.Id, Config = config, SandboxConfig = sandboxConfig }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
            id = created.ContainerId;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            var message = ImagePuller.RuntimeError(e);
            state.Notes.SetWaiting(container.Name, "CreateContainerError", message);
            events.Warning(container, "Failed", "Error: " + message);
            return TimeSpan.FromSeconds(10);
        }

        events.Normal(container, "Created", "Created container " + container.Name);
        await StartCreatedAsync(pod, state, container, id, sandbox, events, cancellationToken).ConfigureAwait(false);
        await RemoveOldAttemptsAsync(pod.Metadata.Uid, container.Name, init, attempt, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task StartCreatedAsync(V1Pod pod, PodState state, V1Container container, string id, ObservedSandbox sandbox, PodEvents events, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The attempt exists and shows as exited with the runtime's reason (e.g. a missing executable).
            var message = ImagePuller.RuntimeError(e);
            state.Notes.SetWaiting(container.Name, null);
            events.Warning(container, "Failed", "Error: " + message);
            return;
        }

        state.Notes.SetWaiting(container.Name, null);
        events.Normal(container, "Started", "Started container " + container.Name);
        if (container.Lifecycle?.PostStart is { } postStart)
        {
            var ip = sandbox.Ips.Count > 0 ? sandbox.Ips[0] : _context.HostIp;
            var result = await _handlers.RunHookAsync(postStart, id, ip, container, TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30), cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                events.Warning(container, "FailedPostStartHook", result.Message);
                events.Normal(container, "Killing", $"FailedPostStartHook");
                await StopContainerAsync(id, TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The kubelet keeps the previous attempt (logs --previous, lastState) and removes older ones.
    private async Task RemoveOldAttemptsAsync(string uid, string name, bool init, int current, CancellationToken cancellationToken)
    {
        var filter = new ContainerFilter();
        filter.LabelSelector[RuntimeLabels.PodUid] = uid;
        filter.LabelSelector[RuntimeLabels.ContainerName] = name;
        var list = await _context.Cri.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        foreach (var old in list.Containers.Where(c => (int)c.Metadata.Attempt < current - 1 && c.State == ContainerState.ContainerExited))
        {
            var isInit = old.Annotations.TryGetValue(RuntimeLabels.InitContainer, out var flag) && flag == "true";
            if (isInit == init)
            {
                await RemoveContainerAsync(old.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StopContainerAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Cri.Runtime.StopContainerAsync(
                new StopContainerRequest { ContainerId = id, Timeout = (long)Math.Ceiling(grace.TotalSeconds) }, CriClient.Options(cancellationToken, grace + TimeSpan.FromSeconds(30))).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Already gone.
        }
    }

    private async Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Cri.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
