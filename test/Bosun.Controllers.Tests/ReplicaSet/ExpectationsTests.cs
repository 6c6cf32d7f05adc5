using Bosun.Controllers.ReplicaSet;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Controllers.Tests.ReplicaSet;

public sealed class ExpectationsTests
{
    [Fact]
    public void Satisfied_UnknownKey_True()
    {
        Assert.True(new Expectations(new FakeTimeProvider()).Satisfied("ns/rs"));
    }

    [Fact]
    public void ExpectCreations_SatisfiedOnlyWhenAllObserved()
    {
        var expectations = new Expectations(new FakeTimeProvider());
        expectations.ExpectCreations("ns/rs", 2);

        expectations.CreationObserved("ns/rs");
        Assert.False(expectations.Satisfied("ns/rs"));
        expectations.CreationObserved("ns/rs");
        Assert.True(expectations.Satisfied("ns/rs"));
    }

    [Fact]
    public void ExpectDeletions_SamePodObservedTwice_CountsOnce()
    {
        var expectations = new Expectations(new FakeTimeProvider());
        expectations.ExpectDeletions("ns/rs", ["ns/a", "ns/b"]);

        // Graceful delete start then the delete itself: the same pod reported twice.
        expectations.DeletionObserved("ns/rs", "ns/a");
        expectations.DeletionObserved("ns/rs", "ns/a");
        Assert.False(expectations.Satisfied("ns/rs"));
        expectations.DeletionObserved("ns/rs", "ns/b");
        Assert.True(expectations.Satisfied("ns/rs"));
    }

    [Fact]
    public void Satisfied_AfterFiveMinutes_TrueEvenIfEventsWereMissed()
    {
        var time = new FakeTimeProvider();
        var expectations = new Expectations(time);
        expectations.ExpectCreations("ns/rs", 3);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(expectations.Satisfied("ns/rs"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(expectations.Satisfied("ns/rs"));
    }
}
