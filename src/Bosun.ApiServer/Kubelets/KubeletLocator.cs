using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.ApiServer.Registry;

namespace Bosun.ApiServer.Kubelets;

/// <summary>
/// Finds where a node's agent listens, as kube-apiserver's node connection-info getter does: the node's
/// kubelet endpoint port (10250 when unset) and its first address of the preferred types. The preference is
/// k3s's (InternalIP, ExternalIP, Hostname, then DNS names), not kube-apiserver's default that starts with
/// Hostname: agent certificates name their IPs, and host names need not resolve.
/// </summary>
internal sealed class KubeletLocator(ResourceReader reader, ResourceCatalog catalog)
{
    /// <summary>The port kubelets listen on when a node does not say.</summary>
    public const int DefaultPort = 10250;

    private static readonly string[] PreferredAddressTypes = ["InternalIP", "ExternalIP", "Hostname", "InternalDNS", "ExternalDNS"];

    /// <summary>The https base URL (<c>https://addr:port</c>) of <paramref name="nodeName"/>'s agent.</summary>
    public async Task<Uri> LocateAsync(string nodeName, CancellationToken cancellationToken)
    {
        var nodes = catalog.Find("", "v1", "nodes") ?? throw ApiException.Internal("nodes are not served");
        var stored = await reader.GetAsync(nodes, "", nodeName, null, cancellationToken)
            ?? throw ApiException.NotFound("", "nodes", nodeName);
        var node = JsonNode.Parse(stored.Value.Span) as JsonObject ?? [];
        return new Uri($"https://{HostOf(node)}:{PortOf(node).ToString(CultureInfo.InvariantCulture)}");
    }

    internal static int PortOf(JsonObject node)
    {
        var port = node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"];
        return port is JsonValue value && value.TryGetValue<int>(out var number) && number > 0 ? number : DefaultPort;
    }

    internal static string HostOf(JsonObject node)
    {
        var addresses = (node["status"]?["addresses"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(a => (Type: a["type"]?.ToString() ?? "", Address: a["address"]?.ToString() ?? ""))
            .Where(a => a.Address.Length > 0)
            .ToList();
        foreach (var type in PreferredAddressTypes)
        {
            if (addresses.FirstOrDefault(a => a.Type == type).Address is { Length: > 0 } address)
            {
                return address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
            }
        }

        var known = string.Join(' ', addresses.Select(a => $"{{{a.Type} {a.Address}}}"));
        // A plain error upstream, which kube-apiserver turns into a 500 with no reason and the bare message.
        throw new ApiException(500, "", $"no preferred addresses found; known addresses: [{known}]");
    }
}
