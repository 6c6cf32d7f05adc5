using System.Net;
using Bosun.E2E.Infrastructure;
using Bosun.Testing;

namespace Bosun.E2E.Etcd;

/// <summary>
/// bosun server with an etcd that cannot be reached: it starts anyway, says so on /readyz (and answers API
/// requests with a retryable 503), and becomes ready by itself once etcd is there.
/// </summary>
public sealed class UnreachableDatastoreTests : IAsyncLifetime
{
    private readonly EtcdCluster _etcd = new();
    private BosunServer _server = null!;

    public Task InitializeAsync()
    {
        // The members' ports are fixed when the cluster object is made, before anything listens on them.
        _server = new BosunServer { ExtraArguments = ["--datastore-endpoint", $"etcd://{_etcd.Endpoints[0].Authority}"] };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task FirstStart_WaitsForEtcd_ThenServes()
    {
        await _server.PrepareAsync();
        await _server.LaunchAsync();
        // Each attempt lasts up to the store's request timeout (10 s) before it is logged.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !_server.Log.Contains("the datastore is not reachable", StringComparison.Ordinal); await Task.Delay(200))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no word about the datastore:\n{_server.Log}");
        }

        await _etcd.InitializeAsync();
        await _server.WaitUntilReadyAsync();

        using var client = _server.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/namespaces/kube-system", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RestartWhileEtcdIsDown_NotReadyWithTheReason_ThenReadyWhenEtcdReturns()
    {
        await _etcd.InitializeAsync();
        await _server.InitializeAsync();
        await _server.StopAsync(kill: false);
        _etcd.Kill(0);

        await _server.LaunchAsync();
        var readyz = await WaitForAnswerAsync("/readyz?verbose");
        Assert.Equal(HttpStatusCode.InternalServerError, readyz.Code);
        Assert.Contains("[-]etcd failed", readyz.Body, StringComparison.Ordinal);
        Assert.Contains("[-]informer-sync failed", readyz.Body, StringComparison.Ordinal);
        var list = await WaitForAnswerAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.Code);
        Assert.Contains("\"kind\":\"Status\"", list.Body, StringComparison.Ordinal);

        await _etcd.RestartAsync(0);
        await _server.WaitUntilReadyAsync();
        var after = await WaitForAnswerAsync("/api/v1/namespaces/default");
        Assert.Equal(HttpStatusCode.OK, after.Code);
    }

    private async Task<(HttpStatusCode Code, string Body)> WaitForAnswerAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = _server.CreateAdminClient();
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
