using System.Text.Json;

namespace Bosun.Api.Printing.Cluster;

/// <summary>Nodes: NAME STATUS ROLES AGE VERSION (wide: INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME).</summary>
public sealed class NodeTableConvertor : TableConvertor
{
    public static readonly NodeTableConvertor Instance = new();

    private const string RoleLabelPrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    private static readonly TableColumn[] NodeColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "The status of the node"),
        CommonColumns.Text("Roles", "The roles of the node"),
        CommonColumns.Age,
        CommonColumns.Text("Version", "Kubelet Version reported by the node."),
        CommonColumns.Text("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
        CommonColumns.Text("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
        CommonColumns.Text("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
        CommonColumns.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
        CommonColumns.Text("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ];

    public override IReadOnlyList<TableColumn> Columns => NodeColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var status = obj.Prop("status");
        var info = status.Prop("nodeInfo");
        var states = new List<string>();
        foreach (var condition in status.Items("conditions"))
        {
            if (condition.Str("type") == "Ready")
            {
                states.Clear();
                states.Add(condition.Str("status") == "True" ? "Ready" : "NotReady");
            }
        }

        if (states.Count == 0)
        {
            states.Add("Unknown");
        }

        if (obj.Path("spec").BoolOrNull("unschedulable") == true)
        {
            states.Add("SchedulingDisabled");
        }

        var roles = Roles(obj.Path("metadata", "labels"));
        return
        [
            JsonCells.Name(obj),
            string.Join(",", states),
            roles.Count == 0 ? "<none>" : string.Join(",", roles),
            JsonCells.Age(obj),
            info.Str("kubeletVersion") ?? "",
            Address(status, "InternalIP"),
            Address(status, "ExternalIP"),
            OrUnknown(info.Str("osImage")),
            OrUnknown(info.Str("kernelVersion")),
            OrUnknown(info.Str("containerRuntimeVersion")),
        ];
    }

    private static SortedSet<string> Roles(JsonElement labels)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        if (labels.ValueKind != JsonValueKind.Object)
        {
            return roles;
        }

        foreach (var label in labels.EnumerateObject())
        {
            if (label.Name.StartsWith(RoleLabelPrefix, StringComparison.Ordinal))
            {
                if (label.Name.Length > RoleLabelPrefix.Length)
                {
                    roles.Add(label.Name[RoleLabelPrefix.Length..]);
                }
            }
            else if (label.Name == RoleLabel && label.Value.GetString() is { Length: > 0 } role)
            {
                roles.Add(role);
            }
        }

        return roles;
    }

    private static string Address(JsonElement status, string type)
    {
        foreach (var address in status.Items("addresses"))
        {
            if (address.Str("type") == type)
            {
                return address.Str("address") ?? "";
            }
        }

        return "<none>";
    }

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? "<unknown>" : value;
}
