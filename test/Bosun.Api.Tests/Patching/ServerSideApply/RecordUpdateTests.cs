using System.Text.Json.Nodes;
using Bosun.Api.Patching.ServerSideApply;

namespace Bosun.Api.Tests.Patching.ServerSideApply;

/// <summary>
/// Which fields an update takes, found by one walk over the old and new object: list items matched by
/// key wherever they sit, items keyed by several fields, nested keyed lists, nulls.
/// </summary>
public sealed class RecordUpdateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ApplySchema PodSchema = new("", "Pod", ignoreStatus: true);

    /// <summary>A pod created by "creator": two containers, each with keyed ports and env.</summary>
    private static JsonObject CreatedPod()
    {
        var pod = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"a","tier":null}},"spec":{"containers":[
              {"name":"a","image":"a:1","ports":[{"containerPort":80,"protocol":"TCP","name":"http"},{"containerPort":80,"protocol":"UDP","name":"udp"}],
               "env":[{"name":"X","value":"1"},{"name":"Y","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],"args":["-v","-q"]},
              {"name":"b","image":"b:1","env":[{"name":"X","value":"2"}]}]}}
            """)!.AsObject();
        FieldManager.RecordUpdate(null, pod, PodSchema, "creator", "v1", "", T0);
        return pod;
    }

    private static JsonObject Update(JsonObject live, Action<JsonObject> change)
    {
        var next = (JsonObject)live.DeepClone();
        change(next);
        FieldManager.RecordUpdate(live, next, PodSchema, "editor", "v1", "", T0.AddHours(1));
        return next;
    }

    private static JsonNode? Fields(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().SingleOrDefault(e => (string?)e!["manager"] == manager)?["fieldsV1"];

    private static JsonArray Containers(JsonObject pod) => pod["spec"]!["containers"]!.AsArray();

    private static void AssertFields(string expected, JsonNode? actual) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), actual?.ToJsonString());

    [Fact]
    public void RecordUpdate_ItemsMoved_TakesNothing()
    {
        var live = CreatedPod();

        var next = Update(live, pod =>
        {
            var containers = Containers(pod);
            var first = containers[0]!;
            containers.RemoveAt(0);
            containers.Add(first);
            var ports = first["ports"]!.AsArray();
            var port = ports[0]!;
            ports.RemoveAt(0);
            ports.Add(port);
        });

        Assert.Null(Fields(next, "editor"));
        Assert.Equal(live["metadata"]!["managedFields"]!.ToJsonString(), next["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public void RecordUpdate_ItemRemoved_LeavesEveryOwner()
    {
        var live = CreatedPod();

        var next = Update(live, pod => Containers(pod).RemoveAt(0));

        Assert.Null(Fields(next, "editor"));
        AssertFields("""
            {"f:metadata":{"f:labels":{"f:app":{},"f:tier":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"b\"}":{".":{},"f:env":{"k:{\"name\":\"X\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:name":{}}}}}
            """, Fields(next, "creator"));
    }

    [Fact]
    public void RecordUpdate_KeyChanged_IsANewItemTakenWhole()
    {
        var live = CreatedPod();

        var next = Update(live, pod => Containers(pod)[1]!["name"] = "c");

        AssertFields("""
            {"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:env":{"k:{\"name\":\"X\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:name":{}}}}}
            """, Fields(next, "editor"));
        Assert.Null(Fields(next, "creator")!["f:spec"]!["f:containers"]!["k:{\"name\":\"b\"}"]);
    }

    [Fact]
    public void RecordUpdate_NestedKeyedListsWithCompositeKeys_TakesOnlyTheChangedLeaves()
    {
        var live = CreatedPod();

        var next = Update(live, pod =>
        {
            var a = Containers(pod)[0]!;
            a["ports"]![1]!["name"] = "dns";
            a["env"]![1]!["valueFrom"]!["fieldRef"]!["fieldPath"] = "metadata.namespace";
            a["args"]![1] = "-x";
        });

        AssertFields("""
            {"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{"f:args":{},"f:env":{"k:{\"name\":\"Y\"}":{"f:valueFrom":{"f:fieldRef":{"f:fieldPath":{}}}}},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"UDP\"}":{"f:name":{}}}}}}}
            """, Fields(next, "editor"));
        Assert.NotNull(Fields(next, "creator")!["f:spec"]!["f:containers"]!["k:{\"name\":\"a\"}"]!["f:ports"]!["k:{\"containerPort\":80,\"protocol\":\"TCP\"}"]!["f:name"]);
    }

    [Fact]
    public void RecordUpdate_NullValues_NullToNullIsNoChangeValueToNullIs()
    {
        var live = CreatedPod();

        var next = Update(live, pod =>
        {
            pod["metadata"]!["labels"]!["tier"] = null;
            pod["metadata"]!["labels"]!["app"] = null;
        });

        AssertFields("""{"f:metadata":{"f:labels":{"f:app":{}}}}""", Fields(next, "editor"));
    }

    [Fact]
    public void RecordUpdate_RepeatedKey_ComparesTheFirstItem()
    {
        var live = CreatedPod();
        Containers(live)[1]!["env"]!.AsArray().Add(JsonNode.Parse("""{"name":"X","value":"3"}"""));

        // The repeated X changes: a lookup by key finds the first X, unchanged, so nothing is taken.
        var next = Update(live, pod => Containers(pod)[1]!["env"]![1]!["value"] = "4");
        Assert.Null(Fields(next, "editor"));

        // The first X changes: taken.
        next = Update(live, pod => Containers(pod)[1]!["env"]![0]!["value"] = "4");
        AssertFields("""{"f:spec":{"f:containers":{"k:{\"name\":\"b\"}":{"f:env":{"k:{\"name\":\"X\"}":{"f:value":{}}}}}}}""", Fields(next, "editor"));
    }

    [Fact]
    public void RecordUpdate_PortWithDefaultedProtocol_MatchesTheTcpItem()
    {
        var live = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"a:1","ports":[{"containerPort":80,"name":"http"}]}]}}
            """)!.AsObject();
        FieldManager.RecordUpdate(null, live, PodSchema, "creator", "v1", "", T0);

        var next = Update(live, pod => Containers(pod)[0]!["ports"]![0]!["name"] = "web");

        AssertFields("""{"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{"f:name":{}}}}}}}""", Fields(next, "editor"));
    }

    [Fact]
    public void RecordUpdate_StoredItemWithoutKeyOutsideTheChange_FailsAsListingTheObjectDoes()
    {
        var live = CreatedPod();
        Containers(live)[1]!["ports"] = JsonNode.Parse("""[{"name":"nokey"}]""");

        var error = Assert.Throws<Bosun.Api.Patching.PatchException>(() => Update(live, pod => pod["metadata"]!["labels"]!["app"] = "b"));

        Assert.Contains("omits key field \"containerPort\"", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordUpdate_LargeMapChangedAndListsOfOtherTypes_TakesTheChangedEntriesOnly()
    {
        var live = CreatedPod();
        var labels = live["metadata"]!["labels"]!.AsObject();
        for (var i = 0; i < 100; i++)
        {
            labels[$"k{i}"] = $"v{i}";
        }

        var next = Update(live, pod =>
        {
            var l = pod["metadata"]!["labels"]!.AsObject();
            l["k7"] = "changed";
            l.Remove("k8");
            l["new"] = "x";
            Containers(pod)[0]!["args"] = JsonNode.Parse("""{"not":"a list"}""");
        });

        AssertFields("""
            {"f:metadata":{"f:labels":{"f:k7":{},"f:new":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{"f:args":{"f:not":{}}}}}}
            """, Fields(next, "editor"));
        Assert.Null(Fields(next, "creator")!["f:spec"]!["f:containers"]!["k:{\"name\":\"a\"}"]!["f:args"]);
    }
}
