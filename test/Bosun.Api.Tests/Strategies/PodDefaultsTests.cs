using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Strategies;

namespace Bosun.Api.Tests.Strategies;

public class PodDefaultsTests
{
    private static JsonObject Pod(string spec) =>
        JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":""" + spec + "}")!.AsObject();

    private static JsonObject Created(string spec)
    {
        var pod = Pod(spec);
        PodStrategy.Instance.ApplyDefaults(pod);
        PodStrategy.Instance.PrepareForCreate(pod, hasStatus: true);
        return pod;
    }

    [Fact]
    public void PrepareForCreate_NewPod_GetsAdmissionDefaults()
    {
        var spec = Created("""{"containers":[{"name":"c","image":"nginx"}]}""")["spec"]!;

        Assert.Equal("default", spec["serviceAccountName"]!.GetValue<string>());
        Assert.Equal("default", spec["serviceAccount"]!.GetValue<string>());
        // Priority and preemptionPolicy are the Priority admission plugin's: it must see whether they were stated.
        Assert.Null(spec["priority"]);
        Assert.Null(spec["preemptionPolicy"]);
        Assert.Equal(
            """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""",
            spec["tolerations"]!.ToJsonString());
    }

    [Fact]
    public void PrepareForCreate_ExistingTolerationAndAccount_AreKept()
    {
        var spec = Created("""{"serviceAccountName":"robot","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}],"containers":[{"name":"c","image":"nginx"}]}""")["spec"]!;

        Assert.Equal("robot", spec["serviceAccount"]!.GetValue<string>());
        var tolerations = spec["tolerations"]!.AsArray();
        Assert.Equal(2, tolerations.Count);
        Assert.Equal(5, tolerations[0]!["tolerationSeconds"]!.GetValue<int>());
        Assert.Equal("node.kubernetes.io/unreachable", tolerations[1]!["key"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyDefaults_ProbesAndVolumes_GetKubernetesDefaults()
    {
        var spec = Created("""
            {"containers":[{"name":"c","image":"nginx:1.25",
              "livenessProbe":{"httpGet":{"port":80}},
              "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5},
              "env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}],
             "volumes":[{"name":"a"},{"name":"b","configMap":{"name":"cm"}},{"name":"c","secret":{"secretName":"s"}}]}
            """)["spec"]!;

        var liveness = spec["containers"]![0]!["livenessProbe"]!;
        Assert.Equal("""{"httpGet":{"port":80,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}""", liveness.ToJsonString());
        Assert.Equal(5, spec["containers"]![0]!["readinessProbe"]!["periodSeconds"]!.GetValue<int>());
        Assert.Equal("v1", spec["containers"]![0]!["env"]![0]!["valueFrom"]!["fieldRef"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("IfNotPresent", spec["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("{}", spec["volumes"]![0]!["emptyDir"]!.ToJsonString());
        Assert.Equal(420, spec["volumes"]![1]!["configMap"]!["defaultMode"]!.GetValue<int>());
        Assert.Equal(420, spec["volumes"]![2]!["secret"]!["defaultMode"]!.GetValue<int>());
        Assert.True(spec["enableServiceLinks"]!.GetValue<bool>());
    }

    [Fact]
    public void ApplyDefaults_Resources_AreCanonicalAndRequestsComeFromLimits()
    {
        var pod = Created("""{"containers":[{"name":"c","image":"x","resources":{"limits":{"cpu":"1000m","memory":"1024Mi"},"requests":{"cpu":0.5}}}]}""");

        var resources = pod["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("""{"cpu":"1","memory":"1Gi"}""", resources["limits"]!.ToJsonString());
        Assert.Equal("""{"cpu":"500m","memory":"1Gi"}""", resources["requests"]!.ToJsonString());
        Assert.Equal("Burstable", pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyDefaults_MalformedQuantity_IsBadRequestLikeTheDecoder()
    {
        var pod = Pod("""{"containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"lots"}}}]}""");

        var e = Assert.Throws<ApiException>(() => PodStrategy.Instance.ApplyDefaults(pod));

        Assert.Equal(400, e.Code);
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", e.Message);
    }

    [Fact]
    public void ApplyDefaults_HostNetworkTemplate_MirrorsContainerPortsToHostPorts()
    {
        var spec = JsonNode.Parse("""{"hostNetwork":true,"containers":[{"name":"c","image":"x","ports":[{"containerPort":9100}]}]}""")!.AsObject();

        PodSpecDefaults.Apply(spec);

        Assert.Equal(9100, spec["containers"]![0]!["ports"]![0]!["hostPort"]!.GetValue<int>());
        Assert.Null(spec["enableServiceLinks"]);
    }
}
