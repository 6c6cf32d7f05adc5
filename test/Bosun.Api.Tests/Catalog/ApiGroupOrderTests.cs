using Bosun.Api.Catalog;

namespace Bosun.Api.Tests.Catalog;

public class ApiGroupOrderTests
{
    [Fact]
    public void CompareVersions_MixedVersions_SortsByKubernetesPriority()
    {
        string[] versions = ["v1beta1", "foo", "v1", "v2alpha1", "v11alpha2", "v10", "v2", "v12alpha1", "bar", "v3beta1", "v10beta3", "v1alpha1"];

        var sorted = versions.Order(Comparer<string>.Create(ApiGroupOrder.CompareVersions));

        Assert.Equal(["v10", "v2", "v1", "v10beta3", "v3beta1", "v1beta1", "v12alpha1", "v11alpha2", "v2alpha1", "v1alpha1", "bar", "foo"], sorted);
    }

    [Fact]
    public void CompareGroups_CoreFirst_ThenKnownOrder_ThenByName()
    {
        string[] groups = ["b.example.com", "batch", "apps", "", "a.example.com", "events.k8s.io"];

        var sorted = groups.Order(Comparer<string>.Create(ApiGroupOrder.CompareGroups));

        Assert.Equal(["", "apps", "events.k8s.io", "batch", "a.example.com", "b.example.com"], sorted);
    }
}
