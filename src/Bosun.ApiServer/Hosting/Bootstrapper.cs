using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Registry;

namespace Bosun.ApiServer.Hosting;

/// <summary>
/// Creates what every cluster has from the start: the default and kube-* namespaces, and the system-node-critical
/// and system-cluster-critical PriorityClasses (kube-apiserver's scheduling post-start hook).
/// </summary>
internal sealed class Bootstrapper(ResourceCatalog catalog, ResourceRegistry registry, ServerState state)
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var namespaces = catalog.Find("", "v1", "namespaces") ?? throw new InvalidOperationException("namespaces are not served");
        var system = new WriteContext(new UserInfo("system:apiserver", ["system:masters"]), false, "Strict");
        foreach (var name in SystemNamespaces)
        {
            try
            {
                var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
                await registry.CreateAsync(namespaces, "", obj, system, cancellationToken);
            }
            catch (ApiException e) when (e.Reason == "AlreadyExists")
            {
                // Created by an earlier start.
            }
        }

        state.NamespacesReady = true;
        var classes = catalog.Find("scheduling.k8s.io", "v1", "priorityclasses") ?? throw new InvalidOperationException("priorityclasses are not served");
        foreach (var (name, value, description) in SystemPriorityClasses)
        {
            try
            {
                var obj = new JsonObject
                {
                    ["apiVersion"] = "scheduling.k8s.io/v1",
                    ["kind"] = "PriorityClass",
                    ["metadata"] = new JsonObject { ["name"] = name },
                    ["value"] = value,
                    ["description"] = description,
                };
                await registry.CreateAsync(classes, "", obj, system, cancellationToken);
            }
            catch (ApiException e) when (e.Reason == "AlreadyExists")
            {
                // Created by an earlier start (or deleted and recreated by someone: theirs stands).
            }
        }
    }

    private static readonly (string Name, int Value, string Description)[] SystemPriorityClasses =
    [
        ("system-node-critical", Admission.PriorityPlugin.SystemNodeCritical, "Used for system critical pods that must not be moved from their current node."),
        ("system-cluster-critical", Admission.PriorityPlugin.SystemClusterCritical, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ];
}
