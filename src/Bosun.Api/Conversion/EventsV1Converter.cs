using System.Text.Json.Nodes;

namespace Bosun.Api.Conversion;

/// <summary>
/// events.k8s.io/v1 Events are core v1 Events under other field names (Kubernetes stores both as core
/// events): regarding = involvedObject, note = message, reportingController = reportingComponent, and
/// the deprecated* fields are core's source, firstTimestamp, lastTimestamp and count.
/// </summary>
public sealed class EventsV1Converter : VersionConverter
{
    public static readonly EventsV1Converter Instance = new();

    private static readonly (string EventsV1, string Core)[] Renamed =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    public override string StorageGroup => "";

    public override string StorageApiVersion => "v1";

    public override string ServedApiVersion => "events.k8s.io/v1";

    protected override JsonObject Convert(JsonObject source, bool toStorage)
    {
        var result = (JsonObject)source.DeepClone();
        foreach (var (eventsV1, core) in Renamed)
        {
            if (toStorage)
            {
                Rename(result, eventsV1, core);
            }
            else
            {
                Rename(result, core, eventsV1);
            }
        }

        return result;
    }
}
