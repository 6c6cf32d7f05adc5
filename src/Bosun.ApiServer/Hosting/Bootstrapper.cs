using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Registry;

namespace Bosun.ApiServer.Hosting;

/// <summary>Creates what every cluster has from the start: the default and kube-* namespaces.</summary>
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
    }
}
