using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>CSINodes: NAME DRIVERS AGE.</summary>
public sealed class CsiNodeTableConvertor : TableConvertor
{
    public static readonly CsiNodeTableConvertor Instance = new();

    private static readonly TableColumn[] CsiNodeColumns =
    [
        CommonColumns.Name,
        CommonColumns.Numeric("Drivers", "Drivers indicates the number of CSI drivers registered on the node"),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => CsiNodeColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), (long)obj.Prop("spec").Count("drivers"), JsonCells.Age(obj)];
}
