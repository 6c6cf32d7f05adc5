using System.Net;
using Bosun.Client.Models;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Controllers.PodGc;

/// <summary>
/// kube-controller-manager's pod garbage collector, run every <see cref="ControllerManagerOptions.PodGcPeriod"/>:
/// force-deletes pods bound to nodes that no longer exist (after the node has been missing for a quarantine period
/// and a live read confirms it), terminating pods that were never scheduled, and the oldest finished pods beyond
/// <see cref="ControllerManagerOptions.TerminatedPodGcThreshold"/>. A running pod it removes is first marked Failed
/// with the DisruptionTarget condition (reason DeletionByPodGC), as upstream does.
/// </summary>
internal sealed partial class PodGcController : IController
{
    private readonly ControllerContext _context;
    private readonly ControllerManagerOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DateTime> _missingSince = new(StringComparer.Ordinal);

    public PodGcController(ControllerContext context, ControllerManagerOptions options)
    {
        _context = context;
        _options = options;
        _logger = context.Loggers.CreateLogger<PodGcController>();
        _ = context.Pods;
        _ = context.Nodes;
    }

    public string Name => "pod-garbage-collector";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_context.Pods.WaitForSyncAsync(cancellationToken), _context.Nodes.WaitForSyncAsync(cancellationToken));
        using var timer = new PeriodicTimer(_options.PodGcPeriod, _context.Time);
        try
        {
            do
            {
                try
                {
                    await CollectOnceAsync(cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    LogPassFailed(_logger, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    internal async Task CollectOnceAsync(CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow().UtcDateTime;
        var pods = _context.Pods.Cache.List();
        await CollectTerminatedAsync(pods, cancellationToken);
        await CollectOrphanedAsync(pods, now, cancellationToken);
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is not null && string.IsNullOrEmpty(p.Spec?.NodeName)))
        {
            // No kubelet will ever confirm the termination of a pod that never ran.
            await ForceDeleteAsync(pod, null, cancellationToken);
        }
    }

    private async Task CollectTerminatedAsync(IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        var finished = pods.Where(p => p.Status?.Phase is "Succeeded" or "Failed" && p.Metadata.DeletionTimestamp is null).ToList();
        var excess = finished.Count - _options.TerminatedPodGcThreshold;
        if (_options.TerminatedPodGcThreshold <= 0 || excess <= 0)
        {
            return;
        }

        foreach (var pod in finished.OrderBy(p => p.Metadata.CreationTimestamp).Take(excess))
        {
            await ForceDeleteAsync(pod, null, cancellationToken);
        }
    }

    private async Task CollectOrphanedAsync(IReadOnlyList<V1Pod> pods, DateTime now, CancellationToken cancellationToken)
    {
        var known = _context.Nodes.Cache.List().Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var missing = pods.Select(p => p.Spec?.NodeName).OfType<string>().Where(n => n.Length > 0 && !known.Contains(n)).ToHashSet(StringComparer.Ordinal);
        foreach (var back in _missingSince.Keys.Where(n => !missing.Contains(n)).ToList())
        {
            _missingSince.Remove(back);
        }

        foreach (var node in missing)
        {
            var since = _missingSince.TryGetValue(node, out var first) ? first : _missingSince[node] = now;
            if (now - since < _options.PodGcQuarantine || await NodeExistsAsync(node, cancellationToken))
            {
                continue;
            }

            foreach (var pod in pods.Where(p => p.Spec?.NodeName == node))
            {
                LogOrphan(_logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, node);
                await ForceDeleteAsync(pod, "PodGC: node no longer exists", cancellationToken);
            }
        }
    }

    private async Task<bool> NodeExistsAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Client.CoreV1.ReadNodeAsync(node, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task ForceDeleteAsync(V1Pod pod, string? failMessage, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        try
        {
            if (failMessage is not null && pod.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                var patch = StatusPatches.PodCondition("DisruptionTarget", "True", _context.Time.GetUtcNow().UtcDateTime, "DeletionByPodGC", failMessage, phase: "Failed");
                await _context.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: cancellationToken);
            }

            await _context.Client.CoreV1.DeleteNamespacedPodAsync(
                name, ns, new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or a newer pod of that name.
        }
        catch (HttpOperationException e)
        {
            // One pod that cannot be collected must not stop the rest of the pass; the next pass tries again.
            LogDeleteFailed(_logger, ns, name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not collect pod {Namespace}/{Name}: {Reason}")]
    private static partial void LogDeleteFailed(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "deleting pod {Namespace}/{Name}: its node {Node} no longer exists")]
    private static partial void LogOrphan(ILogger logger, string @namespace, string name, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod garbage collection pass failed: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string reason);
}
