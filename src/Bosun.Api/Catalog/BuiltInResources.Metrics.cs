namespace Bosun.Api.Catalog;

public static partial class BuiltInResources
{
    /// <summary>The group metrics-server serves; Bosun serves it itself from its agents' statistics.</summary>
    public const string MetricsGroup = "metrics.k8s.io";

    private static IEnumerable<ResourceDefinition> Metrics()
    {
        // Not stored: each request asks the agents. The storage resource names the objects they measure (as
        // bindings name pods), so no storage or watch cache of their own is set up; the API server routes the
        // group to its metrics handler before any storage is involved.
        const string v = "v1beta1";
        yield return new ResourceDefinition
        {
            Group = MetricsGroup,
            Version = v,
            Plural = "nodes",
            Singular = "",
            Kind = "NodeMetrics",
            Namespaced = false,
            Verbs = ["get", "list"],
            StorageResource = "nodes",
            Computed = true,
        };
        yield return new ResourceDefinition
        {
            Group = MetricsGroup,
            Version = v,
            Plural = "pods",
            Singular = "",
            Kind = "PodMetrics",
            Namespaced = true,
            Verbs = ["get", "list"],
            StorageResource = "pods",
            Computed = true,
        };
    }
}
