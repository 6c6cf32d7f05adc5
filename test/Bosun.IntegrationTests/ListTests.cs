using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

public sealed class ListTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task List_LimitWithContinue_SeesEveryObjectOnceAtFirstPageVersion()
    {
        var ns = await server.CreateNamespaceAsync();
        for (var i = 0; i < 25; i++)
        {
            await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap($"p{i:D2}"), ns);
        }

        var first = await Client.ListNamespacedConfigMapAsync(ns, limit: 10);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(15, first.Metadata.RemainingItemCount);
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));
        var seen = first.Items.Select(i => i.Metadata.Name).ToList();

        // Written after the first page: a paginated list is a snapshot, so these never show up.
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("p00a"), ns);
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("zz-late"), ns);
        await Client.DeleteNamespacedConfigMapAsync("p24", ns);

        var second = await Client.ListNamespacedConfigMapAsync(ns, limit: 10, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(10, second.Items.Count);
        Assert.Equal(5, second.Metadata.RemainingItemCount);
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        seen.AddRange(second.Items.Select(i => i.Metadata.Name));

        var third = await Client.ListNamespacedConfigMapAsync(ns, limit: 10, continueParameter: second.Metadata.ContinueProperty);
        Assert.Equal(5, third.Items.Count);
        Assert.True(string.IsNullOrEmpty(third.Metadata.ContinueProperty));
        Assert.Null(third.Metadata.RemainingItemCount);
        seen.AddRange(third.Items.Select(i => i.Metadata.Name));

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"p{i:D2}"), seen);
    }

    [Fact]
    public async Task List_LabelSelectorOperators_FilterLikeKubernetes()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("a", labels: new Dictionary<string, string> { ["env"] = "prod", ["tier"] = "web" }), ns);
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("b", labels: new Dictionary<string, string> { ["env"] = "dev" }), ns);
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("c", labels: new Dictionary<string, string> { ["env"] = "test", ["tier"] = "db" }), ns);
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("d"), ns);

        async Task<string> Names(string selector) =>
            string.Join(",", (await Client.ListNamespacedConfigMapAsync(ns, labelSelector: selector)).Items.Select(i => i.Metadata.Name).Order());

        Assert.Equal("a", await Names("env=prod"));
        Assert.Equal("a", await Names("env==prod"));
        Assert.Equal("b,c,d", await Names("env!=prod"));
        Assert.Equal("a,b", await Names("env in (prod,dev)"));
        Assert.Equal("c,d", await Names("env notin (prod,dev)"));
        Assert.Equal("a,c", await Names("tier"));
        Assert.Equal("b,d", await Names("!tier"));
        Assert.Equal("c", await Names("env,tier=db"));
    }

    [Fact]
    public async Task List_FieldSelectors_FilterByNameNodeAndPhase()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("one"), ns);
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("two"), ns);
        var byName = await Client.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=two");
        Assert.Equal("two", Assert.Single(byName.Items).Metadata.Name);
        var notName = await Client.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name!=two");
        Assert.Equal("one", Assert.Single(notName.Items).Metadata.Name);

        await Client.CreateNamespacedPodAsync(Fx.Pod("on-n1", nodeName: "n1"), ns);
        await Client.CreateNamespacedPodAsync(Fx.Pod("unbound"), ns);
        var onNode = await Client.ListNamespacedPodAsync(ns, fieldSelector: "spec.nodeName=n1");
        Assert.Equal("on-n1", Assert.Single(onNode.Items).Metadata.Name);
        var unscheduled = await Client.ListNamespacedPodAsync(ns, fieldSelector: "spec.nodeName=");
        Assert.Equal("unbound", Assert.Single(unscheduled.Items).Metadata.Name);

        var running = await Client.ReadNamespacedPodStatusAsync("on-n1", ns);
        running.Status = new V1PodStatus { Phase = "Running" };
        await Client.ReplaceNamespacedPodStatusAsync(running, "on-n1", ns);
        var byPhase = await Client.ListNamespacedPodAsync(ns, fieldSelector: "status.phase=Running");
        Assert.Equal("on-n1", Assert.Single(byPhase.Items).Metadata.Name);
        var clusterWide = await Client.ListPodForAllNamespacesAsync(fieldSelector: $"metadata.namespace={ns},status.phase!=Running");
        Assert.Equal("unbound", Assert.Single(clusterWide.Items).Metadata.Name);
    }

    [Fact]
    public async Task List_UnsupportedFieldSelector_Returns400()
    {
        var ns = await server.CreateNamespaceAsync();
        var (code, status) = await Fx.ErrorAsync(() => Client.ListNamespacedConfigMapAsync(ns, fieldSelector: "data.k=v"));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("BadRequest", status?.Reason);
    }

    [Fact]
    public async Task List_InvalidLabelSelector_Returns400()
    {
        var ns = await server.CreateNamespaceAsync();
        var (code, _) = await Fx.ErrorAsync(() => Client.ListNamespacedConfigMapAsync(ns, labelSelector: "a in (b"));
        Assert.Equal(HttpStatusCode.BadRequest, code);
    }
}
