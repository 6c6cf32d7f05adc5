using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>PersistentVolumeClaims: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE (wide: VOLUMEMODE).</summary>
public sealed class PersistentVolumeClaimTableConvertor : TableConvertor
{
    public static readonly PersistentVolumeClaimTableConvertor Instance = new();

    private static readonly TableColumn[] PersistentVolumeClaimColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "phase represents the current phase of PersistentVolumeClaim."),
        CommonColumns.Text("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
        CommonColumns.Text("Capacity", "capacity represents the actual resources of the underlying volume."),
        CommonColumns.Text("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
        CommonColumns.Text("StorageClass", "StorageClass of the pvc"),
        CommonColumns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
        CommonColumns.Age,
        CommonColumns.Text("VolumeMode", "volumeMode defines what type of volume is required by the claim.", 1),
    ];

    public override IReadOnlyList<TableColumn> Columns => PersistentVolumeClaimColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var volume = spec.Str("volumeName") ?? "";

        // Capacity and access modes are the bound volume's, so they show only once bound.
        var capacity = volume.Length > 0 ? status.Prop("capacity").Scalar("storage") ?? "0" : "";
        var accessModes = volume.Length > 0 ? AccessModes.Format(status) : "";
        var storageClass = obj.Path("metadata", "annotations").Str("volume.beta.kubernetes.io/storage-class")
            ?? spec.Str("storageClassName")
            ?? "";
        return
        [
            JsonCells.Name(obj),
            JsonCells.IsDeleting(obj) ? "Terminating" : status.Str("phase") ?? "",
            volume,
            capacity,
            accessModes,
            storageClass,
            status.Str("currentVolumeAttributesClassName") is { Length: > 0 } vac ? vac : "<unset>",
            JsonCells.Age(obj),
            spec.Str("volumeMode") ?? "<unset>",
        ];
    }
}
