using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>StatefulSets: NAME READY AGE (wide: CONTAINERS IMAGES).</summary>
public sealed class StatefulSetTableConvertor : TableConvertor
{
    public static readonly StatefulSetTableConvertor Instance = new();

    private static readonly TableColumn[] StatefulSetColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Ready", "Number of the pod with ready state"),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
    ];

    public override IReadOnlyList<TableColumn> Columns => StatefulSetColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var (names, images) = ContainerCells.Of(spec.Path("template", "spec"));
        return
        [
            JsonCells.Name(obj),
            $"{JsonCells.Text(obj.Prop("status").Number("readyReplicas"))}/{JsonCells.Text(spec.NumberOrNull("replicas") ?? 1)}",
            JsonCells.Age(obj),
            names,
            images,
        ];
    }
}
