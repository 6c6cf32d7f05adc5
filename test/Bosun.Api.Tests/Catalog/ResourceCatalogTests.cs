using Bosun.Api.Catalog;

namespace Bosun.Api.Tests.Catalog;

public class ResourceCatalogTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();

    [Fact]
    public void Groups_BuiltIns_InKubernetesDiscoveryOrder()
    {
        Assert.Equal(
            [
                "", "apps", "events.k8s.io", "autoscaling", "batch", "networking.k8s.io", "policy",
                "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io",
                "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io",
                "discovery.k8s.io", "metrics.k8s.io",
            ],
            Catalog.Groups);
    }

    [Fact]
    public void PreferredVersion_Autoscaling_IsV2()
    {
        Assert.Equal("v2", Catalog.PreferredVersion("autoscaling"));
        Assert.Equal(["v2", "v1"], Catalog.VersionsOf("autoscaling"));
    }

    [Fact]
    public void PreferredVersion_UnknownGroup_IsNull()
    {
        Assert.Null(Catalog.PreferredVersion("example.com"));
        Assert.Empty(Catalog.VersionsOf("example.com"));
    }

    [Fact]
    public void FindByKind_KnownKind_ReturnsResource()
    {
        Assert.Equal("deployments", Catalog.FindByKind("apps", "v1", "Deployment")?.Plural);
        Assert.Null(Catalog.FindByKind("apps", "v1", "Pod"));
    }

    [Fact]
    public void Groups_CustomGroup_SortsAfterBuiltInsByName()
    {
        var custom = new ResourceCatalog(
        [
            .. BuiltInResources.All,
            Custom("zeta.example.com"),
            Custom("alpha.example.com"),
        ]);

        // metrics.k8s.io stays last, as an aggregated group with a low priority does in Kubernetes.
        Assert.Equal(["alpha.example.com", "zeta.example.com", "metrics.k8s.io"], custom.Groups.TakeLast(3));
    }

    private static ResourceDefinition Custom(string group) => new()
    {
        Group = group,
        Version = "v1",
        Kind = "Widget",
        Plural = "widgets",
        Singular = "widget",
        Namespaced = true,
        StorageResource = $"{group}/widgets",
    };
}
