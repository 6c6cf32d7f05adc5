using System.Text.Json;

namespace Bosun.Api.Printing.Cluster;

/// <summary>
/// events.k8s.io/v1 Events. Kubernetes serves them from core events' storage, so they print like core
/// events; this maps the v1 fields (regarding, note, deprecated*) onto the core shape.
/// </summary>
public sealed class EventsV1TableConvertor : TableConvertor
{
    public static readonly EventsV1TableConvertor Instance = new();

    public override IReadOnlyList<TableColumn> Columns => EventTableConvertor.Instance.Columns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("metadata");
            obj.Prop("metadata").WriteTo(writer);
            Copy(writer, obj, "regarding", "involvedObject");
            Copy(writer, obj, "type", "type");
            Copy(writer, obj, "reason", "reason");
            Copy(writer, obj, "note", "message");
            Copy(writer, obj, "deprecatedCount", "count");
            Copy(writer, obj, "deprecatedFirstTimestamp", "firstTimestamp");
            Copy(writer, obj, "deprecatedLastTimestamp", "lastTimestamp");
            Copy(writer, obj, "eventTime", "eventTime");
            var source = obj.Prop("deprecatedSource");
            writer.WritePropertyName("source");
            writer.WriteStartObject();
            writer.WriteString("component", source.Str("component") ?? obj.Str("reportingController") ?? "");
            writer.WriteString("host", source.Str("host") ?? "");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var core = JsonDocument.Parse(buffer.ToArray());
        return EventTableConvertor.Instance.Cells(core.RootElement);
    }

    private static void Copy(Utf8JsonWriter writer, JsonElement obj, string from, string to)
    {
        var value = obj.Prop(from);
        if (value.ValueKind != JsonValueKind.Undefined)
        {
            writer.WritePropertyName(to);
            value.WriteTo(writer);
        }
    }
}
