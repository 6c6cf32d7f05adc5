using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>PersistentVolumes: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE (wide: VOLUMEMODE).</summary>
public sealed class PersistentVolumeTableConvertor : TableConvertor
{
    public static readonly PersistentVolumeTableConvertor Instance = new();

    private static readonly TableColumn[] PersistentVolumeColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
        CommonColumns.Text("Access Modes", "accessModes contains all ways the volume can be mounted."),
        CommonColumns.Text("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
        CommonColumns.Text("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
        CommonColumns.Text("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
        CommonColumns.Text("StorageClass", "StorageClass of the pv"),
        CommonColumns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
        CommonColumns.Text("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
        CommonColumns.Age,
        CommonColumns.Text("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1),
    ];

    public override IReadOnlyList<TableColumn> Columns => PersistentVolumeColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var claimRef = spec.Prop("claimRef");
        var claim = claimRef.ValueKind == JsonValueKind.Object ? $"{claimRef.Str("namespace")}/{claimRef.Str("name")}" : "";
        var phase = JsonCells.IsDeleting(obj) ? "Terminating" : status.Str("phase") ?? "";
        return
        [
            JsonCells.Name(obj),
            spec.Prop("capacity").Scalar("storage") ?? "0",
            AccessModes.Format(spec),
            spec.Str("persistentVolumeReclaimPolicy") ?? "",
            phase,
            claim,
            StorageClassOf(obj),
            spec.Str("volumeAttributesClassName") is { Length: > 0 } vac ? vac : "<unset>",
            status.Str("reason") ?? "",
            JsonCells.Age(obj),
            spec.Str("volumeMode") ?? "<unset>",
        ];
    }

    private static string StorageClassOf(JsonElement obj) =>
        obj.Path("metadata", "annotations").Str("volume.beta.kubernetes.io/storage-class")
        ?? obj.Prop("spec").Str("storageClassName")
        ?? "";
}
