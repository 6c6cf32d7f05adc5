using System.Text;
using System.Text.Json;
using Bosun.Api.Catalog;
using Bosun.Api.Discovery;
using k8s;
using k8s.Models;

namespace Bosun.Api.Tests.Discovery;

public class DiscoveryDocumentsTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();
    private static readonly DiscoveryDocuments Documents = DiscoveryDocuments.Create(Catalog, "10.0.0.1:6443");

    [Fact]
    public void Api_Legacy_IsApiVersionsWithServerAddress()
    {
        var versions = KubernetesJson.Deserialize<V1APIVersions>(Text(Documents.Api));

        Assert.Equal("APIVersions", versions.Kind);
        Assert.Equal(["v1"], versions.Versions);
        var address = Assert.Single(versions.ServerAddressByClientCIDRs);
        Assert.Equal(("0.0.0.0/0", "10.0.0.1:6443"), (address.ClientCIDR, address.ServerAddress));
        Assert.Equal("application/json", Documents.Api.ContentType);
    }

    [Fact]
    public void Api_Legacy_HasKubernetesBytes()
    {
        Assert.Equal(
            "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"10.0.0.1:6443\"}]}\n",
            Text(Documents.Api));
    }

    [Fact]
    public void Apis_Legacy_ListsGroupsInOrderWithPreferredVersions()
    {
        var list = KubernetesJson.Deserialize<V1APIGroupList>(Text(Documents.Apis));

        Assert.Equal(("APIGroupList", "v1"), (list.Kind, list.ApiVersion));
        Assert.Equal(Catalog.Groups.Skip(1), list.Groups.Select(g => g.Name));
        var autoscaling = list.Groups.Single(g => g.Name == "autoscaling");
        Assert.Equal(["autoscaling/v2", "autoscaling/v1"], autoscaling.Versions.Select(v => v.GroupVersion));
        Assert.Equal(("autoscaling/v2", "v2"), (autoscaling.PreferredVersion.GroupVersion, autoscaling.PreferredVersion.Version));
    }

    [Fact]
    public void ResourceList_CoreV1_HasResourcesAndSubresourcesSortedByName()
    {
        Assert.True(Documents.TryGetResourceList("", "v1", out var document));
        var list = KubernetesJson.Deserialize<V1APIResourceList>(Text(document));

        Assert.Equal("v1", list.GroupVersion);
        Assert.Null(list.ApiVersion);
        var names = list.Resources.Select(r => r.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("pods/status", names);
        Assert.Contains("pods/binding", names);
        Assert.Contains("namespaces/finalize", names);
        Assert.Contains("replicationcontrollers/scale", names);

        var pods = list.Resources.Single(r => r.Name == "pods");
        Assert.Equal(("pod", true, "Pod"), (pods.SingularName, pods.Namespaced, pods.Kind));
        Assert.Equal(["po"], pods.ShortNames);
        Assert.Equal(["all"], pods.Categories);
        Assert.Equal(ResourceDefinition.AllVerbs, pods.Verbs);
        Assert.Equal("xPOwRZ+Yhw8=", pods.StorageVersionHash);

        var binding = list.Resources.Single(r => r.Name == "pods/binding");
        Assert.Equal(("", "Binding", null, null), (binding.SingularName, binding.Kind, binding.Group, binding.Version));
        Assert.Equal(["create"], binding.Verbs);

        var scale = list.Resources.Single(r => r.Name == "replicationcontrollers/scale");
        Assert.Equal(("autoscaling", "v1", "Scale"), (scale.Group, scale.Version, scale.Kind));
    }

    [Fact]
    public void ResourceList_AppsV1_CarriesApiVersionAndScale()
    {
        Assert.True(Documents.TryGet("/apis/apps/v1", DiscoveryFormat.Legacy, out var document));
        var list = KubernetesJson.Deserialize<V1APIResourceList>(Text(document));

        Assert.Equal(("APIResourceList", "v1", "apps/v1"), (list.Kind, list.ApiVersion, list.GroupVersion));
        Assert.Equal(
            [
                "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
                "statefulsets/scale", "statefulsets/status",
            ],
            list.Resources.Select(r => r.Name));
    }

    [Fact]
    public void ResourceList_DeploymentsEntry_HasKubernetesBytes()
    {
        Documents.TryGetResourceList("apps", "v1", out var document);

        Assert.Contains(
            "{\"name\":\"deployments\",\"singularName\":\"deployment\",\"namespaced\":true,\"kind\":\"Deployment\",\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"deploy\"],\"categories\":[\"all\"],\"storageVersionHash\":\"8aSe+NMegvE=\"},"
            + "{\"name\":\"deployments/scale\",\"singularName\":\"\",\"namespaced\":true,\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\",\"verbs\":[\"get\",\"patch\",\"update\"]}",
            Text(document!),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Group_Apps_IsApiGroup()
    {
        Assert.True(Documents.TryGet("/apis/apps/", DiscoveryFormat.Legacy, out var document));
        var group = KubernetesJson.Deserialize<V1APIGroup>(Text(document));

        Assert.Equal(("APIGroup", "v1", "apps"), (group.Kind, group.ApiVersion, group.Name));
        Assert.Equal("apps/v1", group.PreferredVersion.GroupVersion);
    }

    [Theory]
    [InlineData("/apis/example.com/v1")]
    [InlineData("/apis/apps/v2")]
    [InlineData("/api/v2")]
    [InlineData("/apis/example.com")]
    [InlineData("/apis/apps/v1/deployments")]
    [InlineData("/healthz")]
    public void TryGet_UnservedPath_ReturnsFalse(string path)
    {
        Assert.False(Documents.TryGet(path, DiscoveryFormat.Legacy, out _));
    }

    [Fact]
    public void TryGet_NotAcceptable_ReturnsFalse()
    {
        Assert.False(Documents.TryGet("/api", DiscoveryFormat.NotAcceptable, out _));
    }

    [Theory]
    [InlineData(DiscoveryFormat.AggregatedV2, "apidiscovery.k8s.io/v2")]
    [InlineData(DiscoveryFormat.AggregatedV2Beta1, "apidiscovery.k8s.io/v2beta1")]
    public void AggregatedApis_Format_ListsEveryNonCoreGroup(DiscoveryFormat format, string apiVersion)
    {
        Assert.True(Documents.TryGet("/apis", format, out var document));
        Assert.Equal(DiscoveryNegotiation.ContentTypeOf(format), document.ContentType);
        using var json = JsonDocument.Parse(document.Body);
        var root = json.RootElement;

        Assert.Equal("APIGroupDiscoveryList", root.GetProperty("kind").GetString());
        Assert.Equal(apiVersion, root.GetProperty("apiVersion").GetString());
        var names = root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal(Catalog.Groups.Skip(1), names);
    }

    [Fact]
    public void AggregatedApis_V2_DeserializesIntoClientModels()
    {
        var list = KubernetesJson.Deserialize<V2APIGroupDiscoveryList>(Text(Documents.AggregatedApisV2));

        var autoscaling = list.Items.Single(i => i.Metadata.Name == "autoscaling");
        Assert.Equal(["v2", "v1"], autoscaling.Versions.Select(v => v.Version));
        Assert.All(autoscaling.Versions, v => Assert.Equal("Current", v.Freshness));

        var apps = list.Items.Single(i => i.Metadata.Name == "apps").Versions.Single();
        var deployments = apps.Resources.Single(r => r.Resource == "deployments");
        Assert.Equal(("Namespaced", "deployment"), (deployments.Scope, deployments.SingularResource));
        Assert.Equal(("", "", "Deployment"), (deployments.ResponseKind.Group, deployments.ResponseKind.Version, deployments.ResponseKind.Kind));
        Assert.Equal(["deploy"], deployments.ShortNames);
        Assert.Equal(["all"], deployments.Categories);
        Assert.Equal(ResourceDefinition.AllVerbs, deployments.Verbs);
        Assert.Equal(["scale", "status"], deployments.Subresources.Select(s => s.Subresource));
        var scale = deployments.Subresources[0];
        Assert.Equal(("autoscaling", "v1", "Scale"), (scale.ResponseKind.Group, scale.ResponseKind.Version, scale.ResponseKind.Kind));
        Assert.Equal(["get", "patch", "update"], scale.Verbs);

        var crds = list.Items.Single(i => i.Metadata.Name == "apiextensions.k8s.io").Versions.Single().Resources.Single();
        Assert.Equal("Cluster", crds.Scope);
        Assert.Equal(["crd", "crds"], crds.ShortNames);
        Assert.Equal(["api-extensions"], crds.Categories);
    }

    [Fact]
    public void AggregatedApi_V2Beta1_HoldsOnlyTheCoreGroup()
    {
        var list = KubernetesJson.Deserialize<V2beta1APIGroupDiscoveryList>(Text(Documents.AggregatedApiV2Beta1));

        var core = Assert.Single(list.Items);
        Assert.Null(core.Metadata.Name);
        var v1 = Assert.Single(core.Versions);
        Assert.Equal("v1", v1.Version);
        var namespaces = v1.Resources.Single(r => r.Resource == "namespaces");
        Assert.Equal("Cluster", namespaces.Scope);
        Assert.Equal(["finalize", "status"], namespaces.Subresources.Select(s => s.Subresource));
        Assert.DoesNotContain("deletecollection", namespaces.Verbs);
    }

    [Fact]
    public void AggregatedApi_V2_HasKubernetesFieldOrder()
    {
        var text = Text(Documents.AggregatedApiV2);

        Assert.StartsWith(
            "{\"kind\":\"APIGroupDiscoveryList\",\"apiVersion\":\"apidiscovery.k8s.io/v2\",\"metadata\":{},\"items\":[{\"metadata\":{\"creationTimestamp\":null},\"versions\":[{\"version\":\"v1\",\"resources\":[{\"resource\":\"bindings\",\"responseKind\":{\"group\":\"\",\"version\":\"\",\"kind\":\"Binding\"},\"scope\":\"Namespaced\",\"singularResource\":\"binding\",\"verbs\":[\"create\"]},",
            text,
            StringComparison.Ordinal);
        Assert.EndsWith("],\"freshness\":\"Current\"}]}]}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_Hash_IsStableAndDistinct()
    {
        var again = DiscoveryDocuments.Create(BuiltInResources.CreateCatalog(), "10.0.0.1:6443");

        Assert.Equal(Documents.AggregatedApisV2.ETag, again.AggregatedApisV2.ETag);
        Assert.NotEqual(Documents.AggregatedApisV2.ETag, Documents.AggregatedApisV2Beta1.ETag);
        Assert.True(Documents.Apis.IsNotModified(Documents.Apis.ETag));
        Assert.False(Documents.Apis.IsNotModified(Documents.Api.ETag));
    }

    [Theory]
    [InlineData("/apis", DiscoveryFormat.AggregatedV2)]
    [InlineData("/api/", DiscoveryFormat.AggregatedV2)]
    [InlineData("/apis/apps/v1", DiscoveryFormat.Legacy)]
    [InlineData("/api/v1", DiscoveryFormat.Legacy)]
    public void TryNegotiate_KubectlAccept_AggregatesOnlyRoots(string path, DiscoveryFormat expected)
    {
        const string accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

        Assert.True(Documents.TryNegotiate(path, accept, out var format, out var document));
        Assert.Equal(expected, format);
        Assert.Equal(DiscoveryNegotiation.ContentTypeOf(expected), document.ContentType);
    }

    [Fact]
    public void TryNegotiate_UnacceptableOrUnknown_TellsWhich()
    {
        Assert.False(Documents.TryNegotiate("/apis", "application/yaml", out var format, out _));
        Assert.Equal(DiscoveryFormat.NotAcceptable, format);
        Assert.False(Documents.TryNegotiate("/apis/example.com/v1", "application/json", out format, out _));
        Assert.Equal(DiscoveryFormat.Legacy, format);
    }

    [Fact]
    public void Create_EmptyServerAddress_Throws()
    {
        Assert.Throws<ArgumentException>(() => DiscoveryDocuments.Create(Catalog, ""));
    }

    private static string Text(DiscoveryDocument document) => Encoding.UTF8.GetString(document.Body.Span);
}
