using System.Text.Json;

namespace Bosun.Api.Printing.Policy;

/// <summary>PodDisruptionBudgets: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE.</summary>
public sealed class PodDisruptionBudgetTableConvertor : TableConvertor
{
    public static readonly PodDisruptionBudgetTableConvertor Instance = new();

    private static readonly TableColumn[] PodDisruptionBudgetColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Min Available", "The minimum number of pods that must be available."),
        CommonColumns.Text("Max Unavailable", "The maximum number of pods that may be unavailable."),
        CommonColumns.Numeric("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => PodDisruptionBudgetColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        return
        [
            JsonCells.Name(obj),
            spec.Scalar("minAvailable") ?? "N/A",
            spec.Scalar("maxUnavailable") ?? "N/A",
            obj.Prop("status").Number("disruptionsAllowed"),
            JsonCells.Age(obj),
        ];
    }
}
