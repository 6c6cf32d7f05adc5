using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

public sealed class WatchTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    private WatchSession<V1ConfigMap, V1ConfigMapList> Watch(string ns, string? resourceVersion, string? labelSelector = null, bool bookmarks = false) =>
        new(ct => Client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
            ns, watch: true, resourceVersion: resourceVersion, labelSelector: labelSelector, allowWatchBookmarks: bookmarks, cancellationToken: ct));

    private async Task<string> ListVersionAsync(string ns) => (await Client.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;

    [Fact]
    public async Task Watch_CreateUpdateDelete_SeesAddedModifiedDeletedInOrder()
    {
        var ns = await server.CreateNamespaceAsync();
        await using var watch = Watch(ns, await ListVersionAsync(ns));

        var created = await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("w"), ns);
        var modified = await Client.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"2\"}}", V1Patch.PatchType.MergePatch), "w", ns);
        await Client.DeleteNamespacedConfigMapAsync("w", ns);

        var e1 = await watch.NextAsync();
        Assert.Equal(WatchEventType.Added, e1.Type);
        Assert.Equal(created.Metadata.ResourceVersion, e1.Value!.Metadata.ResourceVersion);
        var e2 = await watch.NextAsync();
        Assert.Equal(WatchEventType.Modified, e2.Type);
        Assert.Equal(modified.Metadata.ResourceVersion, e2.Value!.Metadata.ResourceVersion);
        Assert.Equal("2", e2.Value.Data["k"]);
        var e3 = await watch.NextAsync();
        Assert.Equal(WatchEventType.Deleted, e3.Type);
        Assert.Equal("w", e3.Value!.Metadata.Name);
        Assert.True(long.Parse(e3.Value.Metadata.ResourceVersion) > long.Parse(modified.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Watch_NoResourceVersion_StartsWithAddedForExistingObjects()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("a"), ns);
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("b"), ns);
        await using var watch = Watch(ns, null);
        var names = new[] { (await watch.NextAsync()).Value!.Metadata.Name, (await watch.NextAsync()).Value!.Metadata.Name };
        Assert.Equal(["a", "b"], names.Order());
    }

    [Fact]
    public async Task Watch_ResumeFromResourceVersion_GetsExactlyTheLaterEvents()
    {
        var ns = await server.CreateNamespaceAsync();
        var versions = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            versions.Add((await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap($"r{i}"), ns)).Metadata.ResourceVersion);
        }

        await using var watch = Watch(ns, versions[1]);
        for (var i = 2; i < 5; i++)
        {
            var e = await watch.NextAsync();
            Assert.Equal(WatchEventType.Added, e.Type);
            Assert.Equal($"r{i}", e.Value!.Metadata.Name);
            Assert.Equal(versions[i], e.Value.Metadata.ResourceVersion);
        }

        Assert.True(await watch.IsQuietAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Watch_LabelSelector_ObjectStopsMatching_SeesDeleted()
    {
        var ns = await server.CreateNamespaceAsync();
        await using var watch = Watch(ns, await ListVersionAsync(ns), labelSelector: "app=x");
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("sel", labels: new Dictionary<string, string> { ["app"] = "x" }), ns);
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("other", labels: new Dictionary<string, string> { ["app"] = "y" }), ns);
        var moved = await Client.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"z\"}}}", V1Patch.PatchType.MergePatch), "sel", ns);
        await Client.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"x\"}}}", V1Patch.PatchType.MergePatch), "other", ns);

        var added = await watch.NextAsync();
        Assert.Equal((WatchEventType.Added, "sel"), (added.Type, added.Value!.Metadata.Name));
        var gone = await watch.NextAsync();
        Assert.Equal((WatchEventType.Deleted, "sel"), (gone.Type, gone.Value!.Metadata.Name));
        // Kubernetes sends the last matching state with the new resourceVersion.
        Assert.Equal("x", gone.Value.Metadata.Labels["app"]);
        Assert.Equal(moved.Metadata.ResourceVersion, gone.Value.Metadata.ResourceVersion);
        var joined = await watch.NextAsync();
        Assert.Equal((WatchEventType.Added, "other"), (joined.Type, joined.Value!.Metadata.Name));
    }

    [Fact]
    public async Task Watch_AllowWatchBookmarks_ReceivesBookmarkWithResourceVersion()
    {
        var ns = await server.CreateNamespaceAsync();
        var rv = await ListVersionAsync(ns);
        await using var watch = Watch(ns, rv, bookmarks: true);
        var e = await watch.NextAsync(includeBookmarks: true, timeout: TimeSpan.FromSeconds(10));
        Assert.Equal(WatchEventType.Bookmark, e.Type);
        Assert.True(long.Parse(e.Value!.Metadata.ResourceVersion) >= long.Parse(rv));
    }

    [Fact]
    public async Task Watch_WithoutAllowWatchBookmarks_ReceivesNoBookmark()
    {
        var ns = await server.CreateNamespaceAsync();
        await using var watch = Watch(ns, await ListVersionAsync(ns), bookmarks: false);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.NextAsync(includeBookmarks: true, timeout: TimeSpan.FromSeconds(2.5)));
    }

    [Fact]
    public async Task Watch_ResourceVersionOutOfWindow_ErrorEvent410Expired()
    {
        var ns = await server.CreateNamespaceAsync();
        var first = await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("old", new Dictionary<string, string> { ["n"] = "0" }), ns);

        // The watch cache keeps 10,000 events per resource; push the first write out of the window.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 1260; i++)
            {
                await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap($"f-{w}-{i}"), ns);
            }
        }));
        await Task.WhenAll(writers);

        await using var watch = Watch(ns, first.Metadata.ResourceVersion);
        var e = await watch.NextAsync();
        Assert.Equal(WatchEventType.Error, e.Type);
        var status = Assert.IsType<KubernetesException>(e.Error).Status;
        Assert.Equal((int)HttpStatusCode.Gone, status.Code);
        Assert.Equal("Expired", status.Reason);
    }
}
