using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.IntegrationTests;

public sealed class ConcurrencyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Replace_StaleResourceVersion_Returns409Conflict()
    {
        var ns = await server.CreateNamespaceAsync();
        var stale = await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("c"), ns);
        var fresh = await Client.ReadNamespacedConfigMapAsync("c", ns);
        fresh.Data["k"] = "first";
        await Client.ReplaceNamespacedConfigMapAsync(fresh, "c", ns);

        stale.Data["k"] = "second";
        var (code, status) = await Fx.ErrorAsync(() => Client.ReplaceNamespacedConfigMapAsync(stale, "c", ns));
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", status?.Reason);
        Assert.Equal("first", (await Client.ReadNamespacedConfigMapAsync("c", ns)).Data["k"]);
    }

    [Fact]
    public async Task Replace_FiftyConcurrentReadModifyWriteUpdaters_NoLostUpdate()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("counter", new Dictionary<string, string> { ["n"] = "0" }), ns);
        var successes = 0;
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var cm = await Client.ReadNamespacedConfigMapAsync("counter", ns);
                cm.Data["n"] = (int.Parse(cm.Data["n"]) + 1).ToString();
                try
                {
                    await Client.ReplaceNamespacedConfigMapAsync(cm, "counter", ns);
                    Interlocked.Increment(ref successes);
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var final = await Client.ReadNamespacedConfigMapAsync("counter", ns);
        Assert.Equal(50, successes);
        Assert.Equal(successes, int.Parse(final.Data["n"]));
    }
}
