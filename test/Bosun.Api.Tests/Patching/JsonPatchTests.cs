using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Patching;

namespace Bosun.Api.Tests.Patching;

public sealed class JsonPatchTests
{
    private static JsonNode Apply(string document, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(document)!, Encoding.UTF8.GetBytes(patch));

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"expected {expected} but got {actual?.ToJsonString() ?? "null"}");

    private static PatchException Fails(string document, string patch) =>
        Assert.Throws<PatchException>(() => Apply(document, patch));

    // RFC 6902 appendix A, one test per example.
    [Fact]
    public void Apply_AddObjectMember_AddsKey() =>
        AssertJson("""{"baz":"qux","foo":"bar"}""", Apply("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]"""));

    [Fact]
    public void Apply_AddArrayElement_InsertsBeforeIndex() =>
        AssertJson("""{"foo":["bar","qux","baz"]}""", Apply("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]"""));

    [Fact]
    public void Apply_RemoveObjectMember_RemovesKey() =>
        AssertJson("""{"foo":"bar"}""", Apply("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]"""));

    [Fact]
    public void Apply_RemoveArrayElement_ShiftsRest() =>
        AssertJson("""{"foo":["bar","baz"]}""", Apply("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]"""));

    [Fact]
    public void Apply_ReplaceValue_Replaces() =>
        AssertJson("""{"baz":"boo","foo":"bar"}""", Apply("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]"""));

    [Fact]
    public void Apply_MoveValue_MovesBetweenObjects() =>
        AssertJson(
            """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""",
            Apply(
                """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""",
                """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"""));

    [Fact]
    public void Apply_MoveArrayElement_Reorders() =>
        AssertJson(
            """{"foo":["all","cows","eat","grass"]}""",
            Apply("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]"""));

    [Fact]
    public void Apply_TestSucceeds_LeavesDocumentUnchanged() =>
        AssertJson(
            """{"baz":"qux","foo":["a",2,"c"]}""",
            Apply(
                """{"baz":"qux","foo":["a",2,"c"]}""",
                """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"""));

    [Fact]
    public void Apply_TestFails_Is422WithEvanphxDetail()
    {
        var e = Fails("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""");
        Assert.Equal(422, e.StatusCode);
        Assert.Equal("Invalid", e.Reason);
        Assert.Equal("the server rejected our request due to an error in our request", e.Message);
        Assert.Equal("testing value /baz failed: test failed", e.Detail);
    }

    [Fact]
    public void Apply_AddNestedObject_Adds() =>
        AssertJson(
            """{"foo":"bar","child":{"grandchild":{}}}""",
            Apply("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]"""));

    [Fact]
    public void Apply_UnrecognizedOperationMembers_AreIgnored() =>
        AssertJson("""{"foo":"bar","baz":"qux"}""", Apply("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]"""));

    [Fact]
    public void Apply_AddToNonexistentTarget_Is422MissingPath()
    {
        var e = Fails("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""");
        Assert.Equal(422, e.StatusCode);
        Assert.Equal("add operation does not apply: doc is missing path: \"/baz/bat\": missing value", e.Detail);
    }

    [Fact]
    public void Apply_RepeatedOpMember_LastOneWinsAsInGo()
    {
        // RFC A.13 calls this document invalid; Go's decoder keeps the last "op", so it is a remove.
        var e = Fails("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","op":"remove"}]""");
        Assert.Equal("error in remove for path: '/baz': Unable to remove nonexistent key: baz: missing value", e.Detail);
    }

    [Fact]
    public void Apply_TildeEscapes_DecodeInOrder() =>
        AssertJson("""{"/":9,"~1":10}""", Apply("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]"""));

    [Fact]
    public void Apply_TestStringAgainstNumber_Fails()
    {
        var e = Fails("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""");
        Assert.Equal("testing value /~01 failed: test failed", e.Detail);
    }

    [Fact]
    public void Apply_AddArrayValueAtDash_Appends() =>
        AssertJson("""{"foo":["bar",["abc","def"]]}""", Apply("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]"""));

    [Fact]
    public void Apply_SlashEscape_AddsKeyWithSlash() =>
        AssertJson(
            """{"metadata":{"labels":{"app.kubernetes.io/name":"x"}}}""",
            Apply("""{"metadata":{"labels":{}}}""", """[{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"x"}]"""));

    [Fact]
    public void Apply_RemoveMissingKey_Is422()
    {
        var e = Fails("""{"a":1}""", """[{"op":"remove","path":"/b"}]""");
        Assert.Equal(422, e.StatusCode);
        Assert.Equal("error in remove for path: '/b': Unable to remove nonexistent key: b: missing value", e.Detail);
    }

    [Fact]
    public void Apply_RemoveMissingParent_Is422MissingPath()
    {
        var e = Fails("""{"spec":{}}""", """[{"op":"remove","path":"/spec/template/spec/affinity"}]""");
        Assert.Equal("remove operation does not apply: doc is missing path: \"/spec/template/spec/affinity\": missing value", e.Detail);
    }

    [Fact]
    public void Apply_AddIndexPastEnd_Is422InvalidIndex()
    {
        var e = Fails("""{"a":[1]}""", """[{"op":"add","path":"/a/5","value":2}]""");
        Assert.Equal("error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced", e.Detail);
    }

    [Fact]
    public void Apply_AddNonNumericIndex_Is422ProperIndexError()
    {
        var e = Fails("""{"a":[1]}""", """[{"op":"add","path":"/a/x","value":2}]""");
        Assert.Equal(
            "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
            e.Detail);
    }

    [Fact]
    public void Apply_NegativeIndex_CountsFromEnd()
    {
        AssertJson("""{"a":[1,2]}""", Apply("""{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/-1"}]"""));
        AssertJson("""{"a":[1,9,2]}""", Apply("""{"a":[1,2]}""", """[{"op":"add","path":"/a/-2","value":9}]"""));
    }

    [Fact]
    public void Apply_ReplaceMissingObjectKey_AddsItLikeKubernetes() =>
        AssertJson("""{"a":1,"b":2}""", Apply("""{"a":1}""", """[{"op":"replace","path":"/b","value":2}]"""));

    [Fact]
    public void Apply_ReplaceArrayIndexPastEnd_Is422MissingKey()
    {
        var e = Fails("""{"a":[1]}""", """[{"op":"replace","path":"/a/3","value":2}]""");
        Assert.Equal("replace operation does not apply: doc is missing key: /a/3: missing value", e.Detail);
    }

    [Fact]
    public void Apply_ReplaceRoot_ReplacesDocument() =>
        AssertJson("""{"b":2}""", Apply("""{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]"""));

    [Fact]
    public void Apply_Copy_CopiesDeep()
    {
        var result = Apply("""{"a":{"x":[1]}}""", """[{"op":"copy","from":"/a","path":"/b"},{"op":"add","path":"/b/x/-","value":2}]""");
        AssertJson("""{"a":{"x":[1]},"b":{"x":[1,2]}}""", result);
    }

    [Fact]
    public void Apply_CopyFromMissingKey_CopiesNull() =>
        AssertJson("""{"a":1,"b":null}""", Apply("""{"a":1}""", """[{"op":"copy","from":"/zz","path":"/b"}]"""));

    [Fact]
    public void Apply_MoveMissingSource_Is422()
    {
        var e = Fails("""{"a":1}""", """[{"op":"move","from":"/zz","path":"/b"}]""");
        Assert.Equal("error in move for path: 'zz': Unable to remove nonexistent key: zz: missing value", e.Detail);
    }

    [Fact]
    public void Apply_TestMissingKeyAgainstNull_Succeeds() =>
        AssertJson("""{"a":1}""", Apply("""{"a":1}""", """[{"op":"test","path":"/b","value":null}]"""));

    [Fact]
    public void Apply_TestObjectsWithDifferentKeys_Fails() =>
        Fails("""{"a":{"x":1,"y":2}}""", """[{"op":"test","path":"/a","value":{"x":1}}]""");

    [Fact]
    public void Apply_UnknownOp_Is422UnexpectedKind()
    {
        var e = Fails("""{"a":1}""", """[{"op":"frob","path":"/a"}]""");
        Assert.Equal("Unexpected kind: frob", e.Detail);
    }

    [Fact]
    public void Apply_MissingPath_Is422DecodeError()
    {
        var e = Fails("""{"a":1}""", """[{"op":"add","value":1}]""");
        Assert.Equal("add operation failed to decode path: missing value", e.Detail);
    }

    [Fact]
    public void Apply_FailedOperation_LeavesInputUntouched()
    {
        var document = JsonNode.Parse("""{"a":1}""")!;
        Assert.Throws<PatchException>(() => JsonPatch.Apply(document, """[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":5}]"""u8));
        AssertJson("""{"a":1}""", document);
    }

    [Fact]
    public void Apply_SamePatchTwice_GivesIndependentResults()
    {
        var patch = JsonPatch.Parse("""[{"op":"add","path":"/list/-","value":{"x":1}}]"""u8);
        var first = patch.Apply(JsonNode.Parse("""{"list":[]}""")!);
        var second = patch.Apply(JsonNode.Parse("""{"list":[]}""")!);
        first["list"]![0]!["x"] = 2;
        AssertJson("""{"list":[{"x":1}]}""", second);
    }

    [Fact]
    public void Parse_NotAnArray_Is400GoUnmarshalError()
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Parse("""{"op":"add"}"""u8));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("BadRequest", e.Reason);
        Assert.Equal("json: cannot unmarshal object into Go value of type jsonpatch.Patch", e.Message);
    }

    [Fact]
    public void Parse_ElementNotAnObject_Is400()
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Parse("""["add"]"""u8));
        Assert.Equal("json: cannot unmarshal string into Go value of type jsonpatch.Operation", e.Message);
    }

    [Fact]
    public void Parse_MalformedJson_Is400WithOffset()
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Parse("""[{"op":}]"""u8));
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("offset 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyOperations_Is413()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("""{"op":"test","path":"/a","value":1}""", JsonPatch.MaxOperations + 1)) + "]";
        var e = Assert.Throws<PatchException>(() => JsonPatch.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(413, e.StatusCode);
        Assert.Equal("RequestEntityTooLarge", e.Reason);
        Assert.Equal("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001", e.Message);
    }

    [Fact]
    public void Parse_Null_IsEmptyPatch() => Assert.Equal(0, JsonPatch.Parse("null"u8).Count);
}
