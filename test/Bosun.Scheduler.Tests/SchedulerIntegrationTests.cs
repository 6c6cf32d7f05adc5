using Bosun.Scheduler.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.Scheduler.Tests;

/// <summary>
/// The scheduler against a real in-process API server. Tests in a class run one at a time; each starts from a
/// cluster with only its own nodes, so that "0/N nodes" messages are exact.
/// </summary>
public sealed class SchedulerIntegrationTests(SchedulerFixture fx) : IClassFixture<SchedulerFixture>
{
    private Kubernetes Client => fx.Client;

    private async Task NodesAsync(params V1Node[] nodes)
    {
        foreach (var old in (await Client.CoreV1.ListNodeAsync()).Items)
        {
            await Client.CoreV1.DeleteNodeAsync(old.Metadata.Name);
        }

        foreach (var node in nodes)
        {
            node.Metadata.Labels ??= new Dictionary<string, string>();
            await Client.CoreV1.CreateNodeAsync(node);
        }
    }

    private static V1Pod Pod(string name, string cpu = "100m", string? priorityClass = null)
    {
        var pod = Make.Pod(name, cpu: cpu);
        pod.Metadata.Uid = null;
        pod.Metadata.NamespaceProperty = null;
        pod.Metadata.CreationTimestamp = null;
        pod.Spec.Priority = null;
        pod.Spec.PriorityClassName = priorityClass;
        return pod;
    }

    private async Task<V1Pod> BoundAsync(string ns, string name, string? node = null)
    {
        V1Pod? pod = null;
        await Eventually.TrueAsync(
            async () =>
            {
                pod = await Client.CoreV1.ReadNamespacedPodAsync(name, ns);
                return !string.IsNullOrEmpty(pod.Spec.NodeName) && (node is null || pod.Spec.NodeName == node);
            },
            $"{ns}/{name} bound{(node is null ? "" : " to " + node)}");
        return pod!;
    }

