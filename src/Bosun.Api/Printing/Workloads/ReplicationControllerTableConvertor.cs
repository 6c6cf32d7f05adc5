using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>ReplicationControllers: NAME DESIRED CURRENT READY AGE (wide: CONTAINERS IMAGES SELECTOR, a label map).</summary>
public sealed class ReplicationControllerTableConvertor : TableConvertor
{
    public static readonly ReplicationControllerTableConvertor Instance = new();

    private static readonly TableColumn[] ReplicationControllerColumns =
    [
        CommonColumns.Name,
        CommonColumns.Numeric("Desired", "Replicas is the number of desired replicas."),
        CommonColumns.Numeric("Current", "Replicas is the most recently observed number of replicas."),
        CommonColumns.Numeric("Ready", "The number of ready replicas for this replication controller."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("Selector is a label query over pods that should match the Replicas count."),
    ];

    public override IReadOnlyList<TableColumn> Columns => ReplicationControllerColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj, DateTimeOffset now)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var (names, images) = ContainerCells.Of(spec.Path("template", "spec"));
        return
        [
            JsonCells.Name(obj),
            spec.NumberOrNull("replicas") ?? 1,
            status.Number("replicas"),
            status.Number("readyReplicas"),
            JsonCells.Age(obj, now),
            names,
            images,
            Selectors.FormatLabels(spec.Prop("selector")),
        ];
    }
}
