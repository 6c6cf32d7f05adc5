using Bosun.IntegrationTests.Infrastructure;
using k8s;

namespace Bosun.IntegrationTests;

/// <summary>deletecollection and dry-run deletes.</summary>
public sealed class CollectionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatchingObjects()
    {
        var ns = await server.CreateNamespaceAsync();
        for (var i = 0; i < 6; i++)
        {
            await server.Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap($"cm-{i}", labels: new Dictionary<string, string> { ["tier"] = i % 2 == 0 ? "front" : "back" }), ns);
        }

        await server.Client.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: "tier=front");

        var left = (await server.Client.ListNamespacedConfigMapAsync(ns)).Items.Select(c => c.Metadata.Name).Order().ToList();
        Assert.Equal(["cm-1", "cm-3", "cm-5"], left);
    }

    [Fact]
    public async Task Delete_DryRunAll_KeepsObject()
    {
        var ns = await server.CreateNamespaceAsync();
        await server.Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("kept"), ns);

        await server.Client.DeleteNamespacedConfigMapAsync("kept", ns, dryRun: "All");

        Assert.Equal("kept", (await server.Client.ReadNamespacedConfigMapAsync("kept", ns)).Metadata.Name);
    }

    [Fact]
    public async Task Delete_StaleResourceVersionPrecondition_Returns409AndKeepsObject()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await server.Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("guarded"), ns);
        await server.Client.ReplaceNamespacedConfigMapAsync(Fx.ConfigMap("guarded", new Dictionary<string, string> { ["k"] = "changed" }), "guarded", ns);

        var (code, status) = await Fx.ErrorAsync(() => server.Client.DeleteNamespacedConfigMapAsync("guarded", ns,
            new k8s.Models.V1DeleteOptions { Preconditions = new k8s.Models.V1Preconditions { ResourceVersion = created.Metadata.ResourceVersion } }));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", status!.Reason);
        Assert.Equal("changed", (await server.Client.ReadNamespacedConfigMapAsync("guarded", ns)).Data["k"]);
    }
}
