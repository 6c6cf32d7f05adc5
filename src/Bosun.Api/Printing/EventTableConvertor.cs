using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing;

/// <summary>core/v1 Events as kubectl shows them: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (wide: SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME).</summary>
public sealed class EventTableConvertor : TableConvertor
{
    public static readonly EventTableConvertor Instance = new();

    private static readonly TableColumn[] EventColumns =
    [
        new("Last Seen", "string", "", "Time when last this event was observed."),
        new("Type", "string", "", "Type of this event (Normal, Warning), new types could be added in the future."),
        new("Reason", "string", "", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "", "The object that this event is about."),
        new("Subobject", "string", "", "The sub-object (field) of the object this event is about.", 1),
        new("Source", "string", "", "The component reporting this event. Should be a short machine understandable string.", 1),
        new("Message", "string", "", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
        new("Count", "string", "", "The number of times this event has occurred.", 1),
        new("Name", "string", "name", "Name must be unique within a namespace.", 1),
    ];

    public override IReadOnlyList<TableColumn> Columns => EventColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var involved = obj.TryGetProperty("involvedObject", out var io) ? io : default;
        var count = obj.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : 0;
        var last = Text(obj, "lastTimestamp") ?? Text(obj, "eventTime");
        var first = Text(obj, "firstTimestamp") ?? Text(obj, "eventTime");
        var lastSeen = TimeCell.Age(last);
        var firstSeen = TimeCell.Age(first);
        if (count > 1)
        {
            var lastAge = lastSeen;
            lastSeen = new TimeCell(now => string.Create(
                CultureInfo.InvariantCulture, $"{TimeCell.TextAt(lastAge, now)} (x{count} over {TimeCell.TextAt(firstSeen, now)})"));
        }

        var source = obj.TryGetProperty("source", out var s) ? Text(s, "component") ?? "" : "";
        if (obj.TryGetProperty("source", out var src) && Text(src, "host") is { Length: > 0 } host)
        {
            source += ", " + host;
        }

        var metadata = obj.TryGetProperty("metadata", out var m) ? m : default;
        return
        [
            lastSeen,
            Text(obj, "type") ?? "",
            Text(obj, "reason") ?? "",
            $"{(Text(involved, "kind") ?? "").ToLowerInvariant()}/{Text(involved, "name")}",
            Text(involved, "fieldPath") ?? "",
            source,
            Text(obj, "message") ?? "",
            firstSeen,
            count.ToString(CultureInfo.InvariantCulture),
            Text(metadata, "name") ?? "",
        ];
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
