using Bosun.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests;

public sealed class ReplicaSetControllerTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web" };

    [Fact]
    public async Task Create_ThreeReplicas_ThreePodsFromTemplateAndStatus()
    {
        var ns = await fx.CreateNamespaceAsync("rs-create");
        await using var watch = await PodWatch.StartAsync(fx.Client, ns);
        var rs = await fx.Client.AppsV1.CreateNamespacedReplicaSetAsync(WorkloadObjects.ReplicaSet("web", 3, Labels), ns);

        await Eventually.TrueAsync(async () => (await ReadAsync(ns, "web")).Status?.Replicas == 3, "status.replicas == 3");

        var pods = await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal("web", p.Metadata.Labels["app"]);
            var owner = Assert.Single(p.Metadata.OwnerReferences);
            Assert.Equal(("apps/v1", "ReplicaSet", "web", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Controller, owner.BlockOwnerDeletion));
        });
        var status = (await ReadAsync(ns, "web")).Status;
        Assert.Equal((3, 3, 0, 0, 1L), (status.Replicas, status.FullyLabeledReplicas ?? 0, status.ReadyReplicas ?? 0, status.AvailableReplicas ?? 0, status.ObservedGeneration ?? 0));
        Assert.Equal(3, watch.EverCreated.Count);
        var events = await WorkloadObjects.EventsAboutAsync(fx.Client, ns, "web");
        Assert.Contains(events, e => e.Reason == "SuccessfulCreate" && e.Message.StartsWith("Created pod: web-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeletePodsAndScale_PodCountFollowsSpec_NeverMoreCreatedThanNeeded()
    {
        var ns = await fx.CreateNamespaceAsync("rs-scale");
        await using var watch = await PodWatch.StartAsync(fx.Client, ns);
        var rs = await fx.Client.AppsV1.CreateNamespacedReplicaSetAsync(WorkloadObjects.ReplicaSet("web", 3, Labels), ns);
        await WaitForPodsAsync(ns, rs.Metadata.Uid, 3);

        var victims = (await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid)).Take(2).ToList();
        foreach (var pod in victims)
        {
            await fx.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, ns);
        }

        await Eventually.TrueAsync(async () => (await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid)).Count == 3 && watch.EverCreated.Count == 5, "two replacements");

        await ScaleAsync(ns, "web", 10);
        await WaitForPodsAsync(ns, rs.Metadata.Uid, 10);
        await ScaleAsync(ns, "web", 2);
        await WaitForPodsAsync(ns, rs.Metadata.Uid, 2);
        await Eventually.TrueAsync(async () => (await ReadAsync(ns, "web")).Status?.Replicas == 2, "status.replicas == 2");

        // 3 + 2 replacements + 7 for the scale-up; the scale-down creates nothing.
        Assert.Equal(12, watch.EverCreated.Count);
        Assert.Equal(2, (await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid)).Count);
        var events = await WorkloadObjects.EventsAboutAsync(fx.Client, ns, "web");
        Assert.Contains(events, e => e.Reason == "SuccessfulDelete" && e.Message.StartsWith("Deleted pod: web-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Orphans_MatchingAdoptedAndRelabeledReleased()
    {
        var ns = await fx.CreateNamespaceAsync("rs-adopt");
        var orphan = await fx.Client.CoreV1.CreateNamespacedPodAsync(Pod("orphan", Labels), ns);
        var stranger = await fx.Client.CoreV1.CreateNamespacedPodAsync(Pod("stranger", new Dictionary<string, string> { ["app"] = "other" }), ns);
        var rs = await fx.Client.AppsV1.CreateNamespacedReplicaSetAsync(WorkloadObjects.ReplicaSet("web", 2, Labels), ns);

        await WaitForPodsAsync(ns, rs.Metadata.Uid, 2);
        var owned = await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid);
        Assert.Contains(owned, p => p.Metadata.Uid == orphan.Metadata.Uid);
        Assert.Null((await fx.Client.CoreV1.ReadNamespacedPodAsync("stranger", ns)).Metadata.OwnerReferences);
        Assert.Equal(stranger.Metadata.Uid, (await fx.Client.CoreV1.ReadNamespacedPodAsync("stranger", ns)).Metadata.Uid);

        // Relabel the adopted pod out of the selector: it is released and replaced.
        await fx.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"app":"debug"}}}""", V1Patch.PatchType.MergePatch), "orphan", ns);

        await Eventually.TrueAsync(
            async () => (await fx.Client.CoreV1.ReadNamespacedPodAsync("orphan", ns)).Metadata.OwnerReferences is not { Count: > 0 },
            "relabeled pod released");
        await WaitForPodsAsync(ns, rs.Metadata.Uid, 2);
        Assert.DoesNotContain(await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid), p => p.Metadata.Name == "orphan");
    }

    [Fact]
    public async Task ScaleDown_KeepsRunningReadyPods_DeletesPendingAndNotReadyFirst()
    {
        var ns = await fx.CreateNamespaceAsync("rs-victims");
        var rs = await fx.Client.AppsV1.CreateNamespacedReplicaSetAsync(WorkloadObjects.ReplicaSet("web", 4, Labels), ns);
        var pods = await WaitForPodsAsync(ns, rs.Metadata.Uid, 4);
        var ready = pods[0];
        var readyOld = pods[1];
        var notReady = pods[2];
        await WorkloadObjects.SetRunningAsync(fx.Client, ready, ready: true, DateTime.UtcNow.AddSeconds(-10));
        await WorkloadObjects.SetRunningAsync(fx.Client, readyOld, ready: true, DateTime.UtcNow.AddHours(-5));
        await WorkloadObjects.SetRunningAsync(fx.Client, notReady, ready: false);
        await Eventually.TrueAsync(async () => (await ReadAsync(ns, "web")).Status?.ReadyReplicas == 2, "two ready");

        await ScaleAsync(ns, "web", 3);
        await WaitForPodsAsync(ns, rs.Metadata.Uid, 3);
        Assert.DoesNotContain(await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid), p => p.Metadata.Name == pods[3].Metadata.Name);

        await ScaleAsync(ns, "web", 2);
        await WaitForPodsAsync(ns, rs.Metadata.Uid, 2);
        Assert.Equal(
            new[] { ready.Metadata.Name, readyOld.Metadata.Name }.Order(),
            (await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid)).Select(p => p.Metadata.Name).Order());

        // Between two ready pods, the one ready for less time goes first.
        await ScaleAsync(ns, "web", 1);
        var last = Assert.Single(await WaitForPodsAsync(ns, rs.Metadata.Uid, 1));
        Assert.Equal(readyOld.Metadata.Name, last.Metadata.Name);
    }

    [Fact]
    public async Task Status_ReadyAndAvailableCounted_MinReadySecondsDelaysAvailability()
    {
        var ns = await fx.CreateNamespaceAsync("rs-status");
        var body = WorkloadObjects.ReplicaSet("web", 2, Labels);
        body.Spec.MinReadySeconds = 3600;
        var rs = await fx.Client.AppsV1.CreateNamespacedReplicaSetAsync(body, ns);
        var pods = await WaitForPodsAsync(ns, rs.Metadata.Uid, 2);

        await WorkloadObjects.SetRunningAsync(fx.Client, pods[0], ready: true, DateTime.UtcNow.AddHours(-2));
        await WorkloadObjects.SetRunningAsync(fx.Client, pods[1], ready: true);

        await Eventually.TrueAsync(async () => (await ReadAsync(ns, "web")).Status?.ReadyReplicas == 2, "two ready");
        var status = (await ReadAsync(ns, "web")).Status;
        Assert.Equal(1, status.AvailableReplicas);
        Assert.Equal(2, status.FullyLabeledReplicas);
    }

    [Fact]
    public async Task CreatesRejected_FailedCreateEventAndReplicaFailureCondition()
    {
        var ns = await fx.CreateNamespaceAsync("rs-fail");
        var body = WorkloadObjects.ReplicaSet("web", 2, Labels);

        // Template metadata finalizers are copied to pods and validated only there, so every create is refused (422).
        body.Spec.Template.Metadata.Finalizers = ["not a finalizer"];
        await fx.Client.AppsV1.CreateNamespacedReplicaSetAsync(body, ns);

        await Eventually.TrueAsync(
            async () => (await ReadAsync(ns, "web")).Status?.Conditions?.Any(c => c.Type == "ReplicaFailure" && c.Status == "True" && c.Reason == "FailedCreate") == true,
            "ReplicaFailure condition");
        await Eventually.TrueAsync(
            async () => (await WorkloadObjects.EventsAboutAsync(fx.Client, ns, "web")).Any(e => e.Type == "Warning" && e.Reason == "FailedCreate" && e.Message.StartsWith("Error creating: ", StringComparison.Ordinal)),
            "FailedCreate event");
        Assert.Empty((await fx.Client.CoreV1.ListNamespacedPodAsync(ns)).Items);

        // Once creates work again the condition goes.
        await fx.Client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("""{"spec":{"template":{"metadata":{"finalizers":null}}}}""", V1Patch.PatchType.MergePatch), "web", ns);
        await Eventually.TrueAsync(
            async () => (await ReadAsync(ns, "web")) is { Status.Replicas: 2 } r && r.Status.Conditions is not { Count: > 0 },
            "pods created and condition removed");
    }

    [Fact]
    public async Task ReplicationController_CreatesPodsFromTemplate()
    {
        var ns = await fx.CreateNamespaceAsync("rc");
        var rc = await fx.Client.CoreV1.CreateNamespacedReplicationControllerAsync(
            new V1ReplicationController
            {
                Metadata = new V1ObjectMeta { Name = "legacy" },
                Spec = new V1ReplicationControllerSpec { Replicas = 2, Selector = new Dictionary<string, string>(Labels), Template = WorkloadObjects.Template(Labels) },
            },
            ns);

        await WaitForPodsAsync(ns, rc.Metadata.Uid, 2);
        await Eventually.TrueAsync(async () => (await fx.Client.CoreV1.ReadNamespacedReplicationControllerAsync("legacy", ns)).Status?.Replicas == 2, "rc status.replicas == 2");
        var owner = (await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rc.Metadata.Uid))[0].Metadata.OwnerReferences[0];
        Assert.Equal(("v1", "ReplicationController"), (owner.ApiVersion, owner.Kind));
    }

    private Task<V1ReplicaSet> ReadAsync(string ns, string name) => fx.Client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns);

    private Task<V1ReplicaSet> ScaleAsync(string ns, string name, int replicas) =>
        fx.Client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch($$$"""{"spec":{"replicas":{{{replicas}}}}}""", V1Patch.PatchType.MergePatch), name, ns);

    private async Task<List<V1Pod>> WaitForPodsAsync(string ns, string ownerUid, int count)
    {
        List<V1Pod> pods = [];
        await Eventually.TrueAsync(
            async () => (pods = await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, ownerUid)).Count == count,
            $"{count} pods");
        return pods;
    }

    private static V1Pod Pod(string name, IDictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(labels) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };
}
