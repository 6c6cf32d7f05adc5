using System.Net;
using Bosun.Controllers.Tests.Infrastructure;
using Bosun.Node.Simulated;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Controllers.Tests.Disruption;

/// <summary>The disruption controller keeping budgets current, and evictions spending them, with simulated kubelets.</summary>
public sealed class DisruptionControllerTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task Budget_ReadyPods_AllowDisruptionsDownToMinAvailableThenEvictionsAre429()
    {
        await using var fleet = SimulatedFleetRun.Start(fx.NewClient(), new SimulatedNodeOptions { NamePrefix = "pdb-", Count = 1, LeaseRenewInterval = TimeSpan.FromMilliseconds(250) });
        await fleet.Registered.WaitAsync(TimeSpan.FromSeconds(30));
        var ns = await fx.CreateNamespaceAsync("pdb");
        foreach (var name in new[] { "a", "b", "c" })
        {
            await fx.Client.CoreV1.CreateNamespacedPodAsync(Pod(name, "pdb-0"), ns);
        }

        await fx.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 2, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } },
        }, ns);

        await Eventually.TrueAsync(async () => (await ReadStatusAsync(ns)) is { CurrentHealthy: 3, DesiredHealthy: 2, ExpectedPods: 3, DisruptionsAllowed: 1, ObservedGeneration: 1 }, "budget allows 1");
        var condition = (await ReadStatusAsync(ns)).Conditions.Single();
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition.Type, condition.Status, condition.Reason));

        await fx.Client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = ns } }, "a", ns);
        // The simulated kubelet finishes the termination; the budget then counts 2 healthy and allows none.
        await Eventually.TrueAsync(async () => (await ReadStatusAsync(ns)) is { CurrentHealthy: 2, DisruptionsAllowed: 0, DisruptedPods: null or { Count: 0 } }, "budget exhausted");
        Assert.Equal("InsufficientPods", (await ReadStatusAsync(ns)).Conditions.Single().Reason);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fx.Client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = ns } }, "b", ns));
        Assert.Equal((HttpStatusCode)429, refused.Response.StatusCode);
    }

    [Fact]
    public async Task Budget_MaxUnavailableOverPodsWithoutController_CountsNothingAndWarns()
    {
        var ns = await fx.CreateNamespaceAsync("pdb-nc");
        await fx.Client.CoreV1.CreateNamespacedPodAsync(Pod("lonely", null), ns);
        await fx.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } },
        }, ns);

        // As kube-controller-manager 1.27+: unmanaged pods have no scale, so nothing is expected and nothing allowed.
        await Eventually.TrueAsync(async () => (await ReadStatusAsync(ns)) is { ObservedGeneration: 1, ExpectedPods: 0, DisruptionsAllowed: 0 }, "budget observed");
        Assert.Equal("InsufficientPods", (await ReadStatusAsync(ns)).Conditions.Single().Reason);
        await Eventually.TrueAsync(
            async () => (await fx.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Any(e => e.Reason == "UnmanagedPods" && e.Type == "Warning" && e.InvolvedObject.Name == "web"),
            "an UnmanagedPods warning");
    }

    private async Task<V1PodDisruptionBudgetStatus> ReadStatusAsync(string ns) =>
        (await fx.Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", ns)).Status;

    private static V1Pod Pod(string name, string? node) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };
}
