using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Strategies;

namespace Bosun.Api.Tests.Strategies;

public class ClusterKindDefaultsTests
{
    private static JsonObject Defaulted(string group, string kind, string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        Bosun.Api.Strategies.Strategies.For(group, kind).ApplyDefaults(obj);
        return obj;
    }

    [Fact]
    public void ApplyDefaults_PersistentVolumeClaim_FilesystemAndCanonicalStorage()
    {
        var pvc = Defaulted("", "PersistentVolumeClaim", """{"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1024Mi"}}}}""");

        Assert.Equal("Filesystem", pvc["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("1Gi", pvc["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyDefaults_PersistentVolumeClaimBadStorage_IsBadRequest()
    {
        var e = Assert.Throws<ApiException>(() => Defaulted("", "PersistentVolumeClaim",
            """{"apiVersion":"v1","kind":"PersistentVolumeClaim","spec":{"resources":{"requests":{"storage":"big"}}}}"""));

        Assert.Equal(400, e.Code);
        Assert.StartsWith("PersistentVolumeClaim in version \"v1\" cannot be handled as a PersistentVolumeClaim: quantities must match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyDefaults_PersistentVolume_RetainAndFilesystem()
    {
        var pv = Defaulted("", "PersistentVolume", """{"spec":{"capacity":{"storage":"5000M"},"hostPath":{"path":"/d"}}}""");

        Assert.Equal("Retain", pv["spec"]!["persistentVolumeReclaimPolicy"]!.GetValue<string>());
        Assert.Equal("Filesystem", pv["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("5G", pv["spec"]!["capacity"]!["storage"]!.GetValue<string>());
        Assert.Equal("", pv["spec"]!["hostPath"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyDefaults_StorageAndPriorityClasses_GetPolicies()
    {
        var sc = Defaulted("storage.k8s.io", "StorageClass", """{"provisioner":"x"}""");
        var pc = Defaulted("scheduling.k8s.io", "PriorityClass", """{"value":10}""");

        Assert.Equal("Delete", sc["reclaimPolicy"]!.GetValue<string>());
        Assert.Equal("Immediate", sc["volumeBindingMode"]!.GetValue<string>());
        Assert.Equal("PreemptLowerPriority", pc["preemptionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyDefaults_EndpointsAndSlices_PortsGetTcp()
    {
        var endpoints = Defaulted("", "Endpoints", """{"subsets":[{"ports":[{"port":80}]}]}""");
        var slice = Defaulted("discovery.k8s.io", "EndpointSlice", """{"addressType":"IPv4","ports":[{"port":80}]}""");

        Assert.Equal("TCP", endpoints["subsets"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("""{"port":80,"name":"","protocol":"TCP"}""", slice["ports"]![0]!.ToJsonString());
        Assert.True(Bosun.Api.Strategies.Strategies.For("", "Endpoints").AllowCreateOnUpdate);
    }

    [Fact]
    public void ApplyDefaults_HpaV2_GetsMinReplicasCpuMetricAndBehavior()
    {
        var hpa = Defaulted("autoscaling", "HorizontalPodAutoscaler", """{"apiVersion":"autoscaling/v2","spec":{"maxReplicas":5,"behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}""");

        var spec = hpa["spec"]!;
        Assert.Equal(1, spec["minReplicas"]!.GetValue<int>());
        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]""", spec["metrics"]!.ToJsonString());
        Assert.Equal(60, spec["behavior"]!["scaleDown"]!["stabilizationWindowSeconds"]!.GetValue<int>());
        Assert.Equal("""[{"type":"Percent","value":100,"periodSeconds":15}]""", spec["behavior"]!["scaleDown"]!["policies"]!.ToJsonString());
        Assert.Equal(0, spec["behavior"]!["scaleUp"]!["stabilizationWindowSeconds"]!.GetValue<int>());
        Assert.Equal(2, spec["behavior"]!["scaleUp"]!["policies"]!.AsArray().Count);
    }

    [Fact]
    public void ApplyDefaults_HpaV1_GetsOnlyMinReplicas()
    {
        var hpa = Defaulted("autoscaling", "HorizontalPodAutoscaler", """{"apiVersion":"autoscaling/v1","spec":{"maxReplicas":5}}""");

        Assert.Equal("""{"maxReplicas":5,"minReplicas":1}""", hpa["spec"]!.ToJsonString());
    }

    [Fact]
    public void ApplyDefaults_LimitRangeContainer_DefaultsFromMaxAndMin()
    {
        var lr = Defaulted("", "LimitRange", """{"spec":{"limits":[{"type":"Container","max":{"cpu":"2000m"},"min":{"memory":"64Mi"}}]}}""");

        var item = lr["spec"]!["limits"]![0]!;
        Assert.Equal("""{"cpu":"2"}""", item["default"]!.ToJsonString());
        Assert.Equal("""{"cpu":"2","memory":"64Mi"}""", item["defaultRequest"]!.ToJsonString());
    }

    [Fact]
    public void ApplyDefaults_ResourceQuota_HardIsCanonical()
    {
        var quota = Defaulted("", "ResourceQuota", """{"spec":{"hard":{"pods":"10","requests.cpu":"4000m","requests.memory":"0.5Gi"}}}""");

        Assert.Equal("""{"pods":"10","requests.cpu":"4","requests.memory":"512Mi"}""", quota["spec"]!["hard"]!.ToJsonString());
    }

    [Fact]
    public void Validate_IngressPathWithoutPathType_IsRequired()
    {
        var ingress = JsonNode.Parse("""{"spec":{"rules":[{"http":{"paths":[{"path":"/","backend":{"service":{"name":"s","port":{"number":80}}}},{"path":"x","pathType":"Prefix"}]}}]}}""")!.AsObject();

        var causes = IngressStrategy.Instance.Validate(ingress).Select(c => c.Field + ": " + c.Message).ToList();

        Assert.Equal(
            ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified", "spec.rules[0].http.paths[1].path: Invalid value: \"x\": must be an absolute path"],
            causes);
    }
}
