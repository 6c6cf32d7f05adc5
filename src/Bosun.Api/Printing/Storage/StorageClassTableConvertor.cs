using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>StorageClasses: NAME ("(default)" marked) PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE.</summary>
public sealed class StorageClassTableConvertor : TableConvertor
{
    public static readonly StorageClassTableConvertor Instance = new();

    private static readonly TableColumn[] StorageClassColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Provisioner", "provisioner indicates the type of the provisioner."),
        CommonColumns.Text("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
        CommonColumns.Text("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used."),
        CommonColumns.Text("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => StorageClassColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var annotations = obj.Path("metadata", "annotations");
        var isDefault = annotations.Str("storageclass.kubernetes.io/is-default-class") == "true"
            || annotations.Str("storageclass.beta.kubernetes.io/is-default-class") == "true";
        var name = JsonCells.Name(obj);
        return
        [
            isDefault ? name + " (default)" : name,
            obj.Str("provisioner") ?? "",
            obj.Str("reclaimPolicy") ?? "Delete",
            obj.Str("volumeBindingMode") ?? "Immediate",
            obj.BoolOrNull("allowVolumeExpansion") ?? false,
            JsonCells.Age(obj),
        ];
    }
}
