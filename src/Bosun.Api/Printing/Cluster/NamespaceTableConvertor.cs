using System.Text.Json;

namespace Bosun.Api.Printing.Cluster;

/// <summary>Namespaces: NAME STATUS AGE.</summary>
public sealed class NamespaceTableConvertor : TableConvertor
{
    public static readonly NamespaceTableConvertor Instance = new();

    private static readonly TableColumn[] NamespaceColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "The status of the namespace"),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => NamespaceColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), obj.Prop("status").Str("phase") ?? "", JsonCells.Age(obj)];
}
