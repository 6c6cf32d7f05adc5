using System.Text.Json.Nodes;
using Bosun.Client.Models;

namespace Bosun.Client.Tests.Models;

public class StatusPatchesTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 5, 700, DateTimeKind.Utc);

    [Fact]
    public void PodCondition_WithReasonAndPhase_IsOneConditionMergedByType()
    {
        var patch = JsonNode.Parse(StatusPatches.PodCondition("DisruptionTarget", "True", Now, "DeletionByPodGC", "gone", phase: "Failed"))!["status"]!;

        Assert.Equal("Failed", (string?)patch["phase"]);
        var condition = Assert.Single(patch["conditions"]!.AsArray())!;
        Assert.Equal(("DisruptionTarget", "True", "DeletionByPodGC", "gone"), ((string?)condition["type"], (string?)condition["status"], (string?)condition["reason"], (string?)condition["message"]));
        Assert.Equal("2026-11-28T12:00:05Z", (string?)condition["lastTransitionTime"]);
    }

    [Fact]
    public void PodCondition_Bare_CarriesNoReasonMessageOrPhase()
    {
        var patch = JsonNode.Parse(StatusPatches.PodCondition("Ready", "False", Now))!["status"]!.AsObject();
        Assert.False(patch.ContainsKey("phase"));
        Assert.Equal(["type", "status", "lastTransitionTime"], patch["conditions"]![0]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, "", true)]
    [InlineData("a=1", "a=1", true)]
    [InlineData("a=1", "a=2", false)]
    [InlineData("a=1", null, false)]
    [InlineData("a=1", "b=1", false)]
    public void LabelSets_Equal_TreatsMissingAsEmpty(string? a, string? b, bool equal) =>
        Assert.Equal(equal, LabelSets.Equal(Map(a), Map(b)));

    private static Dictionary<string, string>? Map(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
}
