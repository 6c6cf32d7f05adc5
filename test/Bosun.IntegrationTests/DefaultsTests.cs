using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

/// <summary>What a real cluster stores and refuses: defaults, generated job selectors, Kubernetes' validation words.</summary>
public sealed class DefaultsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task CreateJob_GenerateName_SelectorAndLabelsUseTheGeneratedNameAndUid()
    {
        var ns = await server.CreateNamespaceAsync();
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { GenerateName = "batch-" },
            Spec = new V1JobSpec
            {
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
                },
            },
        };

        var created = await server.Client.CreateNamespacedJobAsync(job, ns);

        var uid = created.Metadata.Uid;
        Assert.StartsWith("batch-", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(uid, created.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal(created.Metadata.Name, created.Spec.Template.Metadata.Labels["job-name"]);
        Assert.Equal(created.Metadata.Name, created.Spec.Template.Metadata.Labels["batch.kubernetes.io/job-name"]);
        Assert.Equal(uid, created.Spec.Template.Metadata.Labels["controller-uid"]);
        Assert.Equal("TerminatingOrFailed", created.Spec.PodReplacementPolicy);
    }

    [Fact]
    public async Task CreateDeployment_SelectorNotMatchingTemplate_Returns422InKubernetesWords()
    {
        var ns = await server.CreateNamespaceAsync();
        var deployment = Fx.Deployment("mismatch");
        deployment.Spec.Selector.MatchLabels = new Dictionary<string, string> { ["app"] = "other" };

        var (code, status) = await Fx.ErrorAsync(() => server.Client.CreateNamespacedDeploymentAsync(deployment, ns));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        var cause = Assert.Single(status!.Details.Causes);
        Assert.Equal("spec.template.metadata.labels", cause.Field);
        Assert.EndsWith("`selector` does not match template `labels`", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePodAndService_GetClusterDefaults()
    {
        var ns = await server.CreateNamespaceAsync();
        await server.Client.CreateNamespacedPodAsync(Fx.Pod("p"), ns);
        await server.Client.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "s" },
            Spec = new V1ServiceSpec { Type = "NodePort", Ports = [new V1ServicePort { Port = 80 }] },
        }, ns);

        var pod = await server.Client.ReadNamespacedPodAsync("p", ns);
        var service = await server.Client.ReadNamespacedServiceAsync("s", ns);

        Assert.Equal("default", pod.Spec.ServiceAccountName);
        Assert.Equal(0, pod.Spec.Priority);
        Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unreachable" && t.TolerationSeconds == 300);
        Assert.Equal(["IPv4"], service.Spec.IpFamilies);
        Assert.Equal("SingleStack", service.Spec.IpFamilyPolicy);
        Assert.Equal("Cluster", service.Spec.ExternalTrafficPolicy);
        Assert.Equal("Cluster", service.Spec.InternalTrafficPolicy);
    }
}
