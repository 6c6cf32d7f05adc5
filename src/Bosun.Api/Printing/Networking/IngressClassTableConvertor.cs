using System.Text.Json;

namespace Bosun.Api.Printing.Networking;

/// <summary>IngressClasses: NAME CONTROLLER PARAMETERS AGE; PARAMETERS is "Kind.group/name".</summary>
public sealed class IngressClassTableConvertor : TableConvertor
{
    public static readonly IngressClassTableConvertor Instance = new();

    private static readonly TableColumn[] IngressClassColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Controller", "Controller that is responsible for handling this class"),
        CommonColumns.Text("Parameters", "A reference to a resource with additional parameters"),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => IngressClassColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var parameters = "<none>";
        var reference = spec.Prop("parameters");
        if (reference.ValueKind == JsonValueKind.Object)
        {
            parameters = reference.Str("kind") ?? "";
            if (reference.Str("apiGroup") is { } group)
            {
                parameters += "." + group;
            }

            parameters += "/" + reference.Str("name");
        }

        return [JsonCells.Name(obj), spec.Str("controller") ?? "", parameters, JsonCells.Age(obj)];
    }
}
