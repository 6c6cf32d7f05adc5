using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

public sealed class SubresourceTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Replace_StatusThroughMainResource_IsIgnored()
    {
        var ns = await server.CreateNamespaceAsync();
        var d = Fx.Deployment("s");
        d.Status = new V1DeploymentStatus { Replicas = 9 };
        var created = await Client.CreateNamespacedDeploymentAsync(d, ns);
        Assert.NotEqual(9, created.Status?.Replicas);

        created.Status = new V1DeploymentStatus { Replicas = 7 };
        created.Spec.Replicas = 2;
        var replaced = await Client.ReplaceNamespacedDeploymentAsync(created, "s", ns);
        Assert.Equal(2, replaced.Spec.Replicas);
        Assert.NotEqual(7, replaced.Status?.Replicas);
    }

    [Fact]
    public async Task ReplaceStatus_WithSpecChange_OnlyStatusChanges()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.CreateNamespacedDeploymentAsync(Fx.Deployment("s2"), ns);
        created.Spec.Replicas = 5;
        created.Metadata.Labels = new Dictionary<string, string> { ["ignored"] = "yes" };
        created.Status = new V1DeploymentStatus { Replicas = 1, ReadyReplicas = 1, ObservedGeneration = 1 };
        var updated = await Client.ReplaceNamespacedDeploymentStatusAsync(created, "s2", ns);
        Assert.Equal(1, updated.Status.ReadyReplicas);
        Assert.Equal(1, updated.Spec.Replicas);

        var read = await Client.ReadNamespacedDeploymentAsync("s2", ns);
        Assert.Equal(1, read.Spec.Replicas);
        Assert.Equal(1, read.Status.ReadyReplicas);
        Assert.Equal(1, read.Metadata.Generation);
    }

    [Fact]
    public async Task PatchStatus_MergePatch_ChangesStatus()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedDeploymentAsync(Fx.Deployment("s3"), ns);
        var patched = await Client.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("{\"status\":{\"availableReplicas\":1},\"spec\":{\"replicas\":8}}", V1Patch.PatchType.MergePatch), "s3", ns);
        Assert.Equal(1, patched.Status.AvailableReplicas);
        Assert.Equal(1, patched.Spec.Replicas);
    }

    [Fact]
    public async Task Scale_ReadAndPatch_ChangesSpecReplicas()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.CreateNamespacedDeploymentAsync(Fx.Deployment("sc", replicas: 2), ns);
        var scale = await Client.ReadNamespacedDeploymentScaleAsync("sc", ns);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal(2, scale.Spec.Replicas);
        Assert.Equal(created.Metadata.Uid, scale.Metadata.Uid);

        var patched = await Client.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":6}}", V1Patch.PatchType.MergePatch), "sc", ns);
        Assert.Equal(6, patched.Spec.Replicas);
        var d = await Client.ReadNamespacedDeploymentAsync("sc", ns);
        Assert.Equal(6, d.Spec.Replicas);
        Assert.Equal(2, d.Metadata.Generation);

        scale = await Client.ReadNamespacedDeploymentScaleAsync("sc", ns);
        scale.Spec.Replicas = 3;
        var replaced = await Client.ReplaceNamespacedDeploymentScaleAsync(scale, "sc", ns);
        Assert.Equal(3, replaced.Spec.Replicas);
        Assert.Equal(3, (await Client.ReadNamespacedDeploymentAsync("sc", ns)).Spec.Replicas);
    }
}
