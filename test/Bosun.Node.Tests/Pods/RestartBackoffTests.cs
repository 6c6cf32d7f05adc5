using Bosun.Node.Pods;

namespace Bosun.Node.Tests.Pods;

public class RestartBackoffTests
{
    private static readonly DateTime Start = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void FirstFailure_RetriedAtOnce_ThenWindowDoublesToFiveMinutes()
    {
        var backoff = new RestartBackoff();
        Assert.Null(backoff.BlockedUntil("k", Start));

        backoff.Next("k", Start);
        Assert.Equal(Start.AddSeconds(10), backoff.BlockedUntil("k", Start.AddSeconds(1)));

        var windows = new List<double>();
        var now = Start;
        for (var i = 0; i < 8; i++)
        {
            now = backoff.BlockedUntil("k", now) ?? now;
            backoff.Next("k", now);
            windows.Add(backoff.Window("k").TotalSeconds);
        }

        Assert.Equal([20, 40, 80, 160, 300, 300, 300, 300], windows);
    }

    [Fact]
    public void QuietForTenMinutes_StartsOverAtTenSeconds()
    {
        var backoff = new RestartBackoff();
        backoff.Next("k", Start);
        backoff.Next("k", Start.AddSeconds(10));
        Assert.Equal(20, backoff.Window("k").TotalSeconds);

        Assert.Null(backoff.BlockedUntil("k", Start.AddMinutes(11)));
        backoff.Next("k", Start.AddMinutes(11));

        Assert.Equal(10, backoff.Window("k").TotalSeconds);
    }

    [Fact]
    public void Forget_RemovesOnePodsEntries()
    {
        var backoff = new RestartBackoff();
        backoff.Next("uid1/app", Start);
        backoff.Next("uid2/app", Start);

        backoff.Forget("uid1/");

        Assert.Null(backoff.BlockedUntil("uid1/app", Start.AddSeconds(1)));
        Assert.NotNull(backoff.BlockedUntil("uid2/app", Start.AddSeconds(1)));
    }

    [Theory]
    [InlineData("Always", 0, true)]
    [InlineData("Always", 1, true)]
    [InlineData("OnFailure", 0, false)]
    [InlineData("OnFailure", 1, true)]
    [InlineData("Never", 1, false)]
    [InlineData(null, 0, true)]
    public void ShouldRestart_FollowsRestartPolicy(string? policy, int exitCode, bool expected) =>
        Assert.Equal(expected, PodSync.ShouldRestart(policy, exitCode));
}
