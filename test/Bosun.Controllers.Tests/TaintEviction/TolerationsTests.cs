using Bosun.Controllers.TaintEviction;
using k8s.Models;

namespace Bosun.Controllers.Tests.TaintEviction;

public class TolerationsTests
{
    private static readonly V1Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" };
    private static readonly V1Taint Dedicated = new() { Key = "dedicated", Value = "db", Effect = "NoExecute" };

    [Fact]
    public void EvictAfter_NoMatchingToleration_IsImmediate() =>
        Assert.Equal(TimeSpan.Zero, Tolerations.EvictAfter([Unreachable, Dedicated], [Toleration("node.kubernetes.io/unreachable", seconds: 300)]));

    [Fact]
    public void EvictAfter_DefaultTolerations_AreTheShortestSeconds() =>
        Assert.Equal(
            TimeSpan.FromSeconds(30),
            Tolerations.EvictAfter([Unreachable, Dedicated], [Toleration("node.kubernetes.io/unreachable", seconds: 300), Toleration("dedicated", "db", "Equal", 30)]));

    [Fact]
    public void EvictAfter_ForeverToleration_NeverEvicts() =>
        Assert.Null(Tolerations.EvictAfter([Unreachable], [new V1Toleration { OperatorProperty = "Exists" }]));

    [Fact]
    public void EvictAfter_ForeverBesideTimedTolerationOfTheSameTaint_IsForever() =>
        Assert.Null(Tolerations.EvictAfter([Unreachable], [Toleration("node.kubernetes.io/unreachable", seconds: 5), Toleration("node.kubernetes.io/unreachable")]));

    [Theory]
    [InlineData("dedicated", "db", "Equal", "NoExecute", true)]
    [InlineData("dedicated", "web", "Equal", "NoExecute", false)]
    [InlineData("dedicated", null, "Exists", "", true)]
    [InlineData("dedicated", "db", "Equal", "NoSchedule", false)]
    [InlineData("other", null, "Exists", "NoExecute", false)]
    public void Tolerates_KeyValueOperatorEffect_AsKubernetes(string key, string? value, string op, string effect, bool expected) =>
        Assert.Equal(expected, Tolerations.Tolerates(new V1Toleration { Key = key, Value = value, OperatorProperty = op, Effect = effect }, Dedicated));

    private static V1Toleration Toleration(string key, string? value = null, string op = "Exists", long? seconds = null) =>
        new() { Key = key, Value = value, OperatorProperty = op, Effect = "NoExecute", TolerationSeconds = seconds };
}
