using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

/// <summary>pods/eviction against budgets whose status the tests set by hand (no disruption controller runs here).</summary>
public sealed class EvictionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Evict_NoBudget_DeletesThePodAndMarksWhy()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "p", "web");

        await Client.CreateNamespacedPodEvictionAsync(Eviction("p", ns), "p", ns);

        // The 30 s grace period keeps the pod (terminating) until a kubelet confirms; it is marked as disrupted.
        var pod = await Client.ReadNamespacedPodAsync("p", ns);
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
        var condition = pod.Status.Conditions.Single(c => c.Type == "DisruptionTarget");
        Assert.Equal("EvictionByEvictionAPI", condition.Reason);
    }

    [Fact]
    public async Task Evict_BudgetAllowsNone_Is429WithTheBudgetsCauseAndKeepsThePod()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "p", "web");
        await BudgetAsync(ns, "pdb", allowed: 0, healthy: 1, desired: 1);

        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(Eviction("p", ns), "p", ns));

        Assert.Equal((HttpStatusCode)429, code);
        Assert.Equal("TooManyRequests", status!.Reason);
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("DisruptionBudget", cause.Reason);
        Assert.Equal("The disruption budget pdb needs 1 healthy pods and has 1 currently", cause.Message);
        Assert.Null((await Client.ReadNamespacedPodAsync("p", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Evict_BudgetAllowsOne_SpendsItSoTheNextEvictionIsRefused()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "a", "web");
        await RunningPodAsync(ns, "b", "web");
        await BudgetAsync(ns, "pdb", allowed: 1, healthy: 2, desired: 1);

        await Client.CreateNamespacedPodEvictionAsync(Eviction("a", ns), "a", ns);
        var budget = await Client.ReadNamespacedPodDisruptionBudgetAsync("pdb", ns);
        Assert.Equal(0, budget.Status.DisruptionsAllowed);
        Assert.True(budget.Status.DisruptedPods.ContainsKey("a"));

        var (code, _) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(Eviction("b", ns), "b", ns));
        Assert.Equal((HttpStatusCode)429, code);
    }

    [Fact]
    public async Task Evict_BudgetNotYetObserved_Is429()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "p", "web");
        await BudgetAsync(ns, "pdb", allowed: 5, healthy: 5, desired: 0, observedGeneration: 0);

        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(Eviction("p", ns), "p", ns));
        Assert.Equal((HttpStatusCode)429, code);
        Assert.Equal("The disruption budget pdb is still being processed by the server.", status!.Details.Causes.Single().Message);
    }

    [Fact]
    public async Task Evict_TwoBudgets_Is500()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "p", "web");
        await BudgetAsync(ns, "one", allowed: 1, healthy: 1, desired: 0);
        await BudgetAsync(ns, "two", allowed: 1, healthy: 1, desired: 0);

        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(Eviction("p", ns), "p", ns));
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Contains("more than one PodDisruptionBudget", status!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evict_PendingPod_IgnoresTheBudget()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedPodAsync(Fx.Pod("p", labels: new Dictionary<string, string> { ["app"] = "web" }), ns);
        await BudgetAsync(ns, "pdb", allowed: 0, healthy: 0, desired: 1);

        await Client.CreateNamespacedPodEvictionAsync(Eviction("p", ns), "p", ns);
        // Never scheduled, so deleted at once (no kubelet has to confirm).
        var (code, _) = await Fx.ErrorAsync(() => Client.ReadNamespacedPodAsync("p", ns));
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Evict_DryRun_ChangesNothing()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "p", "web");
        await BudgetAsync(ns, "pdb", allowed: 1, healthy: 2, desired: 1);
        var eviction = Eviction("p", ns);
        eviction.DeleteOptions = new V1DeleteOptions { DryRun = ["All"] };

        await Client.CreateNamespacedPodEvictionAsync(eviction, "p", ns);

        Assert.Null((await Client.ReadNamespacedPodAsync("p", ns)).Metadata.DeletionTimestamp);
        Assert.Equal(1, (await Client.ReadNamespacedPodDisruptionBudgetAsync("pdb", ns)).Status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Evict_MissingPodOrWrongName_IsNotFoundOrBadRequest()
    {
        var ns = await server.CreateNamespaceAsync();
        var (missing, _) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(Eviction("nope", ns), "nope", ns));
        Assert.Equal(HttpStatusCode.NotFound, missing);

        await RunningPodAsync(ns, "p", "web");
        var (mismatch, _) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(Eviction("other", ns), "p", ns));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch);
        var (unnamed, _) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta() }, "p", ns));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed);
    }

    [Fact]
    public async Task Evict_WithTheCurrentResourceVersionPrecondition_Succeeds()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "p", "web");
        await BudgetAsync(ns, "pdb", allowed: 1, healthy: 2, desired: 1);
        var pod = await Client.ReadNamespacedPodAsync("p", ns);
        var eviction = Eviction("p", ns);
        eviction.DeleteOptions = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = pod.Metadata.ResourceVersion, Uid = pod.Metadata.Uid } };

        // Marking the pod (DisruptionTarget) changes its resourceVersion; the client's precondition still holds.
        await Client.CreateNamespacedPodEvictionAsync(eviction, "p", ns);
        Assert.NotNull((await Client.ReadNamespacedPodAsync("p", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Evict_StalePrecondition_Is409AndSpendsNothing()
    {
        var ns = await server.CreateNamespaceAsync();
        await RunningPodAsync(ns, "p", "web");
        await BudgetAsync(ns, "pdb", allowed: 1, healthy: 2, desired: 1);
        var eviction = Eviction("p", ns);
        eviction.DeleteOptions = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = Guid.NewGuid().ToString() } };

        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedPodEvictionAsync(eviction, "p", ns));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Contains("Precondition failed: UID in precondition", status!.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Client.ReadNamespacedPodDisruptionBudgetAsync("pdb", ns)).Status.DisruptionsAllowed);
        Assert.Null((await Client.ReadNamespacedPodAsync("p", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Discovery_PodsEviction_IsPolicyV1Eviction()
    {
        var resources = await Client.CoreV1.GetAPIResourcesAsync();
        var eviction = resources.Resources.Single(r => r.Name == "pods/eviction");
        Assert.Equal(("policy", "v1", "Eviction"), (eviction.Group, eviction.Version, eviction.Kind));
        Assert.Equal(["create"], eviction.Verbs);
    }

    private static V1Eviction Eviction(string name, string ns) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "Eviction",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
    };

    private async Task RunningPodAsync(string ns, string name, string app)
    {
        await Client.CreateNamespacedPodAsync(Fx.Pod(name, "node-1", new Dictionary<string, string> { ["app"] = app }), ns);
        var status = """{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}""";
        await Client.PatchNamespacedPodStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), name, ns);
    }

    private async Task BudgetAsync(string ns, string name, int allowed, int healthy, int desired, long observedGeneration = 1)
    {
        var created = await Client.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = desired,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            },
        }, ns);
        created.Status = new V1PodDisruptionBudgetStatus
        {
            DisruptionsAllowed = allowed,
            CurrentHealthy = healthy,
            DesiredHealthy = desired,
            ExpectedPods = healthy,
            ObservedGeneration = observedGeneration,
        };
        await Client.ReplaceNamespacedPodDisruptionBudgetStatusAsync(created, name, ns);
    }
}
