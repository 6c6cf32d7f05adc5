using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Client.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does: every retry period the
/// candidate reads the lease and takes it if it is free or if its record has not changed for leaseDuration by the
/// candidate's own clock (so clock skew between machines does not matter); the write carries the read
/// resourceVersion, so of two candidates only one wins. The leader renews every retry period and stops leading
/// when it could not renew within the renew deadline.
/// </summary>
public sealed partial class LeaderElector
{
    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private string _observedResourceVersion = "";
    private DateTimeOffset _observedTime;

    public LeaderElector(IKubernetes client, LeaderElectionOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>True while this candidate holds the lease.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>
    /// Campaigns until elected, runs <paramref name="onStartedLeading"/> with a token cancelled when leadership is lost
    /// or <paramref name="cancellationToken"/> ends, then calls <paramref name="onStoppedLeading"/> once that work has
    /// returned. Returns after leading once (or when cancelled before being elected); callers loop to campaign again.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, Action? onStoppedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        try
        {
            while (true)
            {
                try
                {
                    if (await TryAcquireOrRenewAsync(cancellationToken))
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or HttpOperationException)
                {
                    // The server is unreachable or refused: campaign again at the next period.
                    LogRenewFailed(_logger, _options.Identity, e.Message);
                }

                await Task.Delay(Jitter(_options.RetryPeriod), _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        IsLeader = true;
        LogStartedLeading(_logger, _options.Identity, _options.Namespace, _options.Name);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        try
        {
            await RenewUntilLostAsync(work, cancellationToken);
        }
        finally
        {
            await leading.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException)
            {
                // The work ends by cancellation.
            }

            IsLeader = false;
            LogStoppedLeading(_logger, _options.Identity);
            if (cancellationToken.IsCancellationRequested && _options.ReleaseOnCancel)
            {
                await ReleaseAsync();
            }

            onStoppedLeading?.Invoke();
        }
    }

    private async Task RenewUntilLostAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenew = _time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                // One slow call must not keep a leader past its deadline.
                attempt.CancelAfter(_options.RenewDeadline);
                if (await TryAcquireOrRenewAsync(attempt.Token))
                {
                    lastRenew = _time.GetUtcNow();
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException or OperationCanceledException)
            {
                LogRenewFailed(_logger, _options.Identity, e.Message);
            }

            if (_time.GetUtcNow() - lastRenew > _options.RenewDeadline)
            {
                LogLost(_logger, _options.Identity);
                return;
            }
        }
    }

    /// <summary>One attempt: creates the lease, renews it, or takes over an expired one. False when another holds it.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        V1Lease lease;
        try
        {
            lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.Name, _options.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            var created = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = _options.Name, NamespaceProperty = _options.Namespace },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = _options.Identity,
                    LeaseDurationSeconds = (int)_options.LeaseDuration.TotalSeconds,
                    AcquireTime = now.UtcDateTime,
                    RenewTime = now.UtcDateTime,
                    LeaseTransitions = 0,
                },
            };
            return await WriteAsync(() => _client.CoordinationV1.CreateNamespacedLeaseAsync(created, _options.Namespace, cancellationToken: cancellationToken), now);
        }

        if (lease.Metadata.ResourceVersion != _observedResourceVersion)
        {
            _observedResourceVersion = lease.Metadata.ResourceVersion;
            _observedTime = now;
        }

        var spec = lease.Spec ?? new V1LeaseSpec();
        var holder = spec.HolderIdentity;
        var duration = spec.LeaseDurationSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : _options.LeaseDuration;
        if (!string.IsNullOrEmpty(holder) && holder != _options.Identity && _observedTime + duration > now)
        {
            return false;
        }

        if (holder != _options.Identity)
        {
            spec.AcquireTime = now.UtcDateTime;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = _options.Identity;
        spec.LeaseDurationSeconds = (int)_options.LeaseDuration.TotalSeconds;
        spec.RenewTime = now.UtcDateTime;
        lease.Spec = spec;
        // The read resourceVersion travels with the update: a concurrent writer makes it a 409.
        return await WriteAsync(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.Name, _options.Namespace, cancellationToken: cancellationToken), now);
    }

    private async Task<bool> WriteAsync(Func<Task<V1Lease>> write, DateTimeOffset now)
    {
        try
        {
            var written = await write();
            _observedResourceVersion = written.Metadata.ResourceVersion;
            _observedTime = now;
            return true;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RenewDeadline);
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.Name, _options.Namespace, cancellationToken: timeout.Token);
            if (lease.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.Name, _options.Namespace, cancellationToken: timeout.Token);
        }
        catch (Exception e)
        {
            // Best effort: without the release the lease simply expires.
            LogReleaseFailed(_logger, _options.Identity, e.Message);
        }
    }

    private static TimeSpan Jitter(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader on lease {Namespace}/{Name}")]
    private static partial void LogStartedLeading(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not acquire or renew its lease: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string identity, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost its lease (renew deadline passed)")]
    private static partial void LogLost(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} could not release its lease: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string identity, string reason);
}
