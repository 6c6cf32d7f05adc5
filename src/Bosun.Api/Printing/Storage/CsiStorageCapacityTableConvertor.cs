using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>CSIStorageCapacities: NAME STORAGECLASSNAME CAPACITY (no AGE, as in Kubernetes).</summary>
public sealed class CsiStorageCapacityTableConvertor : TableConvertor
{
    public static readonly CsiStorageCapacityTableConvertor Instance = new();

    private static readonly TableColumn[] CsiStorageCapacityColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("StorageClassName", "storageClassName represents the name of the StorageClass that the reported capacity applies to."),
        CommonColumns.Text("Capacity", "capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields."),
    ];

    public override IReadOnlyList<TableColumn> Columns => CsiStorageCapacityColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), obj.Str("storageClassName") ?? "", obj.Scalar("capacity") ?? "<unset>"];
}
