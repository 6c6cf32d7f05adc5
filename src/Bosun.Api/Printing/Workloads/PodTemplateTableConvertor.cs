using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>PodTemplates: NAME CONTAINERS IMAGES POD LABELS.</summary>
public sealed class PodTemplateTableConvertor : TableConvertor
{
    public static readonly PodTemplateTableConvertor Instance = new();

    private static readonly TableColumn[] PodTemplateColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Containers", "Names of each container in the template."),
        CommonColumns.Text("Images", "Images referenced by each container in the template."),
        CommonColumns.Text("Pod Labels", "The labels for the pod template."),
    ];

    public override IReadOnlyList<TableColumn> Columns => PodTemplateColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var template = obj.Prop("template");
        var (names, images) = ContainerCells.Of(template.Prop("spec"));
        return [JsonCells.Name(obj), names, images, Selectors.FormatLabels(template.Path("metadata", "labels"))];
    }
}
