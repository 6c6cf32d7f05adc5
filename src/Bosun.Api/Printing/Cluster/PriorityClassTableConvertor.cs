using System.Text.Json;

namespace Bosun.Api.Printing.Cluster;

/// <summary>PriorityClasses: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY.</summary>
public sealed class PriorityClassTableConvertor : TableConvertor
{
    public static readonly PriorityClassTableConvertor Instance = new();

    private static readonly TableColumn[] PriorityClassColumns =
    [
        CommonColumns.Name,
        CommonColumns.Numeric("Value", "value represents the integer value of this priority class."),
        CommonColumns.Boolean("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
        CommonColumns.Age,
        CommonColumns.Text("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority."),
    ];

    public override IReadOnlyList<TableColumn> Columns => PriorityClassColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
    [
        JsonCells.Name(obj),
        obj.Number("value"),
        obj.BoolOrNull("globalDefault") ?? false,
        JsonCells.Age(obj),
        obj.Str("preemptionPolicy") ?? "PreemptLowerPriority",
    ];
}
