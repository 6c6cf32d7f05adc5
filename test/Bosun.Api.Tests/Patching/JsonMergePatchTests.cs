using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Patching;

namespace Bosun.Api.Tests.Patching;

public sealed class JsonMergePatchTests
{
    private static JsonNode? Apply(string target, string patch) =>
        JsonMergePatch.Apply(JsonNode.Parse(target), Encoding.UTF8.GetBytes(patch));

    // RFC 7386 appendix A, except the two rows Kubernetes rejects (see the 400 tests below).
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_Rfc7386Examples_MatchAppendix(string target, string patch, string expected) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), Apply(target, patch)), Apply(target, patch)?.ToJsonString());

    [Theory]
    [InlineData("null")]
    [InlineData("\"bar\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("{not json")]
    public void Apply_PatchNotObjectOrArray_Is400InvalidJsonPatch(string patch)
    {
        var e = Assert.Throws<PatchException>(() => Apply("""{"a":"foo"}""", patch));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("Invalid JSON Patch", e.Message);
    }

    [Fact]
    public void Apply_NestedLabels_MergeAndDelete()
    {
        var result = Apply(
            """{"metadata":{"name":"a","labels":{"x":"1","y":"2"}},"spec":{"replicas":1}}""",
            """{"metadata":{"labels":{"x":null,"z":"3"}},"spec":{"replicas":3}}""");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"metadata":{"name":"a","labels":{"y":"2","z":"3"}},"spec":{"replicas":3}}"""),
            result));
    }

    [Fact]
    public void Apply_NewValueWithNestedNulls_PrunesThemInsideArraysToo() =>
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"a":1,"b":[{"c":1},null]}"""),
            Apply("""{"a":1}""", """{"b":[{"c":1,"d":null},null]}""")));

    [Fact]
    public void Apply_ArrayOverObject_IsNotPrunedLikeEvanphx() =>
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"a":[{"c":null}]}"""),
            Apply("""{"a":{"x":1}}""", """{"a":[{"c":null}]}""")));

    [Fact]
    public void Apply_DoesNotChangeInputs()
    {
        var target = JsonNode.Parse("""{"a":{"b":1}}""");
        var patch = JsonNode.Parse("""{"a":{"c":2}}""");
        JsonMergePatch.Apply(target, patch);
        Assert.Equal("""{"a":{"b":1}}""", target!.ToJsonString());
        Assert.Equal("""{"a":{"c":2}}""", patch!.ToJsonString());
    }
}
