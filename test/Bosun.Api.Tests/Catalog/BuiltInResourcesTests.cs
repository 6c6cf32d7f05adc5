using Bosun.Api.Catalog;

namespace Bosun.Api.Tests.Catalog;

public class BuiltInResourcesTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();

    public static TheoryData<string, string, string> ExpectedResources => new()
    {
        { "", "v1", "bindings" },
        { "", "v1", "configmaps" },
        { "", "v1", "endpoints" },
        { "", "v1", "events" },
        { "", "v1", "limitranges" },
        { "", "v1", "namespaces" },
        { "", "v1", "nodes" },
        { "", "v1", "persistentvolumeclaims" },
        { "", "v1", "persistentvolumes" },
        { "", "v1", "pods" },
        { "", "v1", "podtemplates" },
        { "", "v1", "replicationcontrollers" },
        { "", "v1", "resourcequotas" },
        { "", "v1", "secrets" },
        { "", "v1", "serviceaccounts" },
        { "", "v1", "services" },
        { "apps", "v1", "controllerrevisions" },
        { "apps", "v1", "daemonsets" },
        { "apps", "v1", "deployments" },
        { "apps", "v1", "replicasets" },
        { "apps", "v1", "statefulsets" },
        { "batch", "v1", "cronjobs" },
        { "batch", "v1", "jobs" },
        { "autoscaling", "v1", "horizontalpodautoscalers" },
        { "autoscaling", "v2", "horizontalpodautoscalers" },
        { "policy", "v1", "poddisruptionbudgets" },
        { "networking.k8s.io", "v1", "ingresses" },
        { "networking.k8s.io", "v1", "ingressclasses" },
        { "networking.k8s.io", "v1", "networkpolicies" },
        { "rbac.authorization.k8s.io", "v1", "roles" },
        { "rbac.authorization.k8s.io", "v1", "rolebindings" },
        { "rbac.authorization.k8s.io", "v1", "clusterroles" },
        { "rbac.authorization.k8s.io", "v1", "clusterrolebindings" },
        { "storage.k8s.io", "v1", "storageclasses" },
        { "storage.k8s.io", "v1", "volumeattachments" },
        { "storage.k8s.io", "v1", "csidrivers" },
        { "storage.k8s.io", "v1", "csinodes" },
        { "storage.k8s.io", "v1", "csistoragecapacities" },
        { "coordination.k8s.io", "v1", "leases" },
        { "discovery.k8s.io", "v1", "endpointslices" },
        { "events.k8s.io", "v1", "events" },
        { "scheduling.k8s.io", "v1", "priorityclasses" },
        { "node.k8s.io", "v1", "runtimeclasses" },
        { "apiextensions.k8s.io", "v1", "customresourcedefinitions" },
        { "admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations" },
        { "admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations" },
        { "admissionregistration.k8s.io", "v1", "validatingadmissionpolicies" },
        { "admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings" },
    };

    [Theory]
    [MemberData(nameof(ExpectedResources))]
    public void CreateCatalog_ListedResource_IsServed(string group, string version, string plural)
    {
        var resource = Catalog.Find(group, version, plural);

        Assert.NotNull(resource);
        Assert.NotNull(resource.ModelType);
        Assert.False(string.IsNullOrEmpty(resource.StorageResource));
    }

    [Fact]
    public void CreateCatalog_AllResources_AreExactlyTheListedOnes()
    {
        var expected = ExpectedResources.Select(row => ((string)row[0], (string)row[1], (string)row[2])).ToHashSet();

        var actual = Catalog.All.Where(r => !r.Computed).Select(r => (r.Group, r.Version, r.Plural)).ToHashSet();

        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public void CreateCatalog_ComputedResources_AreTheMetricsOnesWithGetAndList()
    {
        var computed = Catalog.All.Where(r => r.Computed).ToList();

        Assert.Equal(
            [("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", false), ("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true)],
            computed.Select(r => (r.Group, r.Version, r.Plural, r.Kind, r.Namespaced)).Order());
        Assert.All(computed, r => Assert.Equal(["get", "list"], r.Verbs));
    }

    [Theory]
    [InlineData("po", "", "pods")]
    [InlineData("svc", "", "services")]
    [InlineData("ep", "", "endpoints")]
    [InlineData("cm", "", "configmaps")]
    [InlineData("ns", "", "namespaces")]
    [InlineData("no", "", "nodes")]
    [InlineData("sa", "", "serviceaccounts")]
    [InlineData("ev", "", "events")]
    [InlineData("pv", "", "persistentvolumes")]
    [InlineData("pvc", "", "persistentvolumeclaims")]
    [InlineData("rc", "", "replicationcontrollers")]
    [InlineData("limits", "", "limitranges")]
    [InlineData("quota", "", "resourcequotas")]
    [InlineData("deploy", "apps", "deployments")]
    [InlineData("rs", "apps", "replicasets")]
    [InlineData("sts", "apps", "statefulsets")]
    [InlineData("ds", "apps", "daemonsets")]
    [InlineData("cj", "batch", "cronjobs")]
    [InlineData("hpa", "autoscaling", "horizontalpodautoscalers")]
    [InlineData("pdb", "policy", "poddisruptionbudgets")]
    [InlineData("ing", "networking.k8s.io", "ingresses")]
    [InlineData("netpol", "networking.k8s.io", "networkpolicies")]
    [InlineData("sc", "storage.k8s.io", "storageclasses")]
    [InlineData("crd", "apiextensions.k8s.io", "customresourcedefinitions")]
    [InlineData("crds", "apiextensions.k8s.io", "customresourcedefinitions")]
    [InlineData("pc", "scheduling.k8s.io", "priorityclasses")]
    public void ShortName_ResolvedLikeKubectl_FindsResourceInFirstGroup(string shortName, string group, string plural)
    {
        // kubectl takes the first match walking groups in discovery order, preferred version first.
        var match = Catalog.Groups
            .SelectMany(g => Catalog.VersionsOf(g).SelectMany(v => Catalog.InGroupVersion(g, v)))
            .First(r => r.ShortNames.Contains(shortName));

        Assert.Equal(group, match.Group);
        Assert.Equal(plural, match.Plural);
        Assert.Equal(Catalog.PreferredVersion(group), match.Version);
    }

    [Fact]
    public void CreateCatalog_EveryGroupVersion_HasUniquePluralsKindsAndShortNames()
    {
        foreach (var group in Catalog.Groups)
        {
            foreach (var version in Catalog.VersionsOf(group))
            {
                var resources = Catalog.InGroupVersion(group, version);
                Assert.Equal(resources.Count, resources.Select(r => r.Plural).Distinct().Count());
                Assert.Equal(resources.Count, resources.Select(r => r.Kind).Distinct().Count());
                var shortNames = resources.SelectMany(r => r.ShortNames).ToList();
                Assert.Equal(shortNames.Count, shortNames.Distinct().Count());
            }
        }
    }

    [Fact]
    public void CreateCatalog_StorageResources_AreUniquePerKindAcrossVersionsThatShareObjects()
    {
        // One storage key holds one kind's objects; a key may only be shared by the same kind.
        foreach (var byStorage in Catalog.All.Where(r => !r.Computed).GroupBy(r => r.StorageResource))
        {
            if (byStorage.Key == "pods")
            {
                // bindings writes to pods; it has no storage of its own.
                Assert.Equal(["Binding", "Pod"], byStorage.Select(r => r.Kind).Order());
                continue;
            }

            Assert.Single(byStorage.Select(r => r.Kind).Distinct());
        }
    }

    [Theory]
    [InlineData("", "v1", "configmaps", "qFsyl6wFWjQ=")]
    [InlineData("", "v1", "pods", "xPOwRZ+Yhw8=")]
    [InlineData("", "v1", "services", "0/CO1lhkEBI=")]
    [InlineData("", "v1", "namespaces", "Q3oi5N2YM8M=")]
    [InlineData("apps", "v1", "deployments", "8aSe+NMegvE=")]
    [InlineData("apps", "v1", "replicasets", "P1RzHs8/mWQ=")]
    [InlineData("autoscaling", "v1", "horizontalpodautoscalers", "qwQve8ut294=")]
    [InlineData("events.k8s.io", "v1", "events", "r2yiGXH7wu8=")]
    public void StorageVersionHash_KnownResource_EqualsKubernetesValue(string group, string version, string plural, string hash)
    {
        Assert.Equal(hash, Catalog.Find(group, version, plural)!.StorageVersionHash);
    }

    [Fact]
    public void Bindings_ServedAsCreateOnly_WithoutStorageHash()
    {
        var bindings = Catalog.Find("", "v1", "bindings")!;

        Assert.Equal(["create"], bindings.Verbs);
        Assert.Null(bindings.StorageVersionHash);
    }

    [Fact]
    public void Namespaces_HaveNoDeleteCollection_AndFinalizeAndStatus()
    {
        var namespaces = Catalog.Find("", "v1", "namespaces")!;

        Assert.DoesNotContain("deletecollection", namespaces.Verbs);
        Assert.Equal(["update"], namespaces.Subresources.Single(s => s.Name == "finalize").Verbs);
        Assert.True(namespaces.HasSubresource("status"));
    }

    [Theory]
    [InlineData("", "replicationcontrollers")]
    [InlineData("apps", "deployments")]
    [InlineData("apps", "replicasets")]
    [InlineData("apps", "statefulsets")]
    public void Scale_ScalableResource_SpeaksAutoscalingV1Scale(string group, string plural)
    {
        var scale = Catalog.Find(group, "v1", plural)!.Subresources.Single(s => s.Name == "scale");

        Assert.Equal(("autoscaling", "v1", "Scale"), (scale.Group, scale.Version, scale.Kind));
        Assert.Equal(["get", "patch", "update"], scale.Verbs);
    }

    [Theory]
    [InlineData("", "v1", "pods", true)]
    [InlineData("", "v1", "services", true)]
    [InlineData("", "v1", "nodes", true)]
    [InlineData("", "v1", "configmaps", false)]
    [InlineData("apps", "v1", "daemonsets", true)]
    [InlineData("apps", "v1", "controllerrevisions", false)]
    [InlineData("batch", "v1", "cronjobs", true)]
    [InlineData("networking.k8s.io", "v1", "networkpolicies", false)]
    [InlineData("storage.k8s.io", "v1", "volumeattachments", true)]
    [InlineData("apiextensions.k8s.io", "v1", "customresourcedefinitions", true)]
    [InlineData("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", true)]
    [InlineData("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", false)]
    public void Status_Subresource_MatchesKubernetes(string group, string version, string plural, bool expected)
    {
        var resource = Catalog.Find(group, version, plural)!;

        Assert.Equal(expected, resource.HasSubresource("status"));
        if (expected)
        {
            var status = resource.Subresources.Single(s => s.Name == "status");
            Assert.Equal((group, version, resource.Kind), (status.Group, status.Version, status.Kind));
        }
    }

    [Fact]
    public void Categories_AllAndApiExtensions_MatchKubernetes()
    {
        var all = Catalog.All.Where(r => r.Categories.Contains("all")).Select(r => $"{r.Plural}.{r.ApiVersion}").Order();
        var extensions = Catalog.All.Where(r => r.Categories.Contains("api-extensions")).Select(r => r.Plural).Order();

        Assert.Equal(
            [
                "cronjobs.batch/v1", "daemonsets.apps/v1", "deployments.apps/v1",
                "horizontalpodautoscalers.autoscaling/v1", "horizontalpodautoscalers.autoscaling/v2",
                "jobs.batch/v1", "pods.v1", "replicasets.apps/v1", "replicationcontrollers.v1",
                "services.v1", "statefulsets.apps/v1",
            ],
            all);
        Assert.Equal(
            [
                "customresourcedefinitions", "mutatingwebhookconfigurations", "validatingadmissionpolicies",
                "validatingadmissionpolicybindings", "validatingwebhookconfigurations",
            ],
            extensions);
    }

    [Fact]
    public void ModelType_IsTheKubernetesEntityOfTheKind()
    {
        foreach (var resource in Catalog.All.Where(r => !r.Computed))
        {
            var entity = resource.ModelType!.GetCustomAttributes(typeof(k8s.Models.KubernetesEntityAttribute), false)
                .Cast<k8s.Models.KubernetesEntityAttribute>()
                .Single();
            Assert.Equal(resource.Kind, entity.Kind);
            Assert.Equal(resource.Group, entity.Group);
            Assert.Equal(resource.Version, entity.ApiVersion);
        }
    }
}
