using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing.Policy;

/// <summary>
/// HorizontalPodAutoscalers (autoscaling/v2 and v1): NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
/// TARGETS shows "cpu: 40%/80%" per metric, at most two, then "+ N more...".
/// </summary>
public sealed class HorizontalPodAutoscalerTableConvertor : TableConvertor
{
    public static readonly HorizontalPodAutoscalerTableConvertor Instance = new();

    private const int MaxTargets = 2;

    private static readonly TableColumn[] HpaColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
        CommonColumns.Text("Targets", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."),
        CommonColumns.Text("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
        CommonColumns.Text("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."),
        CommonColumns.Text("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => HpaColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var target = spec.Prop("scaleTargetRef");
        return
        [
            JsonCells.Name(obj),
            $"{target.Str("kind")}/{target.Str("name")}",
            IsV1(obj) ? V1Targets(spec, status) : Targets(spec, status),
            spec.NumberOrNull("minReplicas") is { } min ? JsonCells.Text(min) : "<unset>",
            spec.Number("maxReplicas"),
            status.Number("currentReplicas"),
            JsonCells.Age(obj),
        ];
    }

    // Both versions share one convertor (the table writer knows the kind, not the version): a v1
    // object is told apart by its apiVersion or its v1-only target field.
    private static bool IsV1(JsonElement obj) =>
        obj.Str("apiVersion") == "autoscaling/v1"
        || obj.Prop("spec").NumberOrNull("targetCPUUtilizationPercentage") is not null;

    private static string V1Targets(JsonElement spec, JsonElement status)
    {
        if (spec.NumberOrNull("targetCPUUtilizationPercentage") is not { } wanted)
        {
            return "<none>";
        }

        var current = status.NumberOrNull("currentCPUUtilizationPercentage") is { } c ? Percent(c) : "<unknown>";
        return $"cpu: {current}/{Percent(wanted)}";
    }

    private static string Targets(JsonElement spec, JsonElement status)
    {
        var specs = new List<JsonElement>();
        foreach (var metric in spec.Items("metrics"))
        {
            specs.Add(metric);
        }

        if (specs.Count == 0)
        {
            return "<none>";
        }

        var statuses = new List<JsonElement>();
        foreach (var metric in status.Items("currentMetrics"))
        {
            statuses.Add(metric);
        }

        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var current = i < statuses.Count ? statuses[i] : default;
            list.Add(specs[i].Str("type") switch
            {
                "External" => ValueTarget(specs[i].Prop("external"), current.Prop("external")),
                "Object" => ValueTarget(specs[i].Prop("object"), current.Prop("object")),
                "Pods" => $"{current.Path("pods", "current").Scalar("averageValue") ?? "<unknown>"}/{specs[i].Path("pods", "target").Scalar("averageValue")}",
                "Resource" => ResourceTarget(specs[i].Prop("resource"), current.Prop("resource")),
                "ContainerResource" => ResourceTarget(specs[i].Prop("containerResource"), current.Prop("containerResource")),
                _ => "<unknown type>",
            });
        }

        if (list.Count > MaxTargets)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", list.Take(MaxTargets))} + {list.Count - MaxTargets} more...");
        }

        return string.Join(", ", list);
    }

    private static string ValueTarget(JsonElement source, JsonElement current)
    {
        var target = source.Prop("target");
        if (target.Scalar("averageValue") is { } average)
        {
            return $"{current.Prop("current").Scalar("averageValue") ?? "<unknown>"}/{average} (avg)";
        }

        var value = current.ValueKind == JsonValueKind.Object ? current.Prop("current").Scalar("value") ?? "0" : "<unknown>";
        return $"{value}/{target.Scalar("value")}";
    }

    private static string ResourceTarget(JsonElement source, JsonElement current)
    {
        var name = source.Str("name");
        var target = source.Prop("target");
        if (target.Scalar("averageValue") is { } average)
        {
            var currentValue = current.ValueKind == JsonValueKind.Object ? current.Prop("current").Scalar("averageValue") ?? "0" : "<unknown>";
            return $"{name}: {currentValue}/{average}";
        }

        var currentUtilization = current.Prop("current").NumberOrNull("averageUtilization") is { } u ? Percent(u) : "<unknown>";
        var wanted = target.NumberOrNull("averageUtilization") is { } w ? Percent(w) : "<auto>";
        return $"{name}: {currentUtilization}/{wanted}";
    }

    private static string Percent(long value) => JsonCells.Text(value) + "%";
}
