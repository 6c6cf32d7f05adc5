using Bosun.Node.Cri;
using Grpc.Core;

namespace Bosun.Node.Pods;

/// <summary>Reads what the runtime holds for a pod (by uid) into an <see cref="ObservedPod"/>.</summary>
public sealed class RuntimeView
{
    private readonly CriClient _cri;

    public RuntimeView(CriClient cri) => _cri = cri;

    public async Task<ObservedPod> ObserveAsync(string uid, CancellationToken cancellationToken)
    {
        var sandboxFilter = new PodSandboxFilter();
        sandboxFilter.LabelSelector[RuntimeLabels.PodUid] = uid;
        var sandboxes = await _cri.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = sandboxFilter }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        var observedSandboxes = new List<ObservedSandbox>();
        foreach (var sandbox in sandboxes.Items)
        {
            var ips = new List<string>();
            var ready = sandbox.State == PodSandboxState.SandboxReady;
            if (ready)
            {
                try
                {
                    var status = await _cri.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandbox.Id }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
                    if (!string.IsNullOrEmpty(status.Status.Network?.Ip))
                    {
                        ips.Add(status.Status.Network.Ip);
                        ips.AddRange(status.Status.Network.AdditionalIps.Select(p => p.Ip));
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    continue;
                }
            }

            observedSandboxes.Add(new ObservedSandbox(sandbox.Id, (int)sandbox.Metadata.Attempt, ready, ips, FromNanoseconds(sandbox.CreatedAt) ?? DateTime.UnixEpoch));
        }

        var containerFilter = new ContainerFilter();
        containerFilter.LabelSelector[RuntimeLabels.PodUid] = uid;
        var containers = await _cri.Runtime.ListContainersAsync(new ListContainersRequest { Filter = containerFilter }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        var observedContainers = new List<ObservedContainer>();
        foreach (var container in containers.Containers)
        {
            ContainerStatus status;
            try
            {
                status = (await _cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = container.Id }, CriClient.Options(cancellationToken)).ConfigureAwait(false)).Status;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                continue;
            }

            observedContainers.Add(FromStatus(status));
        }

        return new ObservedPod(observedSandboxes, observedContainers);
    }

    public static ObservedContainer FromStatus(ContainerStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var init = status.Annotations.TryGetValue(RuntimeLabels.InitContainer, out var flag) && flag == "true";
        return new ObservedContainer(
            status.Id,
            status.Metadata.Name,
            (int)status.Metadata.Attempt,
            init,
            status.State,
            FromNanoseconds(status.StartedAt),
            FromNanoseconds(status.FinishedAt),
            status.ExitCode,
            status.Reason,
            status.Message,
            status.Image?.Image ?? "",
            status.ImageRef,
            FromNanoseconds(status.CreatedAt) ?? DateTime.UnixEpoch,
            status.Annotations.ToDictionary(StringComparer.Ordinal),
            status.LogPath);
    }

    public static DateTime? FromNanoseconds(long nanoseconds) =>
        nanoseconds <= 0 ? null : DateTime.UnixEpoch.AddTicks(nanoseconds / 100);
}
