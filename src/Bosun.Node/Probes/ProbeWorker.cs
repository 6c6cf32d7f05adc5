using Bosun.Node.Pods;
using k8s.Models;

namespace Bosun.Node.Probes;

/// <summary>
/// Runs one probe of one container attempt as the kubelet's prober worker: waits initialDelaySeconds from the
/// container's start, then probes every periodSeconds with timeoutSeconds, and turns runs of results into a
/// verdict with successThreshold/failureThreshold. Liveness and readiness wait until the startup probe passed.
/// </summary>
public sealed class ProbeWorker
{
    private readonly V1Probe _probe;
    private readonly V1Container _container;
    private readonly LifecycleHandlers _handlers;
    private readonly Func<bool> _started;
    private readonly Func<ProbeKind, bool?, string?, Task> _report;

    public ProbeWorker(ProbeKind kind, V1Probe probe, V1Container container, string containerId, string podIp, DateTime containerStarted,
        LifecycleHandlers handlers, Func<bool> started, Func<ProbeKind, bool?, string?, Task> report)
    {
        Kind = kind;
        _probe = probe;
        _container = container;
        ContainerId = containerId;
        PodIp = podIp;
        ContainerStarted = containerStarted;
        _handlers = handlers;
        _started = started;
        _report = report;
    }

    public ProbeKind Kind { get; }

    public string ContainerId { get; }

    public string PodIp { get; }

    public DateTime ContainerStarted { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, _probe.PeriodSeconds ?? 10));
        var timeout = TimeSpan.FromSeconds(Math.Max(1, _probe.TimeoutSeconds ?? 1));
        var successThreshold = Math.Max(1, _probe.SuccessThreshold ?? 1);
        var failureThreshold = Math.Max(1, _probe.FailureThreshold ?? 3);
        var firstProbe = ContainerStarted + TimeSpan.FromSeconds(Math.Max(0, _probe.InitialDelaySeconds ?? 0));
        var wait = firstProbe - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        bool? verdict = null;
        var successes = 0;
        var failures = 0;
        using var timer = new PeriodicTimer(period);
        do
        {
            if (Kind != ProbeKind.Startup && !_started())
            {
                continue;
            }

            var result = await ProbeOnceAsync(timeout, cancellationToken).ConfigureAwait(false);
            if (result.Success)
            {
                failures = 0;
                successes++;
                if (verdict != true && successes >= successThreshold)
                {
                    verdict = true;
                    await _report(Kind, true, null).ConfigureAwait(false);
                    if (Kind == ProbeKind.Startup)
                    {
                        return;
                    }
                }
            }
            else
            {
                successes = 0;
                failures++;
                // Every failed probe is an Unhealthy event; the verdict flips only after failureThreshold in a row.
                await _report(Kind, null, result.Message).ConfigureAwait(false);
                if (verdict != false && failures >= failureThreshold)
                {
                    verdict = false;
                    await _report(Kind, false, result.Message).ConfigureAwait(false);
                    if (Kind != ProbeKind.Readiness)
                    {
                        // The container is being killed; its next attempt gets new workers.
                        return;
                    }
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<HandlerResult> ProbeOnceAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (_probe.Exec is { } exec)
            {
                return await _handlers.ExecAsync(ContainerId, exec.Command ?? [], timeout, cancellationToken).ConfigureAwait(false);
            }

            if (_probe.HttpGet is { } http)
            {
                return await LifecycleHandlers.HttpGetAsync(http, PodIp, _container, timeout, cancellationToken).ConfigureAwait(false);
            }

            if (_probe.TcpSocket is { } tcp)
            {
                return await LifecycleHandlers.TcpAsync(tcp, PodIp, _container, timeout, cancellationToken).ConfigureAwait(false);
            }

            return new HandlerResult(true, "");
        }
        catch (ContainerConfigException e)
        {
            return new HandlerResult(false, e.Message);
        }
    }
}
