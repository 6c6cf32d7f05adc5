using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>
/// <c>kubectl autoscale</c>: kubectl 1.33 sends an autoscaling/v2 HorizontalPodAutoscaler as protobuf,
/// kubectl 1.27 an autoscaling/v1 one as JSON; either way the object is one HPA that both versions show
/// (v1's targetCPUUtilizationPercentage is v2's CPU-utilization metric) and <c>kubectl get hpa</c> prints.
/// </summary>
public sealed class AutoscaleTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Theory]
    [InlineData("1.27")]
    [InlineData("1.33")]
    public async Task Autoscale_Deployment_CreatesHorizontalPodAutoscaler(string version)
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
        foreach (var (apiVersion, cpuPath) in new[]
        {
            ("v1", "{.spec.targetCPUUtilizationPercentage}"),
            ("v2", "{.spec.metrics[0].resource.target.averageUtilization}"),
        })
        {
            var spec = await kubectl.SucceedAsync("get", $"horizontalpodautoscalers.{apiVersion}.autoscaling", "web", "-n", ns,
                "-o", $"jsonpath={{.apiVersion}}/{{.spec.scaleTargetRef.kind}}/{{.spec.scaleTargetRef.name}}/{{.spec.minReplicas}}/{{.spec.maxReplicas}}/{cpuPath}");
            Assert.Equal($"autoscaling/{apiVersion}/Deployment/web/2/5/70", spec);
        }

        var table = await kubectl.SucceedAsync("get", "hpa", "-n", ns);
        Assert.Matches(@"web\s+Deployment/web\s+cpu: <unknown>/70%\s+2\s+5\s+0\s", table);
    }
}
