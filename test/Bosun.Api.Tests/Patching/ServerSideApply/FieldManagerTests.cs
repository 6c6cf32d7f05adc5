using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Patching.ServerSideApply;

namespace Bosun.Api.Tests.Patching.ServerSideApply;

public sealed class FieldManagerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ApplySchema ConfigMapSchema = new("", "ConfigMap", ignoreStatus: false);
    private static readonly ApplySchema DeploymentSchema = new("apps", "Deployment", ignoreStatus: true);

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject ApplyCm(JsonObject? live, string config, string manager = "m", bool force = false) =>
        FieldManager.Apply(live, Obj(config), ConfigMapSchema, manager, force, "v1", T0);

    private static JsonObject Fields(JsonObject obj, string manager) =>
        (JsonObject)obj["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == manager)!["fieldsV1"]!;

    [Fact]
    public void Apply_NoLiveObject_CreatesWithApplyEntry()
    {
        var created = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");

        var entry = created["metadata"]!["managedFields"]![0]!;
        Assert.Equal("m", entry["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:00:00Z", entry["time"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:data":{"f:a":{}}}"""), entry["fieldsV1"]));
    }

    [Fact]
    public void Apply_FieldDroppedFromConfig_IsRemoved()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"x":"1"}},"data":{"a":"1","b":"2"}}""");

        var next = ApplyCm(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"1"}"""), next["data"]));
        Assert.Null(next["metadata"]!["labels"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:data":{"f:a":{}}}"""), Fields(next, "m")));
    }

    [Fact]
    public void Apply_DroppedFieldOwnedByAnother_IsKept()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}""");
        live = ApplyCm(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"b":"2"}}""", manager: "n");

        var next = ApplyCm(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"1","b":"2"}"""), next["data"]));
    }

    [Fact]
    public void Apply_ChangesValueOwnedByAnother_Is409WithCauses()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""", manager: "first");

        var e = Assert.Throws<ApiException>(() => ApplyCm(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"2"}}"""));

        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"first\": .data.a", e.Message);
        var cause = Assert.Single(e.Causes);
        Assert.Equal(new StatusCause("FieldManagerConflict", "conflict with \"first\"", ".data.a"), cause);
    }

    [Fact]
    public void Apply_SameValueAsAnother_SharesOwnership()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""", manager: "first");

        var next = ApplyCm(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");

        Assert.Equal(2, next["metadata"]!["managedFields"]!.AsArray().Count);
    }

    [Fact]
    public void Apply_Force_TakesOwnership()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"1"}}""", manager: "first");

        var next = ApplyCm(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"2"}}""", force: true);

        Assert.Equal("2", next["data"]!["a"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:data":{"f:b":{}}}"""), Fields(next, "first")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:data":{"f:a":{}}}"""), Fields(next, "m")));
    }

    [Fact]
    public void Apply_KeyedList_MergesByKeyAndRemovesDroppedItems()
    {
        var live = FieldManager.Apply(null, Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}}
            """), DeploymentSchema, "m", false, "apps/v1", T0);
        live["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"] = "Always";

        var next = FieldManager.Apply(live, Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:2"}]}}}}
            """), DeploymentSchema, "m", false, "apps/v1", T0);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"name":"a","image":"a:2","imagePullPolicy":"Always"}]"""),
            next["spec"]!["template"]!["spec"]!["containers"]));
    }

    [Fact]
    public void Apply_ConflictWithUpdater_NamesItsApiVersion()
    {
        var live = Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1}}""");
        FieldManager.RecordUpdate(null, live, DeploymentSchema, "kubectl-client-side-apply", "apps/v1", "", T0);

        var e = Assert.Throws<ApiException>(() => FieldManager.Apply(
            live, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":3}}"""), DeploymentSchema, "kubectl", false, "apps/v1", T0));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", e.Message);
    }

    [Fact]
    public void RecordUpdate_ChangedField_MovesToUpdater()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"1"}}""");
        var next = (JsonObject)live.DeepClone();
        next["data"]!["a"] = "2";
        next["data"]!.AsObject().Remove("b");

        FieldManager.RecordUpdate(live, next, ConfigMapSchema, "kubectl-edit", "v1", "", T0);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:data":{"f:a":{}}}"""), Fields(next, "kubectl-edit")));
        Assert.DoesNotContain(next["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "m");
    }

    [Fact]
    public void RecordUpdate_ResetEntry_StripsManagedFields()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");
        var next = (JsonObject)live.DeepClone();
        next["metadata"]!["managedFields"] = JsonNode.Parse("[{}]");

        FieldManager.RecordUpdate(live, next, ConfigMapSchema, "x", "v1", "", T0);

        Assert.Null(next["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Apply_ManagedFieldsInConfig_Is400()
    {
        var e = Assert.Throws<ApiException>(() => ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[]}}"""));

        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void Apply_SetItems_UnionAndDroppedItemRemoved()
    {
        var live = ApplyCm(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["a/x","a/y"]}}""");
        live["metadata"]!["finalizers"]!.AsArray().Add("b/z");

        var next = ApplyCm(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["a/x"]}}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["a/x","b/z"]"""), next["metadata"]!["finalizers"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:metadata":{"f:finalizers":{"v:\"a/x\"":{}}}}"""), Fields(next, "m")));
    }

    [Fact]
    public void Apply_StatusOnMainResource_IsIgnored()
    {
        var live = FieldManager.Apply(null, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1}}"""), DeploymentSchema, "m", false, "apps/v1", T0);
        live["status"] = JsonNode.Parse("""{"replicas":1}""");

        var next = FieldManager.Apply(live, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1},"status":{"replicas":9}}"""), DeploymentSchema, "m", false, "apps/v1", T0);

        Assert.Equal(1, next["status"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void RecordUpdate_NothingChanged_KeepsEntryTime()
    {
        var live = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");
        FieldManager.RecordUpdate(null, live, ConfigMapSchema, "u", "v1", "", T0);
        var next = (JsonObject)live.DeepClone();

        FieldManager.RecordUpdate(live, next, ConfigMapSchema, "u", "v1", "", T0.AddHours(1));

        Assert.True(JsonNode.DeepEquals(live, next));
    }
}
