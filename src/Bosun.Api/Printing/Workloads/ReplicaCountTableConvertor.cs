using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>
/// The columns ReplicaSets and ReplicationControllers share: NAME DESIRED CURRENT READY AGE (wide: CONTAINERS
/// IMAGES SELECTOR). They differ only in column descriptions and in how the selector is written.
/// </summary>
public abstract class ReplicaCountTableConvertor : TableConvertor
{
    private readonly TableColumn[] _columns;
    private readonly Func<JsonElement, string> _formatSelector;

    protected ReplicaCountTableConvertor(string desired, string ready, string selector, Func<JsonElement, string> formatSelector)
    {
        _columns =
        [
            CommonColumns.Name,
            CommonColumns.Numeric("Desired", desired),
            CommonColumns.Numeric("Current", "Replicas is the most recently observed number of replicas."),
            CommonColumns.Numeric("Ready", ready),
            CommonColumns.Age,
            CommonColumns.Containers,
            CommonColumns.Images,
            CommonColumns.Selector(selector),
        ];
        _formatSelector = formatSelector;
    }

    public override IReadOnlyList<TableColumn> Columns => _columns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
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
            JsonCells.Age(obj),
            names,
            images,
            _formatSelector(spec.Prop("selector")),
        ];
    }
}
