using System.Text;
using Bosun.Api.Serialization;
using k8s.Models;

namespace Bosun.Api.Tests.Serialization;

public sealed class StrictDecoderTests
{
    // The bodies of Kubernetes' test/integration/apiserver/field_validation_test.go.
    private const string InvalidDeploymentJson = """
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {
            "name": "dupename",
            "name": "test",
            "labels": {"app": "nginx"},
            "unknownMeta": "metaVal"
          },
          "spec": {
            "unknown1": "val1",
            "unknownDupe": "valDupe",
            "unknownDupe": "valDupe2",
            "paused": true,
            "paused": false,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {
              "metadata": {"labels": {"app": "nginx"}},
              "spec": {
                "containers": [{
                  "name": "nginx",
                  "image": "nginx:latest",
                  "unknownNested": "val1",
                  "imagePullPolicy": "Always",
                  "imagePullPolicy": "Never"
                }]
              }
            }
          }
        }
        """;

    private const string InvalidDeploymentYaml = """
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

    private static IReadOnlyList<string> Validate<T>(string json) => StrictDecoder.Validate(Encoding.UTF8.GetBytes(json), typeof(T));

    [Fact]
    public void Validate_KubernetesIntegrationBody_ReportsErrorsInDocumentOrder()
    {
        var errors = Validate<V1Deployment>(InvalidDeploymentJson);
        Assert.Equal(
            [
                "duplicate field \"metadata.name\"",
                "unknown field \"metadata.unknownMeta\"",
                "unknown field \"spec.unknown1\"",
                "unknown field \"spec.unknownDupe\"",
                "duplicate field \"spec.paused\"",
                "unknown field \"spec.template.spec.containers[0].unknownNested\"",
                "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\"",
            ],
            errors);
        Assert.Equal(
            "strict decoding error: duplicate field \"metadata.name\", unknown field \"metadata.unknownMeta\", unknown field \"spec.unknown1\", " +
            "unknown field \"spec.unknownDupe\", duplicate field \"spec.paused\", unknown field \"spec.template.spec.containers[0].unknownNested\", " +
            "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\"",
            StrictDecoder.FormatError(errors));
    }

    [Fact]
    public void Validate_YamlBodyThroughYamlJson_MatchesApiserverStrictError()
    {
        var yamlErrors = new List<string>();
        var node = YamlJson.ToJsonNode(Encoding.UTF8.GetBytes(InvalidDeploymentYaml), yamlErrors);
        var errors = StrictDecoder.Validate(Encoding.UTF8.GetBytes(node!.ToJsonString()), typeof(V1Deployment));
        Assert.Equal(
            "strict decoding error: yaml: unmarshal errors:\n" +
            "  line 5: key \"name\" already set in map\n" +
            "  line 12: key \"unknownDupe\" already set in map\n" +
            "  line 14: key \"paused\" already set in map\n" +
            "  line 28: key \"imagePullPolicy\" already set in map, unknown field \"metadata.unknownMeta\", " +
            "unknown field \"spec.template.spec.containers[0].unknownNested\", unknown field \"spec.unknown1\", unknown field \"spec.unknownDupe\"",
            StrictDecoder.FormatError(errors, yamlErrors));
    }

    [Fact]
    public void Validate_ValidPod_HasNoErrors() =>
        Assert.Empty(Validate<V1Pod>("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"},"creationTimestamp":null},
             "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}],
                     "resources":{"limits":{"cpu":"100m","memory":1024}},
                     "livenessProbe":{"httpGet":{"port":"http","path":"/"}}}]},
             "status":{}}
            """));

    [Fact]
    public void Validate_MisspelledContainerField_ReportsFullPath() =>
        Assert.Equal(
            ["unknown field \"spec.containers[1].imagee\""],
            Validate<V1Pod>("""{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","imagee":"y"}]}}"""));

    [Fact]
    public void Validate_OpaqueFields_AcceptAnything() =>
        Assert.Empty(Validate<V1Service>("""
            {"spec":{"ports":[{"port":80,"targetPort":{"weird":[1,2]}}]}}
            """));

    [Fact]
    public void Validate_TypeMetaOnlyAtRoot_IsKnown() =>
        Assert.Equal(["unknown field \"spec.kind\""], Validate<V1Pod>("""{"apiVersion":"v1","kind":"Pod","spec":{"kind":"x"}}"""));

    [Fact]
    public void Validate_DuplicateMapKey_ReportsKeyPath() =>
        Assert.Equal(
            ["duplicate field \"metadata.labels.app\""],
            Validate<V1ConfigMap>("""{"metadata":{"labels":{"app":"a","app":"b"}},"data":{"k":"v"}}"""));

    [Fact]
    public void Validate_InsideUnknownField_NothingMoreIsReported() =>
        Assert.Equal(
            ["unknown field \"spec.extra\""],
            Validate<V1Pod>("""{"spec":{"extra":{"a":1,"a":2,"b":{"c":1}}}}"""));

    [Fact]
    public void Validate_ManyErrors_StopsAtOneHundred()
    {
        var body = "{" + string.Join(",", Enumerable.Range(0, 150).Select(i => $"\"x{i}\":1")) + "}";
        Assert.Equal(StrictDecoder.MaxErrors, Validate<V1Pod>(body).Count);
    }

    [Fact]
    public void Validate_TypeMismatch_IsNotAStrictError() =>
        Assert.Empty(Validate<V1Pod>("""{"spec":{"containers":{"name":"x"}},"metadata":[1,2]}"""));

    [Theory]
    [InlineData("{\"a\":", 5)]
    [InlineData("{\"a\":1,}", 7)]
    [InlineData("", 0)]
    [InlineData("{} x", 3)]
    public void Validate_MalformedJson_IsFormatExceptionWithOffset(string body, int offset)
    {
        var e = Assert.Throws<FormatException>(() => Validate<V1Pod>(body));
        Assert.Equal(offset, e.Data["offset"]);
        Assert.StartsWith($"invalid JSON at offset {offset}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindDuplicateFields_MergePatchBody_ReportsNestedDuplicates() =>
        Assert.Equal(
            [
                "duplicate field \"spec.unknownDupe\"",
                "duplicate field \"spec.paused\"",
                "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\"",
            ],
            StrictDecoder.FindDuplicateFields("""
                {"spec":{"unknown1":"val1","unknownDupe":"valDupe","unknownDupe":"valDupe2","paused":true,"paused":false,
                 "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:latest","unknownNested":"val1",
                 "imagePullPolicy":"Always","imagePullPolicy":"Never"}]}}}}
                """u8));

    [Fact]
    public void ValidateJsonPatch_OperationFields_ArePrefixed() =>
        Assert.Equal(
            ["json patch unknown field \"[0].foo\"", "json patch duplicate field \"[1].path\""],
            StrictDecoder.ValidateJsonPatch("""
                [
                  {"op": "add", "path": "/spec/unknown1", "value": "val1", "foo":"bar"},
                  {"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
                  {"op": "add", "path": "/spec/paused", "value": {"a": 1}}
                ]
                """u8));

    [Fact]
    public void FormatError_OnlyYamlErrors_HasNoTrailingSeparator() =>
        Assert.Equal(
            "strict decoding error: yaml: unmarshal errors:\n  line 2: key \"a\" already set in map",
            StrictDecoder.FormatError([], ["line 2: key \"a\" already set in map"]));
}
