using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bosun.Storage;

/// <summary>
/// Compacts the store periodically as kube-apiserver does: at every tick it compacts to the revision it
/// observed at the previous tick, then remembers the current revision for the next one.
/// </summary>
internal sealed partial class StoreCompactor : BackgroundService
{
    private readonly IStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StoreCompactor> _logger;
    private readonly TimeSpan _interval;

    public StoreCompactor(IStore store, IOptions<StoreCompactorOptions> options, TimeProvider timeProvider, ILogger<StoreCompactor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
        _interval = options.Value.Interval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_interval <= TimeSpan.Zero)
        {
            LogDisabled(_logger);
            return;
        }

        using var timer = new PeriodicTimer(_interval, _timeProvider);
        long observed = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (observed > 0)
                    {
                        await _store.CompactAsync(observed, stoppingToken);
                        LogCompacted(_logger, observed);
                    }

                    observed = await _store.GetRevisionAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Try again next tick; the revision to compact to stays what it was.
                    LogFailed(_logger, observed, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store compaction is disabled")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Compacted the store to revision {Revision}")]
    private static partial void LogCompacted(ILogger logger, long revision);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Compacting the store to revision {Revision} failed")]
    private static partial void LogFailed(ILogger logger, long revision, Exception exception);
}
