using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>CronJobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (wide: CONTAINERS IMAGES SELECTOR).</summary>
public sealed class CronJobTableConvertor : TableConvertor
{
    public static readonly CronJobTableConvertor Instance = new();

    private static readonly TableColumn[] CronJobColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        CommonColumns.Text("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
        CommonColumns.Boolean("Suspend", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
        CommonColumns.Numeric("Active", "A list of pointers to currently running jobs."),
        CommonColumns.Text("Last Schedule", "Information when was the last time the job was successfully scheduled."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("A label query over pods that should match the pod count. Normally, the system sets this field for you."),
    ];

    public override IReadOnlyList<TableColumn> Columns => CronJobColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var jobSpec = spec.Path("jobTemplate", "spec");
        var (names, images) = ContainerCells.Of(jobSpec.Path("template", "spec"));
        var lastSchedule = status.Str("lastScheduleTime") is { } last ? TimeCell.Age(last) : "<none>";
        return
        [
            JsonCells.Name(obj),
            spec.Str("schedule") ?? "",
            spec.Str("timeZone") is { } zone ? zone : "<none>",
            (spec.BoolOrNull("suspend") ?? false) ? "True" : "False", // suspend defaults to false
            (long)status.Count("active"),
            lastSchedule,
            JsonCells.Age(obj),
            names,
            images,
            Selectors.FormatLabelSelector(jobSpec.Prop("selector")),
        ];
    }
}
