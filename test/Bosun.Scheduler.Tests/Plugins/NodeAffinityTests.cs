using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Plugins.NodeAffinity;
using Bosun.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Plugins;

public sealed class NodeAffinityTests
{
    private static readonly NodeAffinityPlugin Plugin = new();

    private static PodInfo Required(params V1NodeSelectorRequirement[] expressions)
    {
        var pod = Make.Pod("p");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = expressions }] },
            },
        };
        return Make.Info(pod);
    }

    private static NodeInfo NodeWith(params string[] labels) => Make.NodeInfo(Make.Node("n1", labels: Make.Labels(labels)));

    [Fact]
    public void Filter_NodeSelectorMismatch_Unresolvable()
    {
        var pod = Make.Pod("p");
        pod.Spec.NodeSelector = Make.Labels("disk=ssd");

        var status = Plugin.Filter(new CycleState(), Make.Info(pod), NodeWith("disk=hdd"));

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal(["node(s) didn't match Pod's node affinity/selector"], status.Reasons);
        Assert.Null(Plugin.Filter(new CycleState(), Make.Info(pod), NodeWith("disk=ssd")));
    }

    [Theory]
    [InlineData("In", "a,b", "zone=b", true)]
    [InlineData("In", "a", "zone=b", false)]
    [InlineData("NotIn", "a", "zone=b", true)]
    [InlineData("NotIn", "a", "other=x", true)]
    [InlineData("Exists", "", "zone=b", true)]
    [InlineData("DoesNotExist", "", "zone=b", false)]
    public void Filter_Operators_MatchLikeKubernetes(string op, string values, string label, bool fits)
    {
        var key = label.Split('=')[0] == "other" ? "zone" : "zone";
        var pod = Required(new V1NodeSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values.Split(',') });

        Assert.Equal(fits, Plugin.Filter(new CycleState(), pod, NodeWith(label)) is null);
    }

    [Theory]
    [InlineData("Gt", "5", "10", true)]
    [InlineData("Gt", "10", "10", false)]
    [InlineData("Lt", "11", "10", true)]
    [InlineData("Lt", "5", "abc", false)]
    public void Filter_GtLt_CompareIntegers(string op, string value, string nodeValue, bool fits)
    {
        var pod = Required(new V1NodeSelectorRequirement { Key = "cores", OperatorProperty = op, Values = [value] });

        Assert.Equal(fits, Plugin.Filter(new CycleState(), pod, NodeWith("cores=" + nodeValue)) is null);
    }

    [Fact]
    public void Filter_MatchFieldsMetadataName_SelectsNodeByName()
    {
        var pod = Make.Pod("p");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["n2"] }] }],
                },
            },
        };

        Assert.NotNull(Plugin.Filter(new CycleState(), Make.Info(pod), Make.NodeInfo(Make.Node("n1"))));
        Assert.Null(Plugin.Filter(new CycleState(), Make.Info(pod), Make.NodeInfo(Make.Node("n2"))));
    }

    [Fact]
    public void Filter_EmptyTerm_MatchesNoNode()
    {
        Assert.NotNull(Plugin.Filter(new CycleState(), Required(), NodeWith("a=b")));
    }

    [Fact]
    public void Score_Preferred_WeightsNormalizedToHundred()
    {
        var pod = Make.Pod("p");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PreferredSchedulingTerm { Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = ["a"] }] }, Weight = 80 },
                    new V1PreferredSchedulingTerm { Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "ssd", OperatorProperty = "Exists" }] }, Weight = 20 },
                ],
            },
        };
        var info = Make.Info(pod);
        NodeInfo[] nodes = [NodeWith("zone=a", "ssd=1"), NodeWith("zone=a"), NodeWith("zone=b")];
        var state = new CycleState();

        Assert.True(Plugin.PreScore(state, info, Make.Snapshot(nodes), nodes));
        var scores = nodes.Select(n => Plugin.Score(state, info, n)).ToArray();
        Plugin.Normalize(state, info, nodes, scores);

        Assert.Equal([100, 80, 0], scores);
    }
}
