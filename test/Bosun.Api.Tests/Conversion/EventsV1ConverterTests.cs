using System.Text.Json.Nodes;
using Bosun.Api.Conversion;
using Bosun.Api.Objects;
using Bosun.Api.Printing;
using Bosun.Api.Tests.Printing;

namespace Bosun.Api.Tests.Conversion;

public class EventsV1ConverterTests
{
    private const string EventsV1 = """
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.1","namespace":"default"},
         "regarding":{"kind":"Pod","name":"web"},"type":"Normal","reason":"Pulled","action":"Pulling",
         "note":"Pulled image","reportingController":"kubelet","reportingInstance":"kubelet-node-1",
         "deprecatedSource":{"component":"kubelet","host":"node-1"},"eventTime":"2026-01-01T11:50:00.000000Z",
         "deprecatedCount":2,"deprecatedFirstTimestamp":"2026-01-01T11:50:00Z","deprecatedLastTimestamp":"2026-01-01T11:58:00Z"}
        """;

    [Fact]
    public void ToStorage_RenamesToCoreFields()
    {
        var core = EventsV1Converter.Instance.ToStorage(JsonNode.Parse(EventsV1)!.AsObject());

        Assert.Equal("v1", (string?)core["apiVersion"]);
        Assert.Equal("web", (string?)core["involvedObject"]?["name"]);
        Assert.Equal("Pulled image", (string?)core["message"]);
        Assert.Equal("kubelet", (string?)core["reportingComponent"]);
        Assert.Equal("kubelet-node-1", (string?)core["reportingInstance"]);
        Assert.Equal("node-1", (string?)core["source"]?["host"]);
        Assert.Equal(2, (int?)core["count"]);
        Assert.Equal("2026-01-01T11:50:00Z", (string?)core["firstTimestamp"]);
        Assert.Equal("2026-01-01T11:58:00Z", (string?)core["lastTimestamp"]);
        Assert.Null(core["regarding"]);
        Assert.Null(core["note"]);
    }

    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        var original = JsonNode.Parse(EventsV1)!.AsObject();

        var back = EventsV1Converter.Instance.FromStorage(EventsV1Converter.Instance.ToStorage(original));

        Assert.True(JsonNode.DeepEquals(original, back), back.ToJsonString());
    }

    [Fact]
    public void Stored_PrintsLikeACoreEvent()
    {
        var stored = ObjectJson.ToStored(EventsV1Converter.Instance.ToStorage(JsonNode.Parse(EventsV1)!.AsObject()));

        var row = Rows.Of(EventTableConvertor.Instance, System.Text.Encoding.UTF8.GetString(stored));

        Assert.Equal(["2m (x2 over 10m)", "Normal", "Pulled", "pod/web", "", "kubelet, node-1", "Pulled image", "10m", "2", "web.1"], row);
    }
}
