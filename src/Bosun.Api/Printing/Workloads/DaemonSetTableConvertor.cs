using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>DaemonSets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE (wide: CONTAINERS IMAGES SELECTOR).</summary>
public sealed class DaemonSetTableConvertor : TableConvertor
{
    public static readonly DaemonSetTableConvertor Instance = new();

    private static readonly TableColumn[] DaemonSetColumns =
    [
        CommonColumns.Name,
        CommonColumns.Numeric("Desired", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
        CommonColumns.Numeric("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
        CommonColumns.Numeric("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
        CommonColumns.Numeric("Up-to-date", "The total number of nodes that are running updated daemon pod"),
        CommonColumns.Numeric("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        CommonColumns.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("A label query over pods that are managed by the daemon set. Must match in order to be controlled."),
    ];

    public override IReadOnlyList<TableColumn> Columns => DaemonSetColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var podSpec = spec.Path("template", "spec");
        var (names, images) = ContainerCells.Of(podSpec);
        return
        [
            JsonCells.Name(obj),
            status.Number("desiredNumberScheduled"),
            status.Number("currentNumberScheduled"),
            status.Number("numberReady"),
            status.Number("updatedNumberScheduled"),
            status.Number("numberAvailable"),
            Selectors.FormatLabels(podSpec.Prop("nodeSelector")),
            JsonCells.Age(obj),
            names,
            images,
            Selectors.FormatLabelSelector(spec.Prop("selector")),
        ];
    }
}
