using Bosun.Client.Models;
using k8s.Models;

namespace Bosun.Client.Tests.Models;

public class TolerationsTests
{
    private static readonly V1Taint Dedicated = new() { Key = "dedicated", Value = "db", Effect = "NoExecute" };

    [Theory]
    [InlineData("dedicated", "db", "Equal", "NoExecute", true)]
    [InlineData("dedicated", "web", "Equal", "NoExecute", false)]
    [InlineData("dedicated", null, "Exists", "", true)]
    [InlineData("dedicated", "db", "Equal", "NoSchedule", false)]
    [InlineData("other", null, "Exists", "NoExecute", false)]
    public void Tolerates_KeyValueOperatorEffect_AsKubernetes(string key, string? value, string op, string effect, bool expected) =>
        Assert.Equal(expected, Tolerations.Tolerates(new V1Toleration { Key = key, Value = value, OperatorProperty = op, Effect = effect }, Dedicated));

    [Fact]
    public void FirstUntolerated_OnlyTheGivenEffects_AreConsidered()
    {
        var noSchedule = new V1Taint { Key = "gpu", Effect = "NoSchedule" };
        Assert.Same(noSchedule, Tolerations.FirstUntolerated([Dedicated, noSchedule], [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists" }], e => e is "NoSchedule" or "NoExecute"));
        Assert.Null(Tolerations.FirstUntolerated([noSchedule], null, e => e == "NoExecute"));
    }
}
