using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Client.LeaderElection;

/// <summary>
/// Runs a component (the controller manager, the scheduler) only while it holds its Lease: campaigns in the
/// background, runs <c>lead</c> for each term won, campaigns again when a term ends (lease lost, or the term
/// failed — after a second), and gives the lease up on <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class LeaderElectedRunner : IAsyncDisposable
{
    private readonly LeaderElector _elector;
    private readonly Func<CancellationToken, Task> _lead;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private int _disposed;

    public LeaderElectedRunner(IKubernetes client, LeaderElectionOptions options, Func<CancellationToken, Task> lead, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _lead = lead ?? throw new ArgumentNullException(nameof(lead));
        var factory = loggers ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<LeaderElectedRunner>();
        _time = time ?? TimeProvider.System;
        _elector = new LeaderElector(client, options, factory.CreateLogger<LeaderElector>(), _time);
        Lease = $"{options.Namespace}/{options.Name}";
    }

    /// <summary>The lease campaigned for, "namespace/name".</summary>
    public string Lease { get; }

    /// <summary>True while this instance holds the lease.</summary>
    public bool IsLeader => _elector.IsLeader;

    /// <summary>Starts campaigning in the background.</summary>
    public void Start() => _run ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Ends the current term (if any) and gives the lease up.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _elector.RunAsync(_lead, null, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogTermFailed(_logger, Lease, e);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "leader election term on {Lease} failed")]
    private static partial void LogTermFailed(ILogger logger, string lease, Exception exception);
}
