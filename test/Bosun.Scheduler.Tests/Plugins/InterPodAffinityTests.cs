using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Plugins.InterPodAffinity;
using Bosun.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Plugins;

public sealed class InterPodAffinityTests
{
    private static readonly InterPodAffinityPlugin Plugin = new();

    private static V1PodAffinityTerm Term(string topologyKey, string app, IList<string>? namespaces = null) => new()
    {
        TopologyKey = topologyKey,
        LabelSelector = new V1LabelSelector { MatchLabels = Make.Labels("app=" + app) },
        Namespaces = namespaces,
    };

    private static V1Pod WithAntiAffinity(V1Pod pod, V1PodAffinityTerm term)
    {
        pod.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] } };
        return pod;
    }

    private static V1Pod WithAffinity(V1Pod pod, V1PodAffinityTerm term)
    {
        pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] } };
        return pod;
    }

    private static NodeStatus?[] FilterAll(PodInfo pod, params NodeInfo[] nodes)
    {
        var state = new CycleState();
        Plugin.PreFilter(state, pod, Make.Snapshot(nodes));
        return [.. nodes.Select(n => Plugin.Filter(state, pod, n))];
    }

    [Fact]
    public void Filter_AntiAffinityOnHostname_AvoidsNodeWithMatchingPod()
    {
        var a = Make.NodeInfo(Make.Node("a"), Make.Pod("web-1", labels: Make.Labels("app=web")));
        var b = Make.NodeInfo(Make.Node("b"));
        var pod = Make.Info(WithAntiAffinity(Make.Pod("web-2", labels: Make.Labels("app=web")), Term("kubernetes.io/hostname", "web")));

        var statuses = FilterAll(pod, a, b);

        Assert.Equal(["node(s) didn't match pod anti-affinity rules"], statuses[0]!.Reasons);
        Assert.Equal(StatusCode.Unschedulable, statuses[0]!.Code);
        Assert.Null(statuses[1]);
    }

    [Fact]
    public void Filter_TwoNodesShareHostnameLabel_AntiAffinityCoversBoth()
    {
        var nodeA = Make.Node("a");
        var nodeB = Make.Node("b");
        nodeA.Metadata.Labels["kubernetes.io/hostname"] = "same";
        nodeB.Metadata.Labels["kubernetes.io/hostname"] = "same";
        var existing = WithAntiAffinity(Make.Pod("web-1", labels: Make.Labels("app=web")), Term("kubernetes.io/hostname", "web"));
        var a = Make.NodeInfo(nodeA, existing);
        var b = Make.NodeInfo(nodeB);
        var c = Make.NodeInfo(Make.Node("c"));
        var incoming = Make.Info(WithAntiAffinity(Make.Pod("web-2", labels: Make.Labels("app=web")), Term("kubernetes.io/hostname", "web")));

        var statuses = FilterAll(incoming, a, b, c);

        Assert.NotNull(statuses[0]);
        Assert.NotNull(statuses[1]);
        Assert.Null(statuses[2]);
    }

    [Fact]
    public void Filter_ExistingPodHostnameAntiAffinity_OnlyItsNode()
    {
        var existing = WithAntiAffinity(Make.Pod("db", labels: Make.Labels("app=db")), Term("kubernetes.io/hostname", "web"));
        var a = Make.NodeInfo(Make.Node("a"), existing);
        var b = Make.NodeInfo(Make.Node("b"));
        var pod = Make.Info(Make.Pod("web", labels: Make.Labels("app=web")));

        var statuses = FilterAll(pod, a, b);

        Assert.Equal(["node(s) didn't satisfy existing pods anti-affinity rules"], statuses[0]!.Reasons);
        Assert.Null(statuses[1]);
    }

    [Fact]
    public void Filter_ExistingPodsAntiAffinity_AppliesToIncomingPod()
    {
        var existing = WithAntiAffinity(Make.Pod("db", labels: Make.Labels("app=db")), Term("zone", "web"));
        var a = Make.NodeInfo(Make.Node("a", labels: Make.Labels("zone=z1")), existing);
        var b = Make.NodeInfo(Make.Node("b", labels: Make.Labels("zone=z1")));
        var c = Make.NodeInfo(Make.Node("c", labels: Make.Labels("zone=z2")));
        var pod = Make.Info(Make.Pod("web", labels: Make.Labels("app=web")));

        var statuses = FilterAll(pod, a, b, c);

        Assert.Equal(["node(s) didn't satisfy existing pods anti-affinity rules"], statuses[0]!.Reasons);
        Assert.NotNull(statuses[1]);
        Assert.Null(statuses[2]);
    }

    [Fact]
    public void Filter_AffinityByZone_OnlyZoneWithMatchingPod()
    {
        var a = Make.NodeInfo(Make.Node("a", labels: Make.Labels("zone=z1")), Make.Pod("cache", labels: Make.Labels("app=cache")));
        var b = Make.NodeInfo(Make.Node("b", labels: Make.Labels("zone=z1")));
        var c = Make.NodeInfo(Make.Node("c", labels: Make.Labels("zone=z2")));
        var d = Make.NodeInfo(Make.Node("d"));
        var pod = Make.Info(WithAffinity(Make.Pod("web", labels: Make.Labels("app=web")), Term("zone", "cache")));

        var statuses = FilterAll(pod, a, b, c, d);

        Assert.Null(statuses[0]);
        Assert.Null(statuses[1]);
        Assert.Equal(["node(s) didn't match pod affinity rules"], statuses[2]!.Reasons);
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, statuses[3]!.Code);
    }

    [Fact]
    public void Filter_AffinityToItself_FirstPodMayGoAnywhere()
    {
        var a = Make.NodeInfo(Make.Node("a", labels: Make.Labels("zone=z1")));
        var pod = Make.Info(WithAffinity(Make.Pod("web", labels: Make.Labels("app=web")), Term("zone", "web")));

        Assert.Null(FilterAll(pod, a)[0]);
    }

    [Fact]
    public void Filter_TermNamespaces_OnlyPodsInThoseNamespacesCount()
    {
        var a = Make.NodeInfo(Make.Node("a"), Make.Pod("web-1", ns: "other", labels: Make.Labels("app=web")));
        var sameNamespaceOnly = Make.Info(WithAntiAffinity(Make.Pod("p", labels: Make.Labels("app=web")), Term("kubernetes.io/hostname", "web")));
        var listsOther = Make.Info(WithAntiAffinity(Make.Pod("q", labels: Make.Labels("app=web")), Term("kubernetes.io/hostname", "web", ["other"])));

        Assert.Null(FilterAll(sameNamespaceOnly, a)[0]);
        Assert.NotNull(FilterAll(listsOther, a)[0]);
    }

    [Fact]
    public void Update_RemovingMatchingPod_ClearsAntiAffinityConflict()
    {
        var victim = Make.Pod("web-1", labels: Make.Labels("app=web"));
        var a = Make.NodeInfo(Make.Node("a"), victim);
        var pod = Make.Info(WithAntiAffinity(Make.Pod("web-2", labels: Make.Labels("app=web")), Term("kubernetes.io/hostname", "web")));
        var state = new CycleState();
        Plugin.PreFilter(state, pod, Make.Snapshot(a));

        var trial = a.Clone();
        var victimInfo = trial.Pods[0];
        trial.RemovePod(victimInfo);
        Plugin.Update(state, pod, victimInfo, trial, -1);

        Assert.Null(Plugin.Filter(state, pod, trial));
    }

    [Fact]
    public void Score_PreferredAffinity_FavoursNodeWithMatchingPod()
    {
        var a = Make.NodeInfo(Make.Node("a"), Make.Pod("cache", labels: Make.Labels("app=cache")));
        var b = Make.NodeInfo(Make.Node("b"));
        var pod = Make.Pod("web");
        pod.Spec.Affinity = new V1Affinity
        {
            PodAffinity = new V1PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { PodAffinityTerm = Term("kubernetes.io/hostname", "cache"), Weight = 10 }] },
        };
        var info = Make.Info(pod);
        NodeInfo[] nodes = [a, b];
        var state = new CycleState();

        Assert.True(Plugin.PreScore(state, info, Make.Snapshot(nodes), nodes));
        var scores = nodes.Select(n => Plugin.Score(state, info, n)).ToArray();
        Plugin.Normalize(state, info, nodes, scores);

        Assert.Equal([100, 0], scores);
    }
}
