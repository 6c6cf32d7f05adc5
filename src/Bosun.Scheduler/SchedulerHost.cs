using Bosun.Client.LeaderElection;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Scheduler;

/// <summary>
/// kube-scheduler's role: assigns pending pods (spec.schedulerName "default-scheduler" or empty) to nodes through
/// the API, while holding the Lease kube-system/kube-scheduler so that of several servers only one schedules. A
/// term ends when the lease is lost (the scheduler stops, its caches are dropped, and it campaigns again) or on
/// <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class SchedulerHost : IAsyncDisposable
{
    private readonly Kubernetes _client;
    private readonly SchedulerOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LeaderElectedRunner _runner;

    public SchedulerHost(Kubernetes client, SchedulerOptions? options = null, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? new SchedulerOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<SchedulerHost>();
        _time = time ?? TimeProvider.System;
        var election = new LeaderElectionOptions("kube-system", "kube-scheduler", _options.Identity);
        _runner = new LeaderElectedRunner(client, _options.LeaderElection?.Invoke(election) ?? election, LeadAsync, _loggers, _time);
    }

    /// <summary>The identity written in the lease.</summary>
    public string Identity => _options.Identity;

    /// <summary>True while this instance holds the lease and schedules.</summary>
    public bool IsLeader => _runner.IsLeader;

    /// <summary>Starts campaigning in the background.</summary>
    public void Start() => _runner.Start();

    /// <summary>Stops scheduling and gives the lease up.</summary>
    public ValueTask DisposeAsync() => _runner.DisposeAsync();

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        LogStarting(_logger, _options.Identity);
        // A fresh scheduler per term: a new leader must not trust caches from before it lost the lease.
        using var scheduler = new Scheduler(_client, _options, _loggers, _time);
        await scheduler.RunAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduler {Identity} starting")]
    private static partial void LogStarting(ILogger logger, string identity);
}
