using Bosun.Client.Informers;
using k8s;
using k8s.Models;
using static Bosun.Client.Tests.Informers.ScriptedListWatch;

namespace Bosun.Client.Tests.Informers;

public sealed class InformerTests
{
    private readonly List<string> _calls = [];

    [Fact]
    public async Task RunAsync_ListThenEvents_CacheFollowsAndWatchResumesFromLastVersion()
    {
        var script = new ScriptedListWatch()
            .List("10", ConfigMap("a", "5"))
            .Session(null,
                (WatchEventType.Added, ConfigMap("b", "11")),
                (WatchEventType.Modified, ConfigMap("a", "12")),
                (WatchEventType.Bookmark, ConfigMap("", "15")));
        var informer = Recorded(new Informer<V1ConfigMap>(script.ListWatch));
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        // The stream ended without an error (a server timeout): the next watch starts at the bookmark's version.
        Assert.Equal("15", await script.IdleAsync());
        Assert.Equal(["10", "15"], script.WatchedFrom);
        Assert.Equal(1, script.ListCalls);
        Assert.True(informer.HasSynced);
        Assert.Equal("12", informer.Cache.Get("ns/a")!.Metadata.ResourceVersion);
        Assert.NotNull(informer.Cache.Get("ns/b"));
        Assert.Equal(["add a", "add b", "update a 5->12"], _calls);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_WatchGone410_RelistsAndReportsDeletesMissed()
    {
        var gone = new KubernetesException(new V1Status { Code = 410, Reason = "Expired" });
        var script = new ScriptedListWatch()
            .List("10", ConfigMap("a", "5"), ConfigMap("b", "6"))
            .Session(gone)
            .List("20", ConfigMap("a", "18"));
        var informer = Recorded(new Informer<V1ConfigMap>(script.ListWatch));
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        Assert.Equal("20", await script.IdleAsync());
        Assert.Equal(2, script.ListCalls);
        Assert.Null(informer.Cache.Get("ns/b"));
        Assert.Equal(["add a", "add b", "update a 5->18", "delete b"], _calls);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_DeleteEvent_RemovesFromCacheAndIndexes()
    {
        var script = new ScriptedListWatch()
            .List("10", ConfigMap("a", "5", ownerUid: "owner-1"), ConfigMap("b", "6", ns: "other", ownerUid: "owner-1"))
            .Session(null, (WatchEventType.Deleted, ConfigMap("a", "11", ownerUid: "owner-1")));
        var informer = Recorded(new Informer<V1ConfigMap>(script.ListWatch)
            .AddIndexer(Indexers.Namespace, Indexers.ByNamespace)
            .AddIndexer(Indexers.OwnerUid, Indexers.ByOwnerUid));
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        await script.IdleAsync();
        Assert.Equal(["b"], informer.Cache.ByIndex(Indexers.OwnerUid, "owner-1").Select(o => o.Metadata.Name));
        Assert.Empty(informer.Cache.ByIndex(Indexers.Namespace, "ns"));
        Assert.Single(informer.Cache.ByIndex(Indexers.Namespace, "other"));
        Assert.Equal("delete a", _calls[^1]);
        await cts.CancelAsync();
        await run;
    }

    private Informer<V1ConfigMap> Recorded(Informer<V1ConfigMap> informer) =>
        informer.AddHandler(new InformerHandler<V1ConfigMap>(
            OnAdd: o => _calls.Add($"add {o.Metadata.Name}"),
            OnUpdate: (old, o) => _calls.Add($"update {o.Metadata.Name} {old.Metadata.ResourceVersion}->{o.Metadata.ResourceVersion}"),
            OnDelete: o => _calls.Add($"delete {o.Metadata.Name}")));
}
