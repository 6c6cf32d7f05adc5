using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

/// <summary>The Priority admission plugin: priorityClassName resolves to spec.priority and spec.preemptionPolicy.</summary>
public sealed class PriorityAdmissionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    private static V1Pod PodWithClass(string name, string? className, int? priority = null, string? policy = null)
    {
        var pod = Fx.Pod(name);
        pod.Spec.PriorityClassName = className;
        pod.Spec.Priority = priority;
        pod.Spec.PreemptionPolicy = policy;
        return pod;
    }

    [Fact]
    public async Task CreatePod_WithClass_GetsItsValueAndPolicy()
    {
        var ns = await server.CreateNamespaceAsync();
        var name = "high-" + Guid.NewGuid().ToString("N")[..6];
        await Client.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = name }, Value = 1000, PreemptionPolicy = "Never" });

        var pod = await Client.CreateNamespacedPodAsync(PodWithClass("p", name), ns);

        Assert.Equal(1000, pod.Spec.Priority);
        Assert.Equal("Never", pod.Spec.PreemptionPolicy);
        await Client.DeletePriorityClassAsync(name);
    }

    [Fact]
    public async Task CreatePod_NoClass_GetsZeroAndPreemptLowerPriority()
    {
        var ns = await server.CreateNamespaceAsync();

        var pod = await Client.CreateNamespacedPodAsync(Fx.Pod("p"), ns);

        Assert.Equal(0, pod.Spec.Priority);
        Assert.Equal("PreemptLowerPriority", pod.Spec.PreemptionPolicy);
        Assert.Null(pod.Spec.PriorityClassName);
    }

    [Fact]
    public async Task CreatePod_SystemClusterCritical_GetsBuiltInValue()
    {
        var ns = await server.CreateNamespaceAsync();

        var pod = await Client.CreateNamespacedPodAsync(PodWithClass("p", "system-cluster-critical"), ns);
        var node = await Client.CreateNamespacedPodAsync(PodWithClass("n", "system-node-critical"), ns);

        Assert.Equal(2000000000, pod.Spec.Priority);
        Assert.Equal(2000001000, node.Spec.Priority);
        var classes = await Client.ListPriorityClassAsync();
        Assert.Contains(classes.Items, c => c.Metadata.Name == "system-node-critical" && c.Value == 2000001000);
    }

    [Fact]
    public async Task CreatePod_UnknownClass_IsForbidden()
    {
        var ns = await server.CreateNamespaceAsync();

        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodAsync(PodWithClass("p", "no-such-class"), ns));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"p\" is forbidden: no PriorityClass with name no-such-class was found", status?.Message);
    }

    [Fact]
    public async Task CreatePod_PriorityDifferentFromClass_IsForbidden()
    {
        var ns = await server.CreateNamespaceAsync();

        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodAsync(PodWithClass("p", "system-cluster-critical", priority: 5), ns));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 2000000000 from the given PriorityClass name", status?.Message);
    }

    [Fact]
    public async Task CreatePod_GlobalDefaultClass_AppliesToPodsWithoutClass_AndOnlyOneDefault()
    {
        var ns = await server.CreateNamespaceAsync();
        var name = "default-" + Guid.NewGuid().ToString("N")[..6];
        await Client.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = name }, Value = 7, GlobalDefault = true });
        // Admission reads classes from the watch cache, as upstream's lister: a consistent list lets it catch up.
        await Client.ListPriorityClassAsync();
        try
        {
            var pod = await Client.CreateNamespacedPodAsync(Fx.Pod("p"), ns);
            var (code, _) = await Fx.ErrorAsync(() => Client.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = name + "-2" }, Value = 8, GlobalDefault = true }));

            Assert.Equal(7, pod.Spec.Priority);
            Assert.Equal(name, pod.Spec.PriorityClassName);
            Assert.Equal(HttpStatusCode.Forbidden, code);
        }
        finally
        {
            await Client.DeletePriorityClassAsync(name);
        }
    }
}
