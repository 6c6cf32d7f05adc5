using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>ControllerRevisions: NAME CONTROLLER REVISION AGE; CONTROLLER is "kind.group/name" of the controlling owner.</summary>
public sealed class ControllerRevisionTableConvertor : TableConvertor
{
    public static readonly ControllerRevisionTableConvertor Instance = new();

    private static readonly TableColumn[] ControllerRevisionColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Controller", "Controller of the object"),
        CommonColumns.Text("Revision", "Revision indicates the revision of the state represented by Data."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => ControllerRevisionColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var controller = "<none>";
        foreach (var owner in obj.Prop("metadata").Items("ownerReferences"))
        {
            if (owner.BoolOrNull("controller") != true)
            {
                continue;
            }

            var apiVersion = owner.Str("apiVersion") ?? "";
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var group = slash < 0 ? "" : apiVersion[..slash];
            var kind = owner.Str("kind") ?? "";
            var groupKind = group.Length == 0 ? kind : kind + "." + group;
            controller = groupKind.Length == 0 ? owner.Str("name") ?? "" : groupKind.ToLowerInvariant() + "/" + owner.Str("name");
            break;
        }

        return [JsonCells.Name(obj), controller, obj.Number("revision"), JsonCells.Age(obj)];
    }
}
