using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>VolumeAttachments: NAME ATTACHER PV NODE ATTACHED AGE.</summary>
public sealed class VolumeAttachmentTableConvertor : TableConvertor
{
    public static readonly VolumeAttachmentTableConvertor Instance = new();

    private static readonly TableColumn[] VolumeAttachmentColumns =
    [
        CommonColumns.Name,
        new("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST handle this request."),
        CommonColumns.Text("PV", "persistentVolumeName represents the name of the persistent volume to attach."),
        CommonColumns.Text("Node", "nodeName represents the node that the volume should be attached to."),
        CommonColumns.Boolean("Attached", "attached indicates the volume is successfully attached."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => VolumeAttachmentColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        return
        [
            JsonCells.Name(obj),
            spec.Str("attacher") ?? "",
            spec.Path("source").Str("persistentVolumeName") ?? "",
            spec.Str("nodeName") ?? "",
            obj.Prop("status").BoolOrNull("attached") ?? false,
            JsonCells.Age(obj),
        ];
    }
}
