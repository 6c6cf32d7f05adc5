using Microsoft.Extensions.Logging;

namespace Bosun.Client.WorkQueues;

/// <summary>
/// Runs a controller's workers over its queue: each takes a key, syncs it, forgets its backoff on success and
/// re-adds it rate-limited on failure (the level-triggered loop every controller shares).
/// </summary>
public static partial class WorkQueueRunner
{
    /// <summary>
    /// Runs <paramref name="workers"/> workers until <paramref name="cancellationToken"/> ends, then shuts the queue down.
    /// </summary>
    public static async Task RunAsync<TKey>(
        WorkQueue<TKey> queue, int workers, Func<TKey, CancellationToken, Task> sync, ILogger logger, string controller, CancellationToken cancellationToken)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(queue);
        using var stop = cancellationToken.Register(queue.ShutDown);
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(queue, sync, logger, controller, cancellationToken), CancellationToken.None));
        await Task.WhenAll(tasks);
    }

    private static async Task WorkAsync<TKey>(WorkQueue<TKey> queue, Func<TKey, CancellationToken, Task> sync, ILogger logger, string controller, CancellationToken cancellationToken)
        where TKey : notnull
    {
        while (true)
        {
            var (ok, key) = await queue.GetAsync(CancellationToken.None);
            if (!ok)
            {
                return;
            }

            try
            {
                await sync(key, cancellationToken);
                queue.Forget(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var retries = queue.NumRequeues(key);
                LogSyncFailed(logger, controller, key, retries, e.Message);
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Controller}: sync of {Key} failed (retry {Retries}): {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, string controller, object key, int retries, string reason);
}
