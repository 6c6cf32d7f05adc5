using System.Net;
using Bosun.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Controllers.Tests;

public sealed class DeploymentControllerTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    private const string Revision = "deployment.kubernetes.io/revision";
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web" };

    [Fact]
    public async Task Create_ReplicaSetAndPods_StatusAndAnnotationsConverge()
    {
        var ns = await fx.CreateNamespaceAsync("dep-create");
        await using var kubelet = await PodWatch.StartAsync(fx.Client, ns);
        kubelet.ReadyEveryNewPod(fx.Client);

        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 3), ns);

        var d = await WaitRolledOutAsync(ns, "web");
        Assert.Equal(("1", 3, 3, 3, 3), (d.Metadata.Annotations[Revision], d.Status.Replicas ?? 0, d.Status.UpdatedReplicas ?? 0, d.Status.ReadyReplicas ?? 0, d.Status.AvailableReplicas ?? 0));
        Assert.Equal(("True", "MinimumReplicasAvailable"), Condition(d, "Available"));
        Assert.Equal(("True", "NewReplicaSetAvailable"), Condition(d, "Progressing"));
        var rs = Assert.Single(await ReplicaSetsAsync(ns));
        var hash = rs.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels["pod-template-hash"]);
        Assert.Equal(("1", "3", "4"), (rs.Metadata.Annotations[Revision], rs.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"], rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]));
        Assert.Equal(3, (await WorkloadObjects.OwnedPodsAsync(fx.Client, ns, rs.Metadata.Uid)).Count);
        var events = await WorkloadObjects.EventsAboutAsync(fx.Client, ns, "web");
        Assert.Contains(events, e => e.Reason == "ScalingReplicaSet" && e.Message == $"Scaled up replica set web-{hash} to 3 from 0");
    }

    [Fact]
    public async Task TemplateChange_RollingUpdate_AvailableNeverBelowReplicasMinusMaxUnavailable()
    {
        var ns = await fx.CreateNamespaceAsync("dep-rolling");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);
        pods.ReadyEveryNewPod(fx.Client);
        var body = Deployment("web", 4);
        body.Spec.Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = "25%" } };
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(body, ns);
        await WaitRolledOutAsync(ns, "web");
        var first = Assert.Single(await ReplicaSetsAsync(ns));

        // maxUnavailable 25% of 4 = 1: at least 3 ready pods (not being deleted) at every moment; at most 5 pods.
        pods.OnEveryState(state =>
        {
            var ready = state.Count(p => p.Metadata.DeletionTimestamp is null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            Assert.True(ready >= 3, $"only {ready} ready pods");
            Assert.True(state.Count <= 5, $"{state.Count} pods");
        });
        await SetImageAsync(ns, "web", "busybox:2");

        var d = await WaitRolledOutAsync(ns, "web", generation: 2);
        Assert.Empty(pods.Violations);
        Assert.Equal(8, pods.EverCreated.Count);
        Assert.Equal("2", d.Metadata.Annotations[Revision]);
        var sets = await ReplicaSetsAsync(ns);
        Assert.Equal(2, sets.Count);
        Assert.Equal(0, sets.Single(s => s.Metadata.Uid == first.Metadata.Uid).Spec.Replicas);
        var events = await WorkloadObjects.EventsAboutAsync(fx.Client, ns, "web");
        Assert.Contains(events, e => e.Reason == "ScalingReplicaSet" && e.Message.StartsWith($"Scaled down replica set {first.Metadata.Name} to ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TemplateChange_Recreate_OldPodsGoneBeforeNewOnesCreated()
    {
        var ns = await fx.CreateNamespaceAsync("dep-recreate");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);
        pods.ReadyEveryNewPod(fx.Client);
        var body = Deployment("web", 3);
        body.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate" };
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(body, ns);
        await WaitRolledOutAsync(ns, "web");

        pods.OnEveryState(state =>
        {
            var hashes = state.Select(p => p.Metadata.Labels["pod-template-hash"]).Distinct().Count();
            Assert.True(hashes <= 1, "pods of two templates at once");
        });
        await SetImageAsync(ns, "web", "busybox:2");

        await WaitRolledOutAsync(ns, "web", generation: 2);
        Assert.Empty(pods.Violations);
        Assert.Equal(6, pods.EverCreated.Count);
    }

    [Fact]
    public async Task ResizeDuringStalledRollout_ReplicaSetsScaledProportionally()
    {
        var ns = await fx.CreateNamespaceAsync("dep-proportional");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);

        // Only pods of the first template ever become ready, so the rollout to busybox:2 stalls.
        pods.ReadyEveryNewPod(fx.Client, p => p.Spec.Containers[0].Image == "busybox");
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 10), ns);
        await WaitRolledOutAsync(ns, "web");
        await SetImageAsync(ns, "web", "busybox:2");

        // Default 25%/25% of 10: surge 3, unavailable 2 -> old 8, new 5, then stuck.
        await Eventually.TrueAsync(async () => await SizesAsync(ns) == (8, 5), "stalled at old 8 / new 5");

        await PatchAsync(ns, "web", """{"spec":{"replicas":20}}""");

        // 20 + 5 surge = 25 shared by size: old 8*25/13 -> 15, new the remaining 10.
        await Eventually.TrueAsync(async () => await SizesAsync(ns) == (15, 10), "scaled proportionally to old 15 / new 10");
        var events = await WorkloadObjects.EventsAboutAsync(fx.Client, ns, "web");
        Assert.Contains(events, e => e.Reason == "ScalingReplicaSet" && e.Message.EndsWith(" to 15 from 8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeprecatedRollbackToAnnotation_TemplateOfThatRevisionRestored()
    {
        var ns = await fx.CreateNamespaceAsync("dep-rollbackto");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);
        pods.ReadyEveryNewPod(fx.Client);
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 1), ns);
        await WaitRolledOutAsync(ns, "web");
        await SetImageAsync(ns, "web", "busybox:2");
        await WaitRolledOutAsync(ns, "web", generation: 2);

        // apps/v1 keeps extensions/v1beta1's spec.rollbackTo as this annotation; revision 0 means the previous one.
        await PatchAsync(ns, "web", """{"metadata":{"annotations":{"deprecated.deployment.rollback.to":"0"}}}""");

        var d = await WaitRolledOutAsync(ns, "web", generation: 3);
        Assert.Equal("busybox", d.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("3", d.Metadata.Annotations[Revision]);
        Assert.False(d.Metadata.Annotations.ContainsKey("deprecated.deployment.rollback.to"));
        var events = await WorkloadObjects.EventsAboutAsync(fx.Client, ns, "web");
        Assert.Contains(events, e => e.Reason == "DeploymentRollback" && e.Message == "Rolled back deployment \"web\" to revision 1");
    }

    [Fact]
    public async Task Pause_TemplateChangeWaits_ResumeRollsOut()
    {
        var ns = await fx.CreateNamespaceAsync("dep-pause");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);
        pods.ReadyEveryNewPod(fx.Client);
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns);
        await WaitRolledOutAsync(ns, "web");

        await PatchAsync(ns, "web", """{"spec":{"paused":true}}""");
        await SetImageAsync(ns, "web", "busybox:2");
        await Eventually.TrueAsync(
            async () => await ReadAsync(ns, "web") is { } d && d.Status.ObservedGeneration >= d.Metadata.Generation && Condition(d, "Progressing") == ("Unknown", "DeploymentPaused"),
            "Progressing DeploymentPaused");
        Assert.Single(await ReplicaSetsAsync(ns));

        await PatchAsync(ns, "web", """{"spec":{"paused":false}}""");
        var resumed = await WaitRolledOutAsync(ns, "web", generation: 4);
        Assert.Equal("2", resumed.Metadata.Annotations[Revision]);
        Assert.Equal(2, (await ReplicaSetsAsync(ns)).Count);
    }

    [Fact]
    public async Task RolloutRestart_TemplateAnnotation_NewReplicaSet()
    {
        var ns = await fx.CreateNamespaceAsync("dep-restart");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);
        pods.ReadyEveryNewPod(fx.Client);
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns);
        await WaitRolledOutAsync(ns, "web");

        // What `kubectl rollout restart` sends.
        await fx.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-28T10:00:00Z"}}}}}""", V1Patch.PatchType.StrategicMergePatch), "web", ns);

        var d = await WaitRolledOutAsync(ns, "web", generation: 2);
        Assert.Equal("2", d.Metadata.Annotations[Revision]);
        var newest = (await ReplicaSetsAsync(ns)).Single(s => s.Metadata.Annotations[Revision] == "2");
        Assert.Equal("2026-11-28T10:00:00Z", newest.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"]);
        Assert.Equal(4, pods.EverCreated.Count);
    }

    [Fact]
    public async Task RollbackLikeKubectl_OldReplicaSetRevived_RevisionNumberingAsUpstream()
    {
        var ns = await fx.CreateNamespaceAsync("dep-undo");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);
        pods.ReadyEveryNewPod(fx.Client);
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns);
        await WaitRolledOutAsync(ns, "web");
        await SetImageAsync(ns, "web", "busybox:2");
        await WaitRolledOutAsync(ns, "web", generation: 2);

        // kubectl rollout undo (polymorphichelpers.DeploymentRollbacker): the ReplicaSet of the previous revision's
        // template, without its hash label, is patched into the Deployment with its annotations.
        var previous = (await ReplicaSetsAsync(ns)).Single(s => s.Metadata.Annotations[Revision] == "1");
        var template = previous.Spec.Template;
        template.Metadata.Labels.Remove("pod-template-hash");
        var annotations = previous.Metadata.Annotations
            .Where(a => !a.Key.StartsWith("deployment.kubernetes.io/", StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value);
        annotations[Revision] = (await ReadAsync(ns, "web")).Metadata.Annotations[Revision];
        var patch = KubernetesJson.Serialize(new object[]
        {
            new Dictionary<string, object> { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = template },
            new Dictionary<string, object> { ["op"] = "replace", ["path"] = "/metadata/annotations", ["value"] = annotations },
        });
        await fx.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch), "web", ns);

        var d = await WaitRolledOutAsync(ns, "web", generation: 3);
        Assert.Equal("3", d.Metadata.Annotations[Revision]);
        var sets = await ReplicaSetsAsync(ns);
        Assert.Equal(2, sets.Count);
        var revived = sets.Single(s => s.Metadata.Uid == previous.Metadata.Uid);
        Assert.Equal(("3", "1", 2), (revived.Metadata.Annotations[Revision], revived.Metadata.Annotations["deployment.kubernetes.io/revision-history"], revived.Spec.Replicas ?? 0));
    }

    [Fact]
    public async Task RevisionHistoryLimit_OldZeroReplicaSetsBeyondLimitDeleted()
    {
        var ns = await fx.CreateNamespaceAsync("dep-history");
        await using var pods = await PodWatch.StartAsync(fx.Client, ns);
        pods.ReadyEveryNewPod(fx.Client);
        var body = Deployment("web", 1);
        body.Spec.RevisionHistoryLimit = 1;
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(body, ns);
        await WaitRolledOutAsync(ns, "web");
        for (var i = 2; i <= 4; i++)
        {
            await SetImageAsync(ns, "web", $"busybox:{i}");
            await WaitRolledOutAsync(ns, "web", generation: i);
        }

        await Eventually.TrueAsync(async () => (await ReplicaSetsAsync(ns)).Count == 2, "current + 1 old ReplicaSet");
        Assert.Equal(new[] { "3", "4" }, (await ReplicaSetsAsync(ns)).Select(s => s.Metadata.Annotations[Revision]).Order());
    }

    [Fact]
    public async Task NoPodBecomesReady_ProgressDeadlineExceeded()
    {
        var ns = await fx.CreateNamespaceAsync("dep-deadline");
        var body = Deployment("web", 1);
        body.Spec.ProgressDeadlineSeconds = 1;
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(body, ns);

        await Eventually.TrueAsync(
            async () => Condition(await ReadAsync(ns, "web"), "Progressing") == ("False", "ProgressDeadlineExceeded"),
            "ProgressDeadlineExceeded");
        var d = await ReadAsync(ns, "web");
        Assert.Equal(("False", "MinimumReplicasUnavailable"), Condition(d, "Available"));
    }

    [Fact]
    public async Task DeleteDeployment_GarbageCollectorRemovesReplicaSetsAndPods()
    {
        var ns = await fx.CreateNamespaceAsync("dep-delete");
        await fx.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns);
        await Eventually.TrueAsync(async () => (await fx.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 2, "two pods");

        await fx.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, propagationPolicy: "Background");

        await Eventually.TrueAsync(async () => (await ReplicaSetsAsync(ns)).Count == 0, "ReplicaSets collected");
        await Eventually.TrueAsync(async () => (await fx.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, "pods collected");
    }

    [Fact]
    public async Task Create_SelectorDoesNotMatchTemplate_RejectedByApi()
    {
        var ns = await fx.CreateNamespaceAsync("dep-invalid");
        var body = Deployment("web", 1);
        body.Spec.Selector.MatchLabels = new Dictionary<string, string> { ["app"] = "other" };

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fx.Client.AppsV1.CreateNamespacedDeploymentAsync(body, ns));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("`selector` does not match template `labels`", KubernetesJson.Deserialize<V1Status>(e.Response.Content).Message, StringComparison.Ordinal);
    }

    private static V1Deployment Deployment(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(Labels) },
            Template = WorkloadObjects.Template(Labels),
        },
    };

    /// <summary>What `kubectl rollout status` waits for.</summary>
    private async Task<V1Deployment> WaitRolledOutAsync(string ns, string name, long generation = 1)
    {
        V1Deployment d = null!;
        await Eventually.TrueAsync(
            async () =>
            {
                d = await ReadAsync(ns, name);
                var s = d.Status;
                return d.Metadata.Generation == generation && s?.ObservedGeneration >= d.Metadata.Generation
                    && s.UpdatedReplicas == d.Spec.Replicas && s.Replicas == s.UpdatedReplicas && s.AvailableReplicas == s.UpdatedReplicas
                    && Condition(d, "Progressing") == ("True", "NewReplicaSetAvailable");
            },
            $"deployment {name} generation {generation} rolled out");
        return d;
    }

    private Task<V1Deployment> ReadAsync(string ns, string name) => fx.Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns);

    private Task<V1Deployment> PatchAsync(string ns, string name, string patch) =>
        fx.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, ns);

    private Task<V1Deployment> SetImageAsync(string ns, string name, string image) =>
        fx.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}", V1Patch.PatchType.StrategicMergePatch), name, ns);

    private async Task<(int Old, int New)> SizesAsync(string ns)
    {
        var sets = await ReplicaSetsAsync(ns);
        var old = sets.Where(s => s.Spec.Template.Spec.Containers[0].Image == "busybox").Sum(s => s.Spec.Replicas ?? 0);
        var fresh = sets.Where(s => s.Spec.Template.Spec.Containers[0].Image == "busybox:2").Sum(s => s.Spec.Replicas ?? 0);
        return (old, fresh);
    }

    private async Task<List<V1ReplicaSet>> ReplicaSetsAsync(string ns) => [.. (await fx.Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items];

    private static (string? Status, string? Reason) Condition(V1Deployment d, string type) =>
        d.Status?.Conditions?.FirstOrDefault(c => c.Type == type) is { } c ? (c.Status, c.Reason) : (null, null);
}
