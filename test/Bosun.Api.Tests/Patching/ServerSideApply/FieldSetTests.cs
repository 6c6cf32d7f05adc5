using System.Text.Json.Nodes;
using Bosun.Api.Patching.ServerSideApply;

namespace Bosun.Api.Tests.Patching.ServerSideApply;

public sealed class FieldSetTests
{
    private static readonly ApplySchema DeploymentSchema = new("apps", "Deployment", ignoreStatus: true);

    [Fact]
    public void Of_Deployment_HasLeavesKeyedItemsAndNoServerFields()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"ns","uid":"u","resourceVersion":"3","labels":{"app":"web"},"finalizers":["a/b"]},
             "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"i","args":["x","y"]}]}}},
             "status":{"replicas":2}}
            """)!.AsObject();

        var set = FieldSetBuilder.Of(obj, DeploymentSchema);

        var expected = JsonNode.Parse("""
            {"f:metadata":{"f:finalizers":{"v:\"a/b\"":{}},"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:args":{},"f:image":{},"f:name":{}}}}}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, set.ToFieldsV1()), set.ToFieldsV1().ToJsonString());
    }

    [Fact]
    public void FromFieldsV1_RoundTrips()
    {
        var fields = JsonNode.Parse("""
            {"f:data":{"f:a":{},"f:b":{}},"f:spec":{"f:ports":{"k:{\"port\":80}":{".":{},"f:port":{}}}}}
            """);

        var set = FieldSet.FromFieldsV1(fields);

        Assert.Equal(4, set.Paths.Count);
        Assert.True(set.Has(FieldPath.Of("f:spec", "f:ports", "k:{\"port\":80}")));
        Assert.True(JsonNode.DeepEquals(fields, set.ToFieldsV1()));
    }

    [Fact]
    public void FromFieldsV1_NotATrie_Throws()
    {
        Assert.Throws<FormatException>(() => FieldSet.FromFieldsV1(JsonNode.Parse("""{"x":{}}""")));
    }

    [Fact]
    public void ToString_KeyAndValueElements_PrintLikeKubernetes()
    {
        var path = FieldPath.Of("f:spec", "f:containers", "k:{\"name\":\"c\"}", "f:image");

        Assert.Equal(".spec.containers[name=\"c\"].image", path.ToString());
        Assert.Equal(".metadata.finalizers[=\"x\"]", FieldPath.Of("f:metadata", "f:finalizers", "v:\"x\"").ToString());
    }

    [Fact]
    public void Of_KeyedItemWithoutKey_IsInvalid()
    {
        var obj = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"image":"i"}]}}}}""")!.AsObject();

        var e = Assert.Throws<Bosun.Api.Patching.PatchException>(() => FieldSetBuilder.Of(obj, DeploymentSchema));

        Assert.Equal(422, e.StatusCode);
    }
}
