using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Plugins.PodTopologySpread;
using Bosun.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Plugins;

public sealed class PodTopologySpreadTests
{
    private static readonly PodTopologySpreadPlugin Plugin = new();

    private static PodInfo Spread(string when, int maxSkew = 1, string key = "zone", int? minDomains = null)
    {
        var pod = Make.Pod("new", labels: Make.Labels("app=web"));
        pod.Spec.TopologySpreadConstraints =
        [
            new V1TopologySpreadConstraint
            {
                MaxSkew = maxSkew,
                TopologyKey = key,
                WhenUnsatisfiable = when,
                LabelSelector = new V1LabelSelector { MatchLabels = Make.Labels("app=web") },
                MinDomains = minDomains,
            },
        ];
        return Make.Info(pod);
    }

    private static V1Pod Web(string name) => Make.Pod(name, labels: Make.Labels("app=web"));

    [Fact]
    public void Filter_ZoneAlreadyAhead_RejectedWithSkewReason()
    {
        var a = Make.NodeInfo(Make.Node("a", labels: Make.Labels("zone=z1")), Web("w1"));
        var b = Make.NodeInfo(Make.Node("b", labels: Make.Labels("zone=z2")));
        var pod = Spread("DoNotSchedule");
        var state = new CycleState();
        Plugin.PreFilter(state, pod, Make.Snapshot(a, b));

        Assert.Equal(["node(s) didn't match pod topology spread constraints"], Plugin.Filter(state, pod, a)!.Reasons);
        Assert.Null(Plugin.Filter(state, pod, b));
    }

    [Fact]
    public void Filter_NodeWithoutKey_MissingRequiredLabel()
    {
        var a = Make.NodeInfo(Make.Node("a"));
        var pod = Spread("DoNotSchedule");
        var state = new CycleState();
        Plugin.PreFilter(state, pod, Make.Snapshot(a));

        var status = Plugin.Filter(state, pod, a);

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints (missing required label)"], status.Reasons);
    }

    [Fact]
    public void Filter_FewerDomainsThanMinDomains_MinCountsAsZero()
    {
        // One zone with one pod: skew = 1 + 1 - 0 = 2 > 1 because a second domain is required.
        var a = Make.NodeInfo(Make.Node("a", labels: Make.Labels("zone=z1")), Web("w1"));
        var pod = Spread("DoNotSchedule", minDomains: 2);
        var state = new CycleState();
        Plugin.PreFilter(state, pod, Make.Snapshot(a));

        Assert.NotNull(Plugin.Filter(state, pod, a));
    }

    [Fact]
    public void Score_ScheduleAnyway_EmptierDomainScoresHigher()
    {
        var a = Make.NodeInfo(Make.Node("a", labels: Make.Labels("zone=z1")), Web("w1"), Web("w2"));
        var b = Make.NodeInfo(Make.Node("b", labels: Make.Labels("zone=z2")));
        var pod = Spread("ScheduleAnyway");
        NodeInfo[] nodes = [a, b];
        var state = new CycleState();

        Assert.True(Plugin.PreScore(state, pod, Make.Snapshot(nodes), nodes));
        var scores = nodes.Select(n => Plugin.Score(state, pod, n)).ToArray();
        Plugin.Normalize(state, pod, nodes, scores);

        Assert.True(scores[1] > scores[0]);
        Assert.Equal(100, scores[1]);
    }

    [Fact]
    public void Score_SystemDefaults_SpreadPodsSelectedByAService()
    {
        var a = Make.NodeInfo(Make.Node("a"), Web("w1"));
        var b = Make.NodeInfo(Make.Node("b"));
        var pod = Make.Info(Web("new"));
        NodeInfo[] nodes = [a, b];
        var snapshot = Snapshot.Of(nodes, new SelectedBy(LabelMatcher.FromSet(Make.Labels("app=web"))));
        var state = new CycleState();

        Assert.True(Plugin.PreScore(state, pod, snapshot, nodes));
        var scores = nodes.Select(n => Plugin.Score(state, pod, n)).ToArray();
        Plugin.Normalize(state, pod, nodes, scores);

        Assert.True(scores[1] > scores[0]);
    }

    [Fact]
    public void PreScore_NothingSelectsPod_Skipped()
    {
        NodeInfo[] nodes = [Make.NodeInfo(Make.Node("a"))];

        Assert.False(Plugin.PreScore(new CycleState(), Make.Info(Web("new")), Make.Snapshot(nodes), nodes));
    }

    private sealed class SelectedBy(LabelMatcher selector) : IClusterObjects
    {
        public IDictionary<string, string>? LabelsOf(string @namespace) => null;

        public LabelMatcher DefaultSpreadSelector(PodInfo pod) => selector;
    }
}
