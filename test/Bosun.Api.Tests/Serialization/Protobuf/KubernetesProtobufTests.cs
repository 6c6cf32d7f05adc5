using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Serialization.Protobuf;

namespace Bosun.Api.Tests.Serialization.Protobuf;

public class KubernetesProtobufTests
{
    // ObjectMeta as Go writes it: every value field present, zero or not, and an empty creationTimestamp.
    private static ProtoTestWriter Meta(ProtoTestWriter m, string name, string ns = "") => m
        .String(1, name).String(2, "").String(3, ns).String(4, "").String(5, "").String(6, "")
        .Varint(7, 0).Message(8, _ => { });

    [Fact]
    public void Decode_Namespace_SetsTypeFromEnvelopeAndDropsZeroValues()
    {
        var body = ProtoTestWriter.Envelope("v1", "Namespace", o => o
            .Message(1, m => Meta(m, "ns1"))
            .Message(2, _ => { })
            .Message(3, s => s.String(1, "")));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal(
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns1","creationTimestamp":null},"spec":{},"status":{}}""",
            json.ToJsonString());
    }

    [Fact]
    public void Decode_ConfigMap_MapsDataAndBase64BinaryData()
    {
        var body = ProtoTestWriter.Envelope("v1", "ConfigMap", o => o
            .Message(1, m => Meta(m, "c", "ns1").MapEntry(11, "app", "x"))
            .MapEntry(2, "a", "b")
            .MapEntry(2, "c", "")
            .Message(3, e => e.String(1, "bin").Bytes(2, [0, 1, 2])));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal("ns1", (string?)json["metadata"]!["namespace"]);
        Assert.Equal("x", (string?)json["metadata"]!["labels"]!["app"]);
        Assert.Equal("""{"a":"b","c":""}""", json["data"]!.ToJsonString());
        Assert.Equal("AAEC", (string?)json["binaryData"]!["bin"]);
        Assert.Null(json["immutable"]);
    }

    [Fact]
    public void Decode_Secret_Base64DataAndType()
    {
        var body = ProtoTestWriter.Envelope("v1", "Secret", o => o
            .Message(1, m => Meta(m, "s", "ns1"))
            .Message(2, e => e.String(1, "u").Bytes(2, Encoding.UTF8.GetBytes("p")))
            .String(3, "Opaque")
            .MapEntry(4, "k", "v")
            .Varint(5, 0));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal("cA==", (string?)json["data"]!["u"]);
        Assert.Equal("Opaque", (string?)json["type"]);
        Assert.Equal("v", (string?)json["stringData"]!["k"]);
        Assert.False((bool)json["immutable"]!);
    }

    [Fact]
    public void Decode_Deployment_KeepsPointerZeroAndDecodesContainer()
    {
        var body = ProtoTestWriter.Envelope("apps/v1", "Deployment", o => o
            .Message(1, m => Meta(m, "d", "ns1"))
            .Message(2, s => s
                .Varint(1, 0)
                .Message(2, sel => sel.MapEntry(1, "app", "d"))
                .Message(3, t => t
                    .Message(1, m => Meta(m.MapEntry(11, "app", "d"), ""))
                    .Message(2, p => p.Message(2, c => c
                        .String(1, "busybox").String(2, "busybox").String(3, "sh").String(3, "-c")
                        .Message(6, port => port.String(1, "").Varint(2, 0).Varint(3, 80).String(4, "TCP"))
                        .Message(7, env => env.String(1, "A").String(2, "1"))
                        .Message(8, r => r.Message(1, e => e.String(1, "cpu").Message(2, q => q.String(1, "500m"))))
                        .Varint(999, 7))))
                .Message(4, st => st.String(1, "RollingUpdate").Message(2, ru => ru
                    .Message(1, i => i.Varint(1, 1).Varint(2, 0).String(3, "25%"))
                    .Message(2, i => i.Varint(1, 0).Varint(2, 0).String(3, ""))))
                .Varint(5, 0))
            .Message(3, _ => { }));

        var json = KubernetesProtobuf.Decode(body);

        var spec = json["spec"]!;
        Assert.Equal(0, (int)spec["replicas"]!);
        Assert.Null(spec["minReadySeconds"]);
        Assert.Equal("d", (string?)spec["selector"]!["matchLabels"]!["app"]);
        Assert.Equal(
            """{"labels":{"app":"d"},"creationTimestamp":null}""",
            spec["template"]!["metadata"]!.ToJsonString());
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(
            """{"name":"busybox","image":"busybox","command":["sh","-c"],"ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"}],"resources":{"limits":{"cpu":"500m"}}}""",
            container.ToJsonString());
        Assert.Equal("""{"maxUnavailable":"25%","maxSurge":0}""", spec["strategy"]!["rollingUpdate"]!.ToJsonString());
        Assert.Equal("{}", json["status"]!.ToJsonString());
    }

