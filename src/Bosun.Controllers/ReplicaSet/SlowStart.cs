namespace Bosun.Controllers.ReplicaSet;

/// <summary>
/// Upstream's slowStartBatch: runs an action <c>count</c> times in concurrent batches of 1, 2, 4, ... and stops at the
/// first batch with a failure, so a template that cannot be created (quota, forbidden, invalid) costs a few calls
/// instead of hundreds.
/// </summary>
internal static class SlowStart
{
    /// <summary>The batch sizes for <paramref name="count"/> calls when every call succeeds.</summary>
    public static IEnumerable<int> BatchSizes(int count, int initialBatchSize)
    {
        var remaining = count;
        for (var batch = Math.Min(remaining, initialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            yield return batch;
            remaining -= batch;
        }
    }

    /// <summary>Runs <paramref name="action"/> batch by batch; returns how many succeeded and the first failure, if any.</summary>
    public static async Task<(int Successes, Exception? Error)> RunAsync(int count, int initialBatchSize, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var successes = 0;
        foreach (var batch in BatchSizes(count, initialBatchSize))
        {
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => RunOneAsync(action)));
            var failures = results.Where(e => e is not null).ToList();
            successes += batch - failures.Count;
            if (failures.Count > 0)
            {
                return (successes, failures[0]);
            }
        }

        return (successes, null);
    }

    private static async Task<Exception?> RunOneAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
    }
}
