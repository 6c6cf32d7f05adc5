using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>
/// <c>kubectl autoscale</c>: kubectl 1.33 sends an autoscaling/v2 HorizontalPodAutoscaler as protobuf,
/// kubectl 1.27 an autoscaling/v1 one as JSON; both are stored and read back in the version written.
/// </summary>
public sealed class AutoscaleTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Theory]
    [InlineData("1.27", "v1", "{.spec.targetCPUUtilizationPercentage}")]
    [InlineData("1.33", "v2", "{.spec.metrics[0].resource.target.averageUtilization}")]
    public async Task Autoscale_Deployment_CreatesHorizontalPodAutoscaler(string version, string apiVersion, string cpuPath)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "autoscale");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: {{ns}}
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: busybox:1.36
            """));

        var output = await kubectl.SucceedAsync("autoscale", "deployment", "web", "-n", ns, "--min=2", "--max=5", "--cpu-percent=70");

        Assert.Contains("horizontalpodautoscaler.autoscaling/web autoscaled", output, StringComparison.Ordinal);
        var spec = await kubectl.SucceedAsync("get", $"horizontalpodautoscalers.{apiVersion}.autoscaling", "web", "-n", ns,
            "-o", $"jsonpath={{.spec.scaleTargetRef.kind}}/{{.spec.scaleTargetRef.name}}/{{.spec.minReplicas}}/{{.spec.maxReplicas}}/{cpuPath}");
        Assert.Equal("Deployment/web/2/5/70", spec);
    }
}
