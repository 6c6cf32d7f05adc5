using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Serialization;

namespace Bosun.Api.Tests.Serialization;

public sealed class YamlJsonTests
{
    private static string Json(string yaml) => YamlJson.ToJsonNode(yaml)?.ToJsonString() ?? "null";

    private static string Value(string scalar) => Json("v: " + scalar)[5..^1];

    [Fact]
    public void ToJsonNode_NestedDocument_ConvertsWithSortedKeys() =>
        Assert.Equal(
            """{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"web"},"name":"p"},"spec":{"containers":[{"image":"nginx","name":"web"}]}}""",
            Json("""
                kind: Pod
                apiVersion: v1
                metadata:
                  name: p
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx
                """));

    [Theory]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("FALSE", "false")]
    [InlineData("yes", "true")]
    [InlineData("No", "false")]
    [InlineData("on", "true")]
    [InlineData("OFF", "false")]
    [InlineData("y", "true")]
    [InlineData("n", "false")]
    [InlineData("'yes'", "\"yes\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("yEs", "\"yEs\"")]
    public void ToJsonNode_Yaml11Booleans_ResolveLikeGoYamlV2(string scalar, string json) =>
        Assert.Equal(json, Value(scalar));

    [Theory]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("~")]
    [InlineData("")]
    public void ToJsonNode_NullForms_AreNull(string scalar) => Assert.Equal("null", Value(scalar));

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-5", "-5")]
    [InlineData("+7", "7")]
    [InlineData("0x1F", "31")]
    [InlineData("0755", "493")]
    [InlineData("0o17", "15")]
    [InlineData("0b101", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("08", "8")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.0", "1")]
    [InlineData("1e3", "1000")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5", "-0.5")]
    [InlineData("1.20", "1.2")]
    [InlineData("9223372036854775808", "9223372036854775808")]
    [InlineData("99999999999999999999", "100000000000000000000")]
    [InlineData("1e-7", "1e-7")]
    public void ToJsonNode_Numbers_ResolveLikeGoYamlV2(string scalar, string json) =>
        Assert.Equal(json, Value(scalar));

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("2024-01-01")]
    [InlineData("2024-01-01T10:00:00Z")]
    [InlineData("0x")]
    [InlineData("1e400")]
    [InlineData("12:30")]
    [InlineData("nil")]
    [InlineData("v1")]
    public void ToJsonNode_StringLookalikes_StayStrings(string scalar) =>
        Assert.Equal(GoString(scalar), Value(scalar));

    private static string GoString(string s) => JsonValue.Create(s).ToJsonString();

    [Theory]
    [InlineData(".inf")]
    [InlineData("-.Inf")]
    [InlineData(".nan")]
    public void ToJsonNode_InfinityOrNaN_IsFormatException(string scalar) =>
        Assert.Throws<FormatException>(() => YamlJson.ToJsonNode("v: " + scalar));

    [Fact]
    public void ToJsonNode_NonStringKeys_BecomeTheirText() =>
        Assert.Equal("""{"1":"a","1.5":"c","true":"b"}""", Json("1: a\nyes: b\n1.5: c\n"));

    [Fact]
    public void ToJsonNode_QuotedAndBlockScalars_AreStrings() =>
        Assert.Equal(
            """{"a":"123","b":"x\ny\n","c":"x y","d":"0755"}""",
            Json("a: '123'\nb: |\n  x\n  y\nc: >-\n  x\n  y\nd: \"0755\"\n"));

    [Fact]
    public void ToJsonNode_ExplicitTags_AreHonoured()
    {
        Assert.Equal("""{"a":"123","b":42,"c":2,"d":"hello"}""", Json("a: !!str 123\nb: !!int \"42\"\nc: !!float 2\nd: !!binary aGVsbG8=\n"));
        var e = Assert.Throws<FormatException>(() => YamlJson.ToJsonNode("a: !!int abc"));
        Assert.Contains("cannot decode !!str `abc` as a !!int", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonNode_AnchorsAliasesAndMergeKeys_Expand() =>
        Assert.Equal(
            """{"base":{"a":1,"b":2},"derived":{"a":1,"b":3,"c":4},"list":[{"a":1,"b":2},{"a":1,"b":2}]}""",
            Json("base: &b\n  a: 1\n  b: 2\nderived:\n  <<: *b\n  b: 3\n  c: 4\nlist: [*b, *b]\n"));

    [Fact]
    public void ToJsonNode_UnknownAlias_IsFormatException() =>
        Assert.Throws<FormatException>(() => YamlJson.ToJsonNode("a: *nope"));

    [Fact]
    public void ToJsonNode_ExcessiveAliasing_IsRejected()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var e = Assert.Throws<FormatException>(() => YamlJson.ToJsonNode(yaml.ToString()));
        Assert.Contains("excessive aliasing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonNode_DuplicateKeys_LastWinsAndReportedLikeGoYamlStrict()
    {
        // The body of Kubernetes' field validation integration test.
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: dupename
              name: test
              unknownMeta: metaVal
              labels:
                app: nginx
            spec:
              unknown1: val1
              unknownDupe: valDupe
              unknownDupe: valDupe2
              paused: true
              paused: false
              selector:
                matchLabels:
                  app: nginx
              template:
                metadata:
                  labels:
                    app: nginx
                spec:
                  containers:
                  - name: nginx
                    image: nginx:latest
                    unknownNested: val1
                    imagePullPolicy: Always
                    imagePullPolicy: Never
            """;
        var errors = new List<string>();
        var node = YamlJson.ToJsonNode(Encoding.UTF8.GetBytes(yaml), errors);
        Assert.Equal(
            [
                "line 5: key \"name\" already set in map",
                "line 12: key \"unknownDupe\" already set in map",
                "line 14: key \"paused\" already set in map",
                "line 28: key \"imagePullPolicy\" already set in map",
            ],
            errors);
        Assert.Equal("test", node!["metadata"]!["name"]!.GetValue<string>());
        Assert.False(node["spec"]!["paused"]!.GetValue<bool>());
    }

    [Fact]
    public void ToJsonNode_MultipleDocuments_IsFormatException()
    {
        var e = Assert.Throws<FormatException>(() => YamlJson.ToJsonNode("a: 1\n---\nb: 2\n"));
        Assert.Contains("more than one YAML document", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonNode_DocumentMarkersAroundOneDocument_AreFine() =>
        Assert.Equal("""{"a":1}""", Json("---\na: 1\n...\n---\n"));

    [Fact]
    public void ToJsonNode_InvalidYaml_IsFormatExceptionWithLineAndColumn()
    {
        var e = Assert.Throws<FormatException>(() => YamlJson.ToJsonNode("a: 1\nb: c: d\n"));
        Assert.StartsWith("yaml: line 2, column ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonNode_BadIndentation_IsFormatException() =>
        Assert.Throws<FormatException>(() => YamlJson.ToJsonNode("a:\n  - b\n c: d\n"));

    [Fact]
    public void ToJsonNode_EmptyBody_IsNull()
    {
        Assert.Null(YamlJson.ToJsonNode(string.Empty));
        Assert.Null(YamlJson.ToJsonNode("# just a comment\n"));
    }

    [Fact]
    public void ToJsonNode_TopLevelScalarAndList_Convert()
    {
        Assert.Equal("\"hello\"", Json("hello"));
        Assert.Equal("[1,\"two\",null]", Json("- 1\n- two\n- ~\n"));
    }

    [Fact]
    public void ToJsonNode_NullKey_IsFormatException() =>
        Assert.Throws<FormatException>(() => YamlJson.ToJsonNode("~: a\n"));

    [Fact]
    public void ToYaml_PodLikeObject_MatchesKubectlLayout()
    {
        var json = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"p","labels":{"app":"web"},"creationTimestamp":"2024-01-01T00:00:00Z"},
             "spec":{"containers":[{"name":"web","image":"nginx","args":["--port=80","true"],
                                    "env":[{"name":"A","value":"1"}],"ports":[{"containerPort":80}]}],
                     "nodeSelector":{},"tolerations":[]}}
            """);
        Assert.Equal(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              creationTimestamp: "2024-01-01T00:00:00Z"
              labels:
                app: web
              name: p
            spec:
              containers:
              - args:
                - --port=80
                - "true"
                env:
                - name: A
                  value: "1"
                image: nginx
                name: web
                ports:
                - containerPort: 80
              nodeSelector: {}
              tolerations: []

            """.ReplaceLineEndings("\n"),
            YamlJson.ToYaml(json));
    }

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("y", "\"y\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("1:20", "\"1:20\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("2024-01-01", "\"2024-01-01\"")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("- x", "'- x'")]
    [InlineData("#x", "'#x'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData(" lead", "' lead'")]
    [InlineData("trail ", "'trail '")]
    [InlineData("*", "'*'")]
    [InlineData("it's", "it's")]
    [InlineData("'q'", "'''q'''")]
    [InlineData("a:b", "a:b")]
    [InlineData("http://x/y?z=1", "http://x/y?z=1")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("caf\u00e9", "caf\u00e9")]
    [InlineData("smile \U0001F600", "\"smile \\U0001F600\"")]
    [InlineData("---x", "'---x'")]
    public void ToYaml_Strings_QuoteLikeGoYamlV2(string value, string yaml) =>
        Assert.Equal("v: " + yaml + "\n", YamlJson.ToYaml(new JsonObject { ["v"] = value }));

    [Fact]
    public void ToYaml_MultilineStrings_UseLiteralBlocks()
    {
        var node = new JsonObject { ["a"] = "x\ny", ["b"] = "x\ny\n", ["c"] = "x\n\n", ["d"] = " lead\nx", ["e"] = "bad \nspace" };
        Assert.Equal(
            "a: |-\n  x\n  y\nb: |\n  x\n  y\nc: |+\n  x\n\nd: |2-\n   lead\n  x\ne: \"bad \\nspace\"\n",
            YamlJson.ToYaml(node));
    }

    [Fact]
    public void ToYaml_LiteralInsideSequenceOfMaps_IndentsUnderKey() =>
        Assert.Equal(
            "items:\n- script: |-\n    echo a\n    echo b\n",
            YamlJson.ToYaml(JsonNode.Parse("""{"items":[{"script":"echo a\necho b"}]}""")));

    [Fact]
    public void ToYaml_Numbers_FormatLikeGo()
    {
        var node = JsonNode.Parse("""{"a":1.0,"b":1.5,"c":1e21,"d":1234567.5,"e":-3,"f":18446744073709551615,"g":0.00001}""");
        Assert.Equal("a: 1\nb: 1.5\nc: 1e+21\nd: 1.2345675e+06\ne: -3\nf: 18446744073709551615\ng: 1e-05\n", YamlJson.ToYaml(node));
    }

    [Fact]
    public void ToYaml_KeyOrder_FollowsGoYamlKeyList() =>
        Assert.Equal(
            "_x: 1\na2: 1\na10: 1\nb: 1\n",
            YamlJson.ToYaml(JsonNode.Parse("""{"b":1,"a10":1,"a2":1,"_x":1}""")));

    [Fact]
    public void ToYaml_NestedSequences_UseCompactDashes() =>
        Assert.Equal(
            "- - 1\n  - 2\n- []\n- {}\n- a: 1\n  b:\n  - x\n",
            YamlJson.ToYaml(JsonNode.Parse("""[[1,2],[],{},{"a":1,"b":["x"]}]""")));

    [Fact]
    public void ToYaml_Scalars_AtRoot()
    {
        Assert.Equal("null\n", YamlJson.ToYaml((JsonNode?)null));
        Assert.Equal("{}\n", YamlJson.ToYaml(new JsonObject()));
        Assert.Equal("\"true\"\n", YamlJson.ToYaml(JsonValue.Create("true")));
    }

    [Fact]
    public void ToYaml_ThenToJsonNode_RoundTrips()
    {
        const string json = """
            {"a":"yes","b":["", " x ", "1:20", "line1\nline2\n", "tab\t", "emoji \uD83D\uDE00", "--", "- a", "x: y"],
             "c":{"d":1.5,"e":null,"f":true,"g":{},"h":[]},"0755":"0755","k y":"#not comment"}
            """;
        var node = JsonNode.Parse(json);
        var back = YamlJson.ToJsonNode(YamlJson.ToYaml(node));
        Assert.True(JsonNode.DeepEquals(node, back), YamlJson.ToYaml(node));
    }

    [Fact]
    public void ToYaml_Utf8Json_RendersDocument() =>
        Assert.Equal("a:\n- 1\n", YamlJson.ToYaml("""{"a":[1]}"""u8));
}
