using Bosun.Controllers.TaintEviction;
using k8s.Models;

namespace Bosun.Controllers.Tests.TaintEviction;

public class EvictionDelayTests
{
    private static readonly V1Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" };
    private static readonly V1Taint Dedicated = new() { Key = "dedicated", Value = "db", Effect = "NoExecute" };

    [Fact]
    public void EvictAfter_NoMatchingToleration_IsImmediate() =>
        Assert.Equal(TimeSpan.Zero, EvictionDelay.EvictAfter([Unreachable, Dedicated], [Toleration("node.kubernetes.io/unreachable", seconds: 300)]));

    [Fact]
    public void EvictAfter_DefaultTolerations_AreTheShortestSeconds() =>
        Assert.Equal(
            TimeSpan.FromSeconds(30),
            EvictionDelay.EvictAfter([Unreachable, Dedicated], [Toleration("node.kubernetes.io/unreachable", seconds: 300), Toleration("dedicated", "db", "Equal", 30)]));

    [Fact]
    public void EvictAfter_ForeverToleration_NeverEvicts() =>
        Assert.Null(EvictionDelay.EvictAfter([Unreachable], [new V1Toleration { OperatorProperty = "Exists" }]));

    [Fact]
    public void EvictAfter_ForeverBesideTimedTolerationOfTheSameTaint_IsForever() =>
        Assert.Null(EvictionDelay.EvictAfter([Unreachable], [Toleration("node.kubernetes.io/unreachable", seconds: 5), Toleration("node.kubernetes.io/unreachable")]));

    private static V1Toleration Toleration(string key, string? value = null, string op = "Exists", long? seconds = null) =>
        new() { Key = key, Value = value, OperatorProperty = op, Effect = "NoExecute", TolerationSeconds = seconds };
}
