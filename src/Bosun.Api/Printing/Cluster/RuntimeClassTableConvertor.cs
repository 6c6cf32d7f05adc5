using System.Text.Json;

namespace Bosun.Api.Printing.Cluster;

/// <summary>RuntimeClasses: NAME HANDLER AGE.</summary>
public sealed class RuntimeClassTableConvertor : TableConvertor
{
    public static readonly RuntimeClassTableConvertor Instance = new();

    private static readonly TableColumn[] RuntimeClassColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Handler", "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => RuntimeClassColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), obj.Str("handler") ?? "", JsonCells.Age(obj)];
}
