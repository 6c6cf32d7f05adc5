using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>ReplicaSets: NAME DESIRED CURRENT READY AGE (wide: CONTAINERS IMAGES SELECTOR).</summary>
public sealed class ReplicaSetTableConvertor : TableConvertor
{
    public static readonly ReplicaSetTableConvertor Instance = new();

    private static readonly TableColumn[] ReplicaSetColumns =
    [
        CommonColumns.Name,
        CommonColumns.Numeric("Desired", "Replicas is the number of desired pods."),
        CommonColumns.Numeric("Current", "Replicas is the most recently observed number of replicas."),
        CommonColumns.Numeric("Ready", "The number of ready replicas for this replica set."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("Selector is a label query over pods that should match the replica count."),
    ];

    public override IReadOnlyList<TableColumn> Columns => ReplicaSetColumns;

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
            Selectors.FormatLabelSelector(spec.Prop("selector")),
        ];
    }
}