    private async Task<V1PodCondition> UnschedulableAsync(string ns, string name, string message)
    {
        V1PodCondition? condition = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var pod = await Client.CoreV1.ReadNamespacedPodAsync(name, ns);
                condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
                return condition is { Status: "False", Reason: "Unschedulable" } && condition.Message == message;
            },
            $"{ns}/{name} unschedulable with \"{message}\" (last: \"{condition?.Message}\")");
        return condition!;
    }

    private async Task<Corev1Event> EventAsync(string ns, string name, string reason, string? message = null)
    {
        Corev1Event? found = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var events = await Client.CoreV1.ListNamespacedEventAsync(ns);
                found = events.Items.FirstOrDefault(e => e.InvolvedObject.Name == name && e.Reason == reason && (message is null || e.Message == message));
                return found is not null;
            },
            $"{reason} event for {ns}/{name}");
        return found!;
    }

    [Fact]
    public async Task Start_HoldsKubeSchedulerLease()
    {
        // The lease is written before the elector records that it leads: wait for both, not one then the other.
        await Eventually.TrueAsync(
            async () => (await Reads.OrNullAsync(() => Client.CoordinationV1.ReadNamespacedLeaseAsync("kube-scheduler", "kube-system")))?.Spec?.HolderIdentity == fx.Scheduler.Identity
                && fx.Scheduler.IsLeader,
            "the scheduler holds kube-system/kube-scheduler and knows it");
    }

    [Fact]
    public async Task CreatePod_NodeWithRoom_BoundWithScheduledEvent()
    {
        await NodesAsync(Make.Node("fit-small", cpu: "1"), Make.Node("fit-big", cpu: "4"));
        var ns = await fx.CreateNamespaceAsync("bind");

        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p", cpu: "2"), ns);

        var pod = await BoundAsync(ns, "p", "fit-big");
        Assert.Contains(pod.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
        var scheduled = await EventAsync(ns, "p", "Scheduled");
        Assert.Equal($"Successfully assigned {ns}/p to fit-big", scheduled.Message);
        Assert.Equal("Normal", scheduled.Type);
        Assert.Equal("default-scheduler", scheduled.Source.Component);
    }

    [Fact]
    public async Task CreatePod_FitsNowhere_UnschedulableConditionAndFailedSchedulingEvent()
    {
        await NodesAsync(
            Make.Node("nf-tainted", cpu: "4", taints: [new V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoSchedule" }]),
            Make.Node("nf-a", cpu: "1"),
            Make.Node("nf-b", cpu: "1"));
        var ns = await fx.CreateNamespaceAsync("nofit");
        const string expected = "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p", cpu: "2"), ns);

        await UnschedulableAsync(ns, "p", expected);
        var failed = await EventAsync(ns, "p", "FailedScheduling", expected);
        Assert.Equal("Warning", failed.Type);
        Assert.Equal("default-scheduler", failed.ReportingComponent);
        var pod = await Client.CoreV1.ReadNamespacedPodAsync("p", ns);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Null(pod.Spec.NodeName);
    }

    [Fact]
    public async Task CreatePod_TaintTolerated_BoundToTaintedNode()
    {
        await NodesAsync(Make.Node("tt-dedicated", taints: [new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" }]));
        var ns = await fx.CreateNamespaceAsync("taint");
        var tolerant = Pod("tolerant");
        tolerant.Spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "db", Effect = "NoSchedule" }];

        await Client.CoreV1.CreateNamespacedPodAsync(tolerant, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("plain"), ns);

        await BoundAsync(ns, "tolerant", "tt-dedicated");
        await UnschedulableAsync(ns, "plain", "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    }

    [Fact]
    public async Task UnschedulablePod_NodeAdded_ScheduledWithoutBusyLoop()
    {
        await NodesAsync(Make.Node("late-small", cpu: "1"));
        var ns = await fx.CreateNamespaceAsync("late");
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p", cpu: "2"), ns);
        await UnschedulableAsync(ns, "p", "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
        var first = await EventAsync(ns, "p", "FailedScheduling");

        // Nothing changes for three seconds: a parked pod is not retried (a busy loop would bump the count).
        await Task.Delay(TimeSpan.FromSeconds(3));
        var again = await Client.CoreV1.ReadNamespacedEventAsync(first.Metadata.Name, ns);
        Assert.InRange(again.Count ?? 1, 1, 2);

        await Client.CoreV1.CreateNodeAsync(Make.Node("late-big", cpu: "4"));

        await BoundAsync(ns, "p", "late-big");
    }

    [Fact]
    public async Task HighPriorityPod_NodeFull_PreemptsLowPriorityVictimThenBinds()
    {
        await NodesAsync(Make.Node("pre-node", cpu: "2"));
        var ns = await fx.CreateNamespaceAsync("preempt");
        var low = fx.Unique("low");
        var high = fx.Unique("high");
        await Client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = low }, Value = 10 });
        await Client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = high }, Value = 1000 });
        await Client.SchedulingV1.ListPriorityClassAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("victim", cpu: "2", priorityClass: low), ns);
        await BoundAsync(ns, "victim", "pre-node");

        await Client.CoreV1.CreateNamespacedPodAsync(Pod("preemptor", cpu: "2", priorityClass: high), ns);

        V1Pod? victim = null;
        await Eventually.TrueAsync(
            async () => (victim = await Reads.OrNullAsync(() => Client.CoreV1.ReadNamespacedPodAsync("victim", ns))) is null || victim.Metadata.DeletionTimestamp is not null,
            "the victim is being deleted");
        if (victim is not null)
        {
            Assert.Contains(victim.Status.Conditions, c => c.Type == "DisruptionTarget" && c.Status == "True" && c.Reason == "PreemptionByScheduler");
            // No kubelet here: confirm the termination as the node agent would.
            await Client.CoreV1.DeleteNamespacedPodAsync("victim", ns, new V1DeleteOptions { GracePeriodSeconds = 0 });
        }

        await Eventually.TrueAsync(
            async () => (await Client.CoreV1.ReadNamespacedPodAsync("preemptor", ns)) is var p && (p.Status?.NominatedNodeName == "pre-node" || p.Spec.NodeName == "pre-node"),
            "the preemptor nominated to pre-node");
        await BoundAsync(ns, "preemptor", "pre-node");
        await EventAsync(ns, "victim", "Preempted");
    }

    [Fact]
    public async Task PreemptionPolicyNever_NodeFull_StaysPendingWithoutEvicting()
    {
        await NodesAsync(Make.Node("never-node", cpu: "1"));
        var ns = await fx.CreateNamespaceAsync("never");
        var never = fx.Unique("never");
        await Client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = never }, Value = 1000, PreemptionPolicy = "Never" });
        await Client.SchedulingV1.ListPriorityClassAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("resident", cpu: "1"), ns);
        await BoundAsync(ns, "resident");

        await Client.CoreV1.CreateNamespacedPodAsync(Pod("polite", cpu: "1", priorityClass: never), ns);

        await UnschedulableAsync(ns, "polite", "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
        var resident = await Client.CoreV1.ReadNamespacedPodAsync("resident", ns);
        Assert.Null(resident.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task BadInput_PodsThatCanNeverFit_StayPendingAndOthersStillSchedule()
    {
        await NodesAsync(Make.Node("bad-node", cpu: "2"));
        var ns = await fx.CreateNamespaceAsync("bad");
        var huge = Pod("huge", cpu: "100000");
        var nowhere = Pod("nowhere");
        nowhere.Spec.NodeSelector = new Dictionary<string, string> { ["no-such-label"] = "x" };
        var impossibleAffinity = Pod("impossible");
        impossibleAffinity.Spec.Affinity = new V1Affinity
        {
            PodAffinity = new V1PodAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm { TopologyKey = "no-such-key", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } } },
                ],
            },
        };
        var other = Pod("other-scheduler");
        other.Spec.SchedulerName = "someone-else";

        await Client.CoreV1.CreateNamespacedPodAsync(huge, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(nowhere, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(impossibleAffinity, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(other, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("fine"), ns);

        await BoundAsync(ns, "fine", "bad-node");
        await UnschedulableAsync(ns, "huge", "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
        await UnschedulableAsync(ns, "nowhere", "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
        await UnschedulableAsync(ns, "impossible", "0/1 nodes are available: 1 node(s) didn't match pod affinity rules. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
        var ignored = await Client.CoreV1.ReadNamespacedPodAsync("other-scheduler", ns);
        Assert.Null(ignored.Spec.NodeName);
        Assert.DoesNotContain(ignored.Status?.Conditions ?? [], c => c.Type == "PodScheduled");
        Assert.True(fx.Scheduler.IsLeader);
    }

    [Fact]
    public async Task PodAntiAffinity_ReplicasSpreadOnePerNode()
    {
        await NodesAsync(Make.Node("aa-1"), Make.Node("aa-2"), Make.Node("aa-3"));
        var ns = await fx.CreateNamespaceAsync("anti");
        for (var i = 0; i < 3; i++)
        {
            var pod = Pod($"web-{i}");
            pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };
            pod.Spec.Affinity = new V1Affinity
            {
                PodAntiAffinity = new V1PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution =
                    [
                        new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } },
                    ],
                },
            };
            await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        }

        var nodes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            nodes.Add((await BoundAsync(ns, $"web-{i}")).Spec.NodeName);
        }

        Assert.Equal(3, nodes.Distinct().Count());
    }
}
