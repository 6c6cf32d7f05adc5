using Bosun.Controllers.ReplicaSet;

namespace Bosun.Controllers.Tests.ReplicaSet;

public sealed class SlowStartTests
{
    [Fact]
    public void BatchSizes_Burst500_DoublesFromOne()
    {
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 245], SlowStart.BatchSizes(500, 1));
    }

    [Fact]
    public async Task RunAsync_FailureInABatch_StopsAfterThatBatch()
    {
        var calls = 0;
        var (successes, error) = await SlowStart.RunAsync(100, 1, () =>
        {
            // Calls 1..3 succeed (batches 1 and 2); the 4th call (first of batch 3) fails.
            if (Interlocked.Increment(ref calls) == 4)
            {
                throw new InvalidOperationException("quota");
            }

            return Task.CompletedTask;
        });

        Assert.Equal(7, calls);
        Assert.Equal(6, successes);
        Assert.Equal("quota", error?.Message);
    }
}
