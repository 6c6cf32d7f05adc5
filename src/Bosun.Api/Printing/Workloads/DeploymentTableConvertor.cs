using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>Deployments: NAME READY UP-TO-DATE AVAILABLE AGE (wide: CONTAINERS IMAGES SELECTOR).</summary>
public sealed class DeploymentTableConvertor : TableConvertor
{
    public static readonly DeploymentTableConvertor Instance = new();

    private static readonly TableColumn[] DeploymentColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Ready", "Number of the pod with ready state"),
        CommonColumns.Text("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        CommonColumns.Text("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
    ];

    public override IReadOnlyList<TableColumn> Columns => DeploymentColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");

        // The printer sees the defaulted object: spec.replicas defaults to 1.
        var desired = spec.NumberOrNull("replicas") ?? 1;
        var (names, images) = ContainerCells.Of(spec.Path("template", "spec"));
        return
        [
            JsonCells.Name(obj),
            $"{JsonCells.Text(status.Number("readyReplicas"))}/{JsonCells.Text(desired)}",
            status.Number("updatedReplicas"),
            status.Number("availableReplicas"),
            JsonCells.Age(obj),
            names,
            images,
            Selectors.FormatLabelSelector(spec.Prop("selector")),
        ];
    }
}
