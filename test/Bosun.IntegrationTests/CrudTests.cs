using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

public sealed class CrudTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task ConfigMap_FullLifecycle_BehavesLikeKubernetes()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("cm"), ns);
        Assert.Equal("v", created.Data["k"]);

        var got = await Client.ReadNamespacedConfigMapAsync("cm", ns);
        Assert.Equal(created.Metadata.Uid, got.Metadata.Uid);
        Assert.Equal("ConfigMap", got.Kind);
        Assert.Equal("v1", got.ApiVersion);

        got.Data["k"] = "v2";
        var replaced = await Client.ReplaceNamespacedConfigMapAsync(got, "cm", ns);
        Assert.Equal("v2", replaced.Data["k"]);

        var merged = await Client.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"data\":{\"m\":\"1\"}}", V1Patch.PatchType.MergePatch), "cm", ns);
        Assert.Equal("1", merged.Data["m"]);
        Assert.Equal("v2", merged.Data["k"]);

        var jsonPatched = await Client.PatchNamespacedConfigMapAsync(
            new V1Patch("[{\"op\":\"replace\",\"path\":\"/data/k\",\"value\":\"v3\"},{\"op\":\"remove\",\"path\":\"/data/m\"}]", V1Patch.PatchType.JsonPatch), "cm", ns);
        Assert.Equal("v3", jsonPatched.Data["k"]);
        Assert.False(jsonPatched.Data.ContainsKey("m"));

        await Client.DeleteNamespacedConfigMapAsync("cm", ns);
        var (code, status) = await Fx.ErrorAsync(() => Client.ReadNamespacedConfigMapAsync("cm", ns));
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", status?.Reason);
        Assert.Equal("configmaps \"cm\" not found", status?.Message);
    }

    [Fact]
    public async Task Deployment_FullLifecycle_BehavesLikeKubernetes()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.CreateNamespacedDeploymentAsync(Fx.Deployment("web"), ns);
        Assert.Equal(1, created.Spec.Replicas);

        var got = await Client.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal("apps/v1", got.ApiVersion);
        got.Spec.Replicas = 3;
        var replaced = await Client.ReplaceNamespacedDeploymentAsync(got, "web", ns);
        Assert.Equal(3, replaced.Spec.Replicas);

        var merged = await Client.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal("front", merged.Metadata.Labels["tier"]);

        var jsonPatched = await Client.PatchNamespacedDeploymentAsync(
            new V1Patch("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]", V1Patch.PatchType.JsonPatch), "web", ns);
        Assert.Equal(5, jsonPatched.Spec.Replicas);

        var strategic = await Client.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:2\"}]}}}}", V1Patch.PatchType.StrategicMergePatch), "web", ns);
        Assert.Equal("nginx:2", Assert.Single(strategic.Spec.Template.Spec.Containers).Image);

        await Client.DeleteNamespacedDeploymentAsync("web", ns);
        var (code, status) = await Fx.ErrorAsync(() => Client.ReadNamespacedDeploymentAsync("web", ns));
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", status?.Reason);
    }

    [Fact]
    public async Task ClusterScopedKinds_FullLifecycle_BehaveLikeKubernetes()
    {
        var name = "pc-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Client.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = name }, Value = 1000 });
        Assert.Null(created.Metadata.NamespaceProperty);

        var got = await Client.ReadPriorityClassAsync(name);
        got.Description = "replaced";
        var replaced = await Client.ReplacePriorityClassAsync(got, name);
        Assert.Equal("replaced", replaced.Description);

        var merged = await Client.PatchPriorityClassAsync(new V1Patch("{\"description\":\"merged\"}", V1Patch.PatchType.MergePatch), name);
        Assert.Equal("merged", merged.Description);

        await Client.DeletePriorityClassAsync(name);
        var (code, _) = await Fx.ErrorAsync(() => Client.ReadPriorityClassAsync(name));
        Assert.Equal(HttpStatusCode.NotFound, code);

        var role = "cr-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = role },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get"] }],
        });
        var patched = await Client.PatchClusterRoleAsync(
            new V1Patch("[{\"op\":\"add\",\"path\":\"/rules/0/verbs/-\",\"value\":\"list\"}]", V1Patch.PatchType.JsonPatch), role);
        Assert.Equal(["get", "list"], patched.Rules[0].Verbs);
        await Client.DeleteClusterRoleAsync(role);
        (code, _) = await Fx.ErrorAsync(() => Client.ReadClusterRoleAsync(role));
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Create_ExistingName_Returns409AlreadyExists()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("dup"), ns);
        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("dup"), ns));
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", status?.Reason);
    }

    [Fact]
    public async Task Create_DryRunAll_DoesNotPersist()
    {
        var ns = await server.CreateNamespaceAsync();
        var result = await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("dry"), ns, dryRun: "All");
        Assert.Equal("dry", result.Metadata.Name);
        var (code, _) = await Fx.ErrorAsync(() => Client.ReadNamespacedConfigMapAsync("dry", ns));
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Create_InvalidName_Returns422WithCauses()
    {
        var ns = await server.CreateNamespaceAsync();
        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("Bad_Name"), ns));
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", status?.Reason);
        Assert.NotNull(status?.Details?.Causes);
        Assert.Contains(status!.Details.Causes, c => c.Field == "metadata.name");
    }

    [Fact]
    public async Task Create_WrongKindInBody_Returns400()
    {
        var ns = await server.CreateNamespaceAsync();
        var body = Fx.ConfigMap("wrong");
        body.Kind = "Secret";
        body.ApiVersion = "v1";
        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedConfigMapAsync(body, ns));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("BadRequest", status?.Reason);
    }
}
