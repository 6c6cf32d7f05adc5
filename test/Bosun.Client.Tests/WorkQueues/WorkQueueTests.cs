using Bosun.Client.WorkQueues;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Client.Tests.WorkQueues;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Add_SameKeyTwiceWhileWaiting_IsHeldOnce()
    {
        var queue = new WorkQueue<string>(time: _time);

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.True(queue.TryGet(out var first));
        Assert.True(queue.TryGet(out var second));
        Assert.Equal(["a", "b"], new[] { first, second });
        Assert.False(queue.TryGet(out _));
    }

    [Fact]
    public void Add_KeyBeingProcessed_IsNotHandedOutUntilDone()
    {
        var queue = new WorkQueue<string>(time: _time);
        queue.Add("a");
        Assert.True(queue.TryGet(out var taken));

        queue.Add("a");

        // A second worker must not get "a" while the first still holds it.
        Assert.False(queue.TryGet(out _));
        queue.Done(taken);
        Assert.True(queue.TryGet(out var again));
        Assert.Equal("a", again);
    }

    [Fact]
    public void Done_KeyNotReAdded_IsNotQueuedAgain()
    {
        var queue = new WorkQueue<string>(time: _time);
        queue.Add("a");
        Assert.True(queue.TryGet(out var taken));

        queue.Done(taken);

        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryGet(out _));
    }

    [Fact]
    public void Add_ManyTimesWhileProcessing_QueuedOnceAfterDone()
    {
        var queue = new WorkQueue<string>(time: _time);
        queue.Add("a");
        Assert.True(queue.TryGet(out var taken));

        queue.Add("a");
        queue.Add("a");
        queue.Done(taken);

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddAfter_BeforeDelayPasses_IsNotQueued()
    {
        var queue = new WorkQueue<string>(time: _time);

        queue.AddAfter("a", TimeSpan.FromSeconds(5));

        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddAfter_EarlierDelayForWaitingKey_EarliestWinsAndKeyComesOnce()
    {
        var queue = new WorkQueue<string>(time: _time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, queue.Count);
        Assert.True(queue.TryGet(out var taken));
        queue.Done(taken);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void AddRateLimited_RepeatedFailures_DelayDoublesPerKey()
    {
        var queue = new WorkQueue<string>(new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100)), _time);

        queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(queue.TryGet(out _));
        queue.Done("a");
        queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromSeconds(1.5));

        // The second retry waits 2 s, not 1 s.
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(1, queue.Count);
        Assert.Equal(2, queue.NumRequeues("a"));
    }

    [Fact]
    public void Forget_AfterFailures_ResetsBackoff()
    {
        var queue = new WorkQueue<string>(new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100)), _time);
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        queue.Forget("a");

        Assert.Equal(0, queue.NumRequeues("a"));
        queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task GetAsync_AfterShutDownWithEmptyQueue_ReturnsNotOk()
    {
        var queue = new WorkQueue<string>(time: _time);
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();

        var (ok, _) = await waiting;
        Assert.False(ok);
        queue.Add("late");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task GetAsync_KeyAdded_WakesWaitingWorker()
    {
        var queue = new WorkQueue<string>(time: _time);
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.Add("a");

        var (ok, key) = await waiting;
        Assert.True(ok);
        Assert.Equal("a", key);
    }
}
