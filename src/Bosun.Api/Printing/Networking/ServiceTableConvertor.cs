using System.Text;
using System.Text.Json;

namespace Bosun.Api.Printing.Networking;

/// <summary>Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (wide: SELECTOR).</summary>
public sealed class ServiceTableConvertor : TableConvertor
{
    public static readonly ServiceTableConvertor Instance = new();

    private static readonly TableColumn[] ServiceColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer."),
        CommonColumns.Text("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
        CommonColumns.Text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        CommonColumns.Text("Port(s)", "The list of ports that are exposed by this service."),
        CommonColumns.Age,
        CommonColumns.Selector("Route service traffic to pods with label keys and values matching this selector."),
    ];

    public override IReadOnlyList<TableColumn> Columns => ServiceColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        // Kubernetes prints clusterIPs[0]; an object whose clusterIPs were never filled in falls back
        // to clusterIP rather than hiding an address the user set.
        var clusterIp = spec.Str("clusterIP") is { Length: > 0 } single ? single : "<none>";
        foreach (var ip in spec.Items("clusterIPs"))
        {
            clusterIp = ip.GetString() ?? "<none>";
            break;
        }

        var ports = PortString(spec);
        return
        [
            JsonCells.Name(obj),
            spec.Str("type") ?? "ClusterIP",
            clusterIp,
            ExternalIp(spec, obj.Prop("status")),
            ports.Length == 0 ? "<none>" : ports,
            JsonCells.Age(obj),
            Selectors.FormatLabels(spec.Prop("selector")),
        ];
    }

    /// <summary>"80/TCP,443:30443/TCP": port, node port when set, protocol.</summary>
    public static string PortString(JsonElement spec)
    {
        var builder = new StringBuilder();
        foreach (var port in spec.Items("ports"))
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(JsonCells.Text(port.Number("port")));
            if (port.Number("nodePort") > 0)
            {
                builder.Append(':').Append(JsonCells.Text(port.Number("nodePort")));
            }

            builder.Append('/').Append(port.Str("protocol") ?? "TCP");
        }

        return builder.ToString();
    }

    private static string ExternalIp(JsonElement spec, JsonElement status)
    {
        var externalIps = new List<string>();
        foreach (var ip in spec.Items("externalIPs"))
        {
            externalIps.Add(ip.GetString() ?? "");
        }

        switch (spec.Str("type") ?? "ClusterIP")
        {
            case "ClusterIP":
            case "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                // The server prints wide, so the load balancer addresses are not clipped.
                var lbIps = LoadBalancerIngress(status.Prop("loadBalancer"));
                if (externalIps.Count > 0)
                {
                    return string.Join(",", lbIps.Concat(externalIps));
                }

                return lbIps.Count > 0 ? string.Join(",", lbIps) : "<pending>";
            case "ExternalName":
                return spec.Str("externalName") ?? "";
            default:
                return "<unknown>";
        }
    }

    /// <summary>The sorted, distinct IPs (or host names) of a LoadBalancerStatus.</summary>
    public static List<string> LoadBalancerIngress(JsonElement loadBalancer)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var ingress in loadBalancer.Items("ingress"))
        {
            if (ingress.Str("ip") is { Length: > 0 } ip)
            {
                result.Add(ip);
            }
            else if (ingress.Str("hostname") is { Length: > 0 } host)
            {
                result.Add(host);
            }
        }

        return [.. result];
    }
}
