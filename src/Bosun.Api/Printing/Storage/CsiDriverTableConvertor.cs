using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>CSIDrivers: NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS REQUIRESREPUBLISH MODES AGE.</summary>
public sealed class CsiDriverTableConvertor : TableConvertor
{
    public static readonly CsiDriverTableConvertor Instance = new();

    private static readonly TableColumn[] CsiDriverColumns =
    [
        CommonColumns.Name,
        CommonColumns.Boolean("AttachRequired", "attachRequired indicates this CSI volume driver requires an attach operation."),
        CommonColumns.Boolean("PodInfoOnMount", "podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations."),
        CommonColumns.Boolean("StorageCapacity", "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report."),
        CommonColumns.Text("TokenRequests", "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication."),
        CommonColumns.Boolean("RequiresRepublish", "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume."),
        CommonColumns.Text("Modes", "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => CsiDriverColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var audiences = new List<string>();
        foreach (var request in spec.Items("tokenRequests"))
        {
            audiences.Add(request.Str("audience") ?? "");
        }

        var modes = new List<string>();
        foreach (var mode in spec.Items("volumeLifecycleModes"))
        {
            modes.Add(mode.GetString() ?? "");
        }

        return
        [
            JsonCells.Name(obj),
            spec.BoolOrNull("attachRequired") ?? true,
            spec.BoolOrNull("podInfoOnMount") ?? false,
            spec.BoolOrNull("storageCapacity") ?? false,
            audiences.Count == 0 ? "<unset>" : string.Join(",", audiences),
            spec.BoolOrNull("requiresRepublish") ?? false,
            modes.Count == 0 ? "Persistent" : string.Join(",", modes),
            JsonCells.Age(obj),
        ];
    }
}
