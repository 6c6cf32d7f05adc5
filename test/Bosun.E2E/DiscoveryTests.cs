using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>kubectl version, api-resources and api-versions against the real server.</summary>
public sealed class DiscoveryTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Version_AgainstServer_PrintsClientAndServerVersions(string version)
    {
        var kubectl = Kubectl.For(version, server);

        var output = await kubectl.SucceedAsync("version", "-o", "json");

        Assert.Contains($"\"minor\": \"{version.Split('.')[1]}\"", output, StringComparison.Ordinal);
        Assert.Contains("\"serverVersion\"", output, StringComparison.Ordinal);
        Assert.Contains("\"gitVersion\": \"v1.33.0-bosun", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ApiResources_AgainstServer_ListsCoreAndAppsResourcesWithShortNames(string version)
    {
        var kubectl = Kubectl.For(version, server);

        var output = await kubectl.SucceedAsync("api-resources");

        var lines = output.Split('\n');
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        AssertRow(lines, "pods", "po", "v1", "true", "Pod");
        AssertRow(lines, "deployments", "deploy", "apps/v1", "true", "Deployment");
        AssertRow(lines, "services", "svc", "v1", "true", "Service");
        AssertRow(lines, "configmaps", "cm", "v1", "true", "ConfigMap");
        AssertRow(lines, "namespaces", "ns", "v1", "false", "Namespace");
        AssertRow(lines, "horizontalpodautoscalers", "hpa", "autoscaling/v2", "true", "HorizontalPodAutoscaler");
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ApiResources_NamespacedFalse_ListsOnlyClusterScoped(string version)
    {
        var kubectl = Kubectl.For(version, server);

        var output = await kubectl.SucceedAsync("api-resources", "--namespaced=false", "-o", "name");

        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("namespaces", names);
        Assert.Contains("nodes", names);
        Assert.DoesNotContain("pods", names);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ApiVersions_AgainstServer_ListsGroupVersions(string version)
    {
        var kubectl = Kubectl.For(version, server);

        var output = await kubectl.SucceedAsync("api-versions");

        var versions = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("v1", versions);
        Assert.Contains("apps/v1", versions);
        Assert.Contains("autoscaling/v2", versions);
        Assert.Contains("batch/v1", versions);
    }

    private static void AssertRow(string[] lines, params string[] columns)
    {
        var found = lines.Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(columns));
        Assert.True(found, $"no api-resources row [{string.Join(' ', columns)}] in:\n{string.Join('\n', lines)}");
    }
}
