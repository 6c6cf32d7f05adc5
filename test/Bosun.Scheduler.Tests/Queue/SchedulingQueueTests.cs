using Bosun.Scheduler.Queue;
using Bosun.Scheduler.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Scheduler.Tests.Queue;

public sealed class SchedulingQueueTests
{
    private static readonly HashSet<string> ByFit = ["NodeResourcesFit"];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<QueuedPod> PopAsync(SchedulingQueue queue)
    {
        var popped = queue.PopAsync(CancellationToken.None);
        Assert.True(popped.IsCompleted, "the active queue should have had a pod");
        return (await popped)!;
    }

    [Fact]
    public async Task Pop_HigherPriorityFirst_ThenOlder()
    {
        var queue = new SchedulingQueue(_time);
        var old = Make.Pod("old", priority: 1);
        old.Metadata.CreationTimestamp = DateTime.UtcNow.AddMinutes(-1);
        queue.Add(Make.Info(Make.Pod("young", priority: 1)));
        queue.Add(Make.Info(old));
        queue.Add(Make.Info(Make.Pod("high", priority: 100)));

        Assert.Equal("high", (await PopAsync(queue)).Info.Name);
        Assert.Equal("old", (await PopAsync(queue)).Info.Name);
        Assert.Equal("young", (await PopAsync(queue)).Info.Name);
    }

    [Fact]
    public async Task Pop_Empty_WaitsUntilAdd()
    {
        var queue = new SchedulingQueue(_time);
        var pop = queue.PopAsync(CancellationToken.None);
        Assert.False(pop.IsCompleted);

        queue.Add(Make.Info(Make.Pod("p")));

        Assert.Equal("p", (await pop.WaitAsync(TimeSpan.FromSeconds(10)))!.Info.Name);
    }

    [Fact]
    public void BackoffFor_DoublesFromOneSecondToTen()
    {
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(a => (int)SchedulingQueue.BackoffFor(a).TotalSeconds));
    }

    [Fact]
    public async Task Requeue_Unschedulable_StaysUntilRelevantEvent()
    {
        var queue = new SchedulingQueue(_time);
        queue.Add(Make.Info(Make.Pod("p")));
        var popped = await PopAsync(queue);
        queue.Requeue(popped, unschedulable: true, ByFit);
        Assert.Equal(1, queue.UnschedulableCount);

        _time.Advance(TimeSpan.FromMinutes(1));
        queue.Flush();
        Assert.Equal(1, queue.UnschedulableCount);

        Assert.Equal(0, queue.MoveAll(new ClusterEvent("NodeUpdate", new HashSet<string> { "TaintToleration" })));
        Assert.Equal(1, queue.MoveAll(new ClusterEvent("AssignedPodDelete", new HashSet<string> { "NodeResourcesFit" })));
        Assert.Equal(0, queue.UnschedulableCount);
        // The one-second backoff of the first attempt is over: straight to active.
        Assert.Equal(1, queue.ActiveCount);
    }

    [Fact]
    public async Task MoveAll_DuringBackoff_GoesToBackoffThenActiveAfterFlush()
    {
        var queue = new SchedulingQueue(_time);
        queue.Add(Make.Info(Make.Pod("p")));
        for (var i = 0; i < 3; i++)
        {
            var popped = await PopAsync(queue);
            queue.Requeue(popped, unschedulable: true, ByFit);
            queue.MoveAll(new ClusterEvent("NodeAdd", null));
            Assert.Equal(1, queue.BackoffCount);
            _time.Advance(SchedulingQueue.BackoffFor(i + 1));
            queue.Flush();
            Assert.Equal(1, queue.ActiveCount);
        }
    }

    [Fact]
    public async Task Flush_AfterFiveMinutes_UnschedulablePodIsRetried()
    {
        var queue = new SchedulingQueue(_time);
        queue.Add(Make.Info(Make.Pod("p")));
        queue.Requeue(await PopAsync(queue), unschedulable: true, ByFit);

        _time.Advance(TimeSpan.FromMinutes(5));
        queue.Flush();

        Assert.Equal(0, queue.UnschedulableCount);
        Assert.Equal(1, queue.ActiveCount);
    }

    [Fact]
    public async Task Requeue_ClusterChangedWhileInFlight_GoesToBackoffNotUnschedulable()
    {
        var queue = new SchedulingQueue(_time);
        queue.Add(Make.Info(Make.Pod("p")));
        var popped = await PopAsync(queue);

        queue.MoveAll(new ClusterEvent("NodeAdd", null));
        queue.Requeue(popped, unschedulable: true, ByFit);

        Assert.Equal(0, queue.UnschedulableCount);
        Assert.Equal(1, queue.BackoffCount);
    }

    [Fact]
    public async Task Delete_InFlight_RequeueIgnored()
    {
        var queue = new SchedulingQueue(_time);
        var pod = Make.Info(Make.Pod("p"));
        queue.Add(pod);
        var popped = await PopAsync(queue);

        queue.Delete(pod.Key);
        queue.Requeue(popped, unschedulable: true, ByFit);

        Assert.False(queue.Contains(pod.Key));
        Assert.Equal(0, queue.UnschedulableCount);
    }

    [Fact]
    public async Task Add_UpdatedSpecWhileUnschedulable_RetriedAfterBackoff()
    {
        var queue = new SchedulingQueue(_time);
        var pod = Make.Pod("p");
        queue.Add(Make.Info(pod));
        queue.Requeue(await PopAsync(queue), unschedulable: true, ByFit);
        var updated = Make.Pod("p");
        updated.Metadata.Uid = pod.Metadata.Uid;
        updated.Spec.Tolerations = [new k8s.Models.V1Toleration { OperatorProperty = "Exists" }];

        queue.Add(Make.Info(updated));

        Assert.Equal(0, queue.UnschedulableCount);
        Assert.Equal(1, queue.BackoffCount + queue.ActiveCount);
    }
}