    [Fact]
    public void Decode_Service_IntOrStringTargetPorts()
    {
        var body = ProtoTestWriter.Envelope("v1", "Service", o => o
            .Message(1, m => Meta(m, "svc", "ns1"))
            .Message(2, s => s
                .Message(1, p => p.String(1, "80-8080").String(2, "TCP").Varint(3, 80)
                    .Message(4, i => i.Varint(1, 0).Varint(2, 8080).String(3, "")).Varint(5, 0))
                .Message(1, p => p.String(1, "web").String(2, "TCP").Varint(3, 443)
                    .Message(4, i => i.Varint(1, 1).Varint(2, 0).String(3, "https")).Varint(5, 0))
                .MapEntry(2, "app", "svc")
                .String(3, "").String(4, "ClusterIP")));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal(
            """{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},{"name":"web","protocol":"TCP","port":443,"targetPort":"https"}],"selector":{"app":"svc"},"type":"ClusterIP"}""",
            json["spec"]!.ToJsonString());
    }

    [Fact]
    public void Decode_HorizontalPodAutoscalerV2_ResourceMetric()
    {
        var body = ProtoTestWriter.Envelope("autoscaling/v2", "HorizontalPodAutoscaler", o => o
            .Message(1, m => Meta(m, "web", "ns1"))
            .Message(2, s => s
                .Message(1, r => r.String(1, "Deployment").String(2, "web").String(3, "apps/v1"))
                .Varint(2, 1).Varint(3, 5)
                .Message(4, metric => metric.String(1, "Resource")
                    .Message(4, res => res.String(1, "cpu").Message(2, t => t.String(1, "Utilization").Varint(4, 80))))));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal(
            """{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]}""",
            json["spec"]!.ToJsonString());
    }

    [Fact]
    public void Decode_HorizontalPodAutoscalerV1_TargetCpu()
    {
        var body = ProtoTestWriter.Envelope("autoscaling/v1", "HorizontalPodAutoscaler", o => o
            .Message(1, m => Meta(m, "web", "ns1"))
            .Message(2, s => s
                .Message(1, r => r.String(1, "Deployment").String(2, "web").String(3, "apps/v1"))
                .Varint(3, 4).Varint(4, 70)));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal(
            """{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"maxReplicas":4,"targetCPUUtilizationPercentage":70}""",
            json["spec"]!.ToJsonString());
    }

    [Fact]
    public void Decode_ManagedFields_TimeAndFieldsV1()
    {
        var body = ProtoTestWriter.Envelope("v1", "ConfigMap", o => o
            .Message(1, m => Meta(m, "c")
                .Message(17, e => e.String(1, "kubectl").String(2, "Update").String(3, "v1")
                    .Message(4, t => t.Varint(1, 1700000000).Varint(2, 5))
                    .String(6, "FieldsV1")
                    .Message(7, f => f.String(1, """{"f:data":{}}""")))));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal(
            """{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2023-11-14T22:13:20Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}}""",
            json["metadata"]!["managedFields"]![0]!.ToJsonString());
    }

    [Fact]
    public void Decode_WithoutMagic_ThrowsFormatException()
    {
        var e = Assert.Throws<FormatException>(() => KubernetesProtobuf.Decode("{\"kind\":\"x\"}"u8));
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Truncated_ThrowsFormatException()
    {
        var body = ProtoTestWriter.Envelope("v1", "Namespace", o => o.Message(1, m => Meta(m, "ns1")));

        Assert.Throws<FormatException>(() => KubernetesProtobuf.Decode(body.AsSpan(0, body.Length - 3)));
    }

    [Fact]
    public void Decode_WrongWireType_ThrowsFormatException()
    {
        var body = ProtoTestWriter.Envelope("v1", "Namespace", o => o.Message(1, m => m.Varint(1, 5)));

        var e = Assert.Throws<FormatException>(() => KubernetesProtobuf.Decode(body));
        Assert.Contains("ObjectMeta.name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownKind_ThrowsFormatException()
    {
        var body = ProtoTestWriter.Envelope("example.com/v1", "Widget", _ => { });

        var e = Assert.Throws<FormatException>(() => KubernetesProtobuf.Decode(body));
        Assert.Contains("Widget", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownFields_AreSkipped()
    {
        var body = ProtoTestWriter.Envelope("v1", "Namespace", o => o
            .Message(1, m => Meta(m, "ns1"))
            .Varint(40, 3)
            .String(41, "x"));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal("ns1", (string?)json["metadata"]!["name"]);
        Assert.Equal(3, json.Count);
    }
}
