using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Patching;
using Bosun.Api.Patching.ServerSideApply;

namespace Bosun.Api.Tests.Patching.ServerSideApply;

/// <summary>Lists keyed by more than one field (+listMapKey): container and service ports, topology spread constraints.</summary>
public sealed class ListMapKeyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ApplySchema PodSchema = new("", "Pod", ignoreStatus: true);

    private static JsonObject Pod(string ports) => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"dns"},"spec":{"containers":[{"name":"dns","image":"coredns","ports":{{{ports}}}}]}}
        """)!.AsObject();

    private static JsonObject Apply(JsonObject? live, JsonObject config, string manager = "m") =>
        FieldManager.Apply(live, config, PodSchema, manager, force: false, "v1", T0);

    private static JsonArray Ports(JsonObject pod) => pod["spec"]!["containers"]![0]!["ports"]!.AsArray();

    [Fact]
    public void Apply_SamePortTwoProtocols_KeepsBoth()
    {
        var pod = Apply(null, Pod("""[{"containerPort":53,"protocol":"UDP","name":"dns"},{"containerPort":53,"protocol":"TCP","name":"dns-tcp"}]"""));

        Assert.Equal(2, Ports(pod).Count);
        var fields = pod["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"dns\"}"]!["f:ports"]!.AsObject();
        Assert.Contains("k:{\"containerPort\":53,\"protocol\":\"UDP\"}", fields.Select(p => p.Key));
        Assert.Contains("k:{\"containerPort\":53,\"protocol\":\"TCP\"}", fields.Select(p => p.Key));
    }

    [Fact]
    public void Apply_PortWithoutProtocol_IsTheTcpItem()
    {
        // Stored pods have protocol defaulted; the config leaves it out, as most manifests do.
        var live = Apply(null, Pod("""[{"containerPort":80,"name":"http"}]"""));
        Ports(live)[0]!["protocol"] = "TCP";

        var next = Apply(live, Pod("""[{"containerPort":80,"name":"web"}]"""));

        var port = Assert.Single(Ports(next));
        Assert.Equal("web", (string?)port!["name"]);
    }

    [Fact]
    public void Apply_ChangingAnotherManagersProtocolItem_OnlyConflictsOnThatItem()
    {
        var live = Apply(null, Pod("""[{"containerPort":53,"protocol":"UDP","name":"dns"}]"""), manager: "a");

        // A second manager adds the TCP twin: a different item, so no conflict with "a".
        var next = Apply(live, Pod("""[{"containerPort":53,"protocol":"TCP","name":"dns-tcp"}]"""), manager: "b");
        Assert.Equal(2, Ports(next).Count);

        var conflict = Assert.Throws<ApiException>(() => Apply(next, Pod("""[{"containerPort":53,"protocol":"UDP","name":"renamed"}]"""), manager: "b"));
        Assert.Equal(409, conflict.Code);
    }

    [Fact]
    public void Apply_TopologySpreadWithoutWhenUnsatisfiable_NamesTheMissingKey()
    {
        var config = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}],
             "topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":1}]}}
            """)!.AsObject();

        var error = Assert.Throws<PatchException>(() => Apply(null, config));

        Assert.Contains("omits key field \"whenUnsatisfiable\"", error.Detail, StringComparison.Ordinal);
    }
}
