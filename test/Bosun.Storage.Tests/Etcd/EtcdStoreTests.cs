using Bosun.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bosun.Storage.Etcd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bosun.Storage.Tests.Etcd;

/// <summary>etcd-specific behaviour on one shared member; each test works under its own key prefix.</summary>
public sealed class EtcdStoreTests(EtcdCluster cluster) : IClassFixture<EtcdCluster>
{
    private readonly string _prefix = $"/test-{Guid.NewGuid():N}";

    [Fact]
    public async Task Prefix_TwoStores_SeeOnlyTheirOwnKeys()
    {
        await using var a = cluster.OpenStore(_prefix + "-a");
        await using var b = cluster.OpenStore(_prefix + "-b");

        await a.CreateAsync("/k/1", Bytes("a"));
        await b.CreateAsync("/k/1", Bytes("b"));

        Assert.Equal("a", Text((await a.GetAsync("/k/1"))!.Value));
        Assert.Equal(["/k/1"], (await b.RangeAsync(new RangeRequest("/"))).Items.Select(i => i.Key));
        Assert.Equal("b", Text((await b.RangeAsync(new RangeRequest("/"))).Items[0].Value));
    }

    [Fact]
    public async Task Create_ValueOverRequestLimit_ThrowsValueTooLargeBeforeSending()
    {
        await using var store = cluster.OpenStore(_prefix);
        var revision = await store.GetRevisionAsync();

        var ex = await Assert.ThrowsAsync<ValueTooLargeException>(() => store.CreateAsync("/big", new byte[2 * 1024 * 1024]));

        Assert.Equal("/big", ex.Key);
        Assert.Equal(1536 * 1024, ex.Limit);
        Assert.Equal(revision, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Create_ValueOverEtcdsOwnLimit_ThrowsValueTooLarge()
    {
        // A client limit set above the member's (1.5 MiB by default): etcd's refusal maps to the same exception.
        await using var store = cluster.OpenStore(_prefix, o => o.MaxRequestBytes = 8 * 1024 * 1024);

        await Assert.ThrowsAsync<ValueTooLargeException>(() => store.CreateAsync("/big", new byte[2 * 1024 * 1024]));
        Assert.Null(await store.GetAsync("/big"));
    }

    [Fact]
    public async Task Range_LargeResult_OverGrpcDefaultMessageLimit_IsRead()
    {
        await using var store = cluster.OpenStore(_prefix);
        var value = new byte[1024 * 1024];
        for (var i = 0; i < 5; i++)
            await store.CreateAsync($"/big/{i}", value);

        var range = await store.RangeAsync(new RangeRequest("/big/"));

        Assert.Equal(5, range.Items.Count);
    }

    [Fact]
    public async Task Call_NothingListening_ThrowsStoreUnavailableAtOnce()
    {
        await using var store = Open(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}"), TimeSpan.FromSeconds(5));
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAsync("/k", Bytes("1")));

        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(6), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Call_SilentListener_ThrowsStoreUnavailableWithinRequestTimeout()
    {
        // Accepts TCP connections and never speaks HTTP/2: the call may only wait out the request timeout.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var store = Open(new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("/k"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Call_HttpsToPlainMember_ThrowsStoreUnavailableNamingTls()
    {
        var plain = cluster.Endpoints[0];
        await using var store = Open(new UriBuilder(plain) { Scheme = "https" }.Uri, TimeSpan.FromSeconds(3));

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("/k"));

        Assert.Contains("SSL", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Call_DeadEndpointFirst_FailsOverToLiveOne()
    {
        var options = new EtcdStoreOptions { Prefix = _prefix };
        options.Endpoints.Add(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}"));
        options.Endpoints.Add(cluster.Endpoints[0]);
        await using var store = EtcdStoreFactory.Open(options);

        var created = await store.CreateAsync("/k", Bytes("1"));

        Assert.Equal("1", Text((await store.GetAsync("/k"))!.Value));
        Assert.Equal(created.ModRevision, (await store.GetAsync("/k"))!.ModRevision);
    }

    [Fact]
    public async Task AddBosunStorage_EtcdEndpoint_RegistersEtcdStoreWithConfiguredPrefix()
    {
        var endpoint = "etcd://" + string.Join(",", cluster.Endpoints.Select(e => e.Authority));
        var services = new ServiceCollection().AddLogging().AddBosunStorage(endpoint);
        services.Configure<EtcdStoreOptions>(o => o.Prefix = _prefix);

        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IStore>();
        await store.CreateAsync("/k", Bytes("v"));

        Assert.IsType<EtcdStore>(store);
        Assert.Equal(cluster.Endpoints, provider.GetRequiredService<IOptions<EtcdStoreOptions>>().Value.Endpoints);
        await using var direct = cluster.OpenStore(_prefix);
        Assert.Equal("v", Text((await direct.GetAsync("/k"))!.Value));
    }

    private IStore Open(Uri endpoint, TimeSpan requestTimeout)
    {
        var options = new EtcdStoreOptions { Prefix = _prefix, RequestTimeout = requestTimeout, DialTimeout = TimeSpan.FromSeconds(1) };
        options.Endpoints.Add(endpoint);
        return EtcdStoreFactory.Open(options);
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
