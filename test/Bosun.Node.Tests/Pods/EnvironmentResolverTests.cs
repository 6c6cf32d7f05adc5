using Bosun.Node.Pods;
using k8s.Models;

namespace Bosun.Node.Tests.Pods;

public class EnvironmentResolverTests
{
    [Theory]
    [InlineData("$(A)-$(B)", "1-2")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$(A", "$(A")]
    [InlineData("cost $5", "cost $5")]
    public void Expand_AsKubernetes(string input, string expected)
    {
        var values = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" };

        Assert.Equal(expected, EnvironmentResolver.Expand(input, values));
    }

    [Fact]
    public void FieldValue_DownwardApiPaths()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns", Uid = "u", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { NodeName = "n1", ServiceAccountName = "sa", Containers = [] },
            Status = new V1PodStatus { PodIP = "10.42.0.3", HostIP = "127.0.0.1" },
        };

        Assert.Equal("web", EnvironmentResolver.FieldValue(pod, "metadata.name"));
        Assert.Equal("ns", EnvironmentResolver.FieldValue(pod, "metadata.namespace"));
        Assert.Equal("web", EnvironmentResolver.FieldValue(pod, "metadata.labels['app']"));
        Assert.Equal("app=\"web\"", EnvironmentResolver.FieldValue(pod, "metadata.labels"));
        Assert.Equal("n1", EnvironmentResolver.FieldValue(pod, "spec.nodeName"));
        Assert.Equal("10.42.0.3", EnvironmentResolver.FieldValue(pod, "status.podIP"));
        Assert.Throws<ContainerConfigException>(() => EnvironmentResolver.FieldValue(pod, "spec.bogus"));
    }

    [Fact]
    public void ResourceValue_LimitOrNodeAllocatable_RoundedUpInDivisorUnits()
    {
        var allocatable = new NodeAllocatable(2, 4L * 1024 * 1024 * 1024, 10_000_000_000, 110);
        var limited = new V1Container
        {
            Name = "c",
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("64Mi") } },
        };

        Assert.Equal("1", EnvironmentResolver.ResourceValue(limited, new V1ResourceFieldSelector { Resource = "limits.cpu" }, allocatable));
        Assert.Equal("250", EnvironmentResolver.ResourceValue(limited, new V1ResourceFieldSelector { Resource = "limits.cpu", Divisor = new("1m") }, allocatable));
        Assert.Equal("64", EnvironmentResolver.ResourceValue(limited, new V1ResourceFieldSelector { Resource = "limits.memory", Divisor = new("1Mi") }, allocatable));
        Assert.Equal("2", EnvironmentResolver.ResourceValue(new V1Container { Name = "c" }, new V1ResourceFieldSelector { Resource = "limits.cpu" }, allocatable));
    }
}
