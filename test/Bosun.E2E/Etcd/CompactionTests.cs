using System.Net;
using System.Text.Json.Nodes;
using Bosun.E2E.Infrastructure;
using Bosun.Testing;

namespace Bosun.E2E.Etcd;

/// <summary>
/// The server compacts etcd's history every --etcd-compaction-interval, keeping one interval: afterwards a
/// continue token or an exact-version list from before gets 410 Expired, so clients relist. (Watches are
/// served from the watch cache's own window, as in Kubernetes, and expire when they fall out of it.)
/// </summary>
public sealed class CompactionTests : IAsyncLifetime
{
    private readonly EtcdCluster _etcd = new();
    private BosunServer _server = null!;

    public async Task InitializeAsync()
    {
        await _etcd.InitializeAsync();
        _server = new BosunServer { ExtraArguments = ["--datastore-endpoint", $"etcd://{_etcd.Endpoints[0].Authority}", "--etcd-compaction-interval", "2s"] };
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task AfterCompaction_OldContinueTokenAndExactList_Get410()
    {
        const string ns = "compacted";
        using var client = _server.CreateAdminClient();
        await ApiCalls.CreateNamespaceAsync(client, ns);
        await ApiCalls.CreateConfigMapAsync(client, ns, "a", "0");
        await ApiCalls.CreateConfigMapAsync(client, ns, "b", "0");
        var firstPage = JsonNode.Parse(await client.GetStringAsync($"/api/v1/namespaces/{ns}/configmaps?limit=1"))!;
        var continueToken = (string)firstPage["metadata"]!["continue"]!;
        var old = ApiCalls.ResourceVersion(firstPage);
        for (var i = 1; i <= 20; i++)
        {
            using var patched = await client.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/a",
                new StringContent($$$"""{"data":{"v":"{{{i}}}"}}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        // Compaction keeps the revision seen one interval earlier: after two intervals the old one is gone,
        // and the next page of the old list (read from etcd at the old revision) cannot be served.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(500))
        {
            Assert.True(DateTime.UtcNow < deadline, "the old resourceVersion was never compacted");
            using var next = await client.GetAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps?limit=1&continue={Uri.EscapeDataString(continueToken)}", UriKind.Relative));
            if (next.StatusCode == HttpStatusCode.OK)
            {
                continue;
            }

            Assert.Equal(HttpStatusCode.Gone, next.StatusCode);
            var status = JsonNode.Parse(await next.Content.ReadAsStringAsync())!;
            Assert.Equal("Expired", (string?)status["reason"]);
            Assert.Contains("continue", (string?)status["message"], StringComparison.Ordinal);
            break;
        }

        // A list at the exact old resourceVersion is gone too.
        using var exact = await client.GetAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps?resourceVersion={old}&resourceVersionMatch=Exact", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, exact.StatusCode);

        // A fresh list works and sees the latest state: what an informer does after the 410.
        var (items, _) = await ApiCalls.ListConfigMapsAsync(client, ns);
        Assert.Equal(["a", "b"], items.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InvalidCompactionInterval_IsRefused()
    {
        var server = new BosunServer { ExtraArguments = ["--etcd-compaction-interval", "5 minutes"] };
        try
        {
            Assert.Equal(2, await server.RunUntilExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("invalid duration", server.Log, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
