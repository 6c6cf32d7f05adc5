using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>Jobs (1.33): NAME STATUS COMPLETIONS DURATION AGE (wide: CONTAINERS IMAGES SELECTOR).</summary>
public sealed class JobTableConvertor : TableConvertor
{
    public static readonly JobTableConvertor Instance = new();

    private static readonly TableColumn[] JobColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "Status of the job."),
        CommonColumns.Text("Completions", "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec."),
        CommonColumns.Text("Duration", "Time required to complete the job."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("A label query over pods that should match the pod count. Normally, the system sets this field for you."),
    ];

    public override IReadOnlyList<TableColumn> Columns => JobColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var succeeded = JsonCells.Text(status.Number("succeeded"));
        string completions;
        if (spec.NumberOrNull("completions") is { } wanted)
        {
            completions = $"{succeeded}/{JsonCells.Text(wanted)}";
        }
        else
        {
            var parallelism = spec.NumberOrNull("parallelism") ?? 0;
            completions = parallelism > 1 ? $"{succeeded}/1 of {JsonCells.Text(parallelism)}" : $"{succeeded}/1";
        }

        var start = JsonCells.Time(status.Str("startTime"));
        var completion = JsonCells.Time(status.Str("completionTime"));
        object duration = (start, completion) switch
        {
            (null, _) => "",
            ({ } from, { } to) => HumanDuration.Format(to - from),
            ({ } from, null) => TimeCell.Age(from),
        };
        var (names, images) = ContainerCells.Of(spec.Path("template", "spec"));
        return
        [
            JsonCells.Name(obj),
            State(obj, status),
            completions,
            duration,
            JsonCells.Age(obj),
            names,
            images,
            Selectors.FormatLabelSelector(spec.Prop("selector")),
        ];
    }

    private static string State(JsonElement obj, JsonElement status) =>
        JsonCells.HasTrueCondition(status, "Complete") ? "Complete"
        : JsonCells.HasTrueCondition(status, "Failed") ? "Failed"
        : JsonCells.IsDeleting(obj) ? "Terminating"
        : JsonCells.HasTrueCondition(status, "Suspended") ? "Suspended"
        : JsonCells.HasTrueCondition(status, "FailureTarget") ? "FailureTarget"
        : JsonCells.HasTrueCondition(status, "SuccessCriteriaMet") ? "SuccessCriteriaMet"
        : "Running";
}
