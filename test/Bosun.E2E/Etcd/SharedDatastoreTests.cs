using System.Net;
using System.Text.Json.Nodes;
using Bosun.E2E.Infrastructure;
using Bosun.Testing;

namespace Bosun.E2E.Etcd;

/// <summary>
/// Several <c>bosun server</c> processes on one real etcd: they share the cluster's CA, admin credential and
/// data; a write through one is seen by a watch on the other, in order; optimistic concurrency holds across
/// them; a server with a wrong or missing token is refused and changes nothing.
/// </summary>
public sealed class SharedDatastoreTests : IAsyncLifetime
{
    private readonly EtcdCluster _etcd = new();
    private readonly List<BosunServer> _servers = [];

    public Task InitializeAsync() => _etcd.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _etcd.DisposeAsync();
    }

    private string Endpoint => $"etcd://{_etcd.Endpoints[0].Authority}";

    private async Task<BosunServer> StartAsync(params string[] extra)
    {
        var server = new BosunServer { ExtraArguments = ["--datastore-endpoint", Endpoint, .. extra] };
        _servers.Add(server);
        await server.InitializeAsync();
        return server;
    }

    private static string TokenOf(BosunServer server) => File.ReadAllText(Path.Combine(server.DataDir, "token")).Trim();

    private static string Tls(BosunServer server, string file) => File.ReadAllText(Path.Combine(server.DataDir, "tls", file));

    [Fact]
    public async Task SecondServerWithToken_SharesCaCredentialsAndData()
    {
        var first = await StartAsync();
        var token = TokenOf(first);
        Assert.Matches("^K10[0-9a-f]{64}::server:[0-9a-f]+$", token);

        var second = await StartAsync("--token", token);

        Assert.Equal(Tls(first, "ca.crt"), Tls(second, "ca.crt"));
        Assert.Equal(Tls(first, "admin.crt"), Tls(second, "admin.crt"));
        Assert.NotEqual(Tls(first, "serving.crt"), Tls(second, "serving.crt"));
        Assert.Equal(token, TokenOf(second));
        // One kubeconfig for both servers: the first server's, pointed at the second.
        foreach (var version in new[] { KubectlVersions.Oldest, KubectlVersions.Newest })
        {
            var kubectl = Kubectl.For(version, first);
            await kubectl.SucceedAsync("--server", first.BaseAddress.ToString(), "create", "configmap", $"from-{version}", "-n", "default");
            var names = await kubectl.SucceedAsync("--server", second.BaseAddress.ToString(), "get", "configmap", $"from-{version}", "-n", "default", "-o", "name");
            Assert.Equal($"configmap/from-{version}", names.Trim());
        }
    }

    [Fact]
    public async Task WriteThroughOne_IsWatchedOnTheOther_InOrder()
    {
        var first = await StartAsync();
        var second = await StartAsync("--token", TokenOf(first));
        using var a = first.CreateAdminClient();
        using var b = second.CreateAdminClient();
        const string ns = "watched";
        await ApiCalls.CreateNamespaceAsync(a, ns);
        var (_, listVersion) = await ApiCalls.ListConfigMapsAsync(b, ns);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<(string Type, string Name, long Revision)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, obj) in ApiCalls.WatchConfigMapsAsync(b, ns, listVersion, cts.Token))
            {
                if (type == "BOOKMARK")
                {
                    continue;
                }

                seen.Add((type, (string)obj["metadata"]!["name"]!, long.Parse(ApiCalls.ResourceVersion(obj), System.Globalization.CultureInfo.InvariantCulture)));
                if (seen.Count == 30)
                {
                    return;
                }
            }
        });

        var written = new List<(string Type, string Name, long Revision)>();
        for (var i = 0; i < 20; i++)
        {
            var created = await ApiCalls.CreateConfigMapAsync(a, ns, $"cm-{i}", "1");
            written.Add(("ADDED", $"cm-{i}", long.Parse(ApiCalls.ResourceVersion(created), System.Globalization.CultureInfo.InvariantCulture)));
            if (i % 2 == 0)
            {
                using var patched = await a.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/cm-{i}",
                    new StringContent("""{"data":{"v":"2"}}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
                Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
                var obj = JsonNode.Parse(await patched.Content.ReadAsStringAsync())!;
                written.Add(("MODIFIED", $"cm-{i}", long.Parse(ApiCalls.ResourceVersion(obj), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        await watching.WaitAsync(cts.Token);
        Assert.Equal(written, seen);
    }

    [Fact]
    public async Task StaleUpdateOnTheOtherServer_Is409()
    {
        var first = await StartAsync();
        var second = await StartAsync("--token", TokenOf(first));
        using var a = first.CreateAdminClient();
        using var b = second.CreateAdminClient();
        var created = await ApiCalls.CreateConfigMapAsync(a, "default", "shared", "0");
        var stale = ApiCalls.ResourceVersion(created);

        using (var update = await a.PutAsync("/api/v1/namespaces/default/configmaps/shared", ApiCalls.Json(
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"shared","resourceVersion":"{{{stale}}}"},"data":{"v":"a"}}""")))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        using var conflict = await b.PutAsync("/api/v1/namespaces/default/configmaps/shared", ApiCalls.Json(
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"shared","resourceVersion":"{{{stale}}}"},"data":{"v":"b"}}"""));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var status = JsonNode.Parse(await conflict.Content.ReadAsStringAsync())!;
        Assert.Equal("Conflict", (string?)status["reason"]);
        var current = JsonNode.Parse(await b.GetStringAsync("/api/v1/namespaces/default/configmaps/shared"))!;
        Assert.Equal("a", (string?)current["data"]!["v"]);
    }

    [Theory]
    [InlineData("not-the-token", "encrypted with a different token")]
    [InlineData(null, "pass its token with --token")]
    public async Task ServerWithWrongOrNoToken_IsRefused_AndTheClusterIsUntouched(string? token, string message)
    {
        var first = await StartAsync();
        var ca = Tls(first, "ca.crt");

        var intruder = new BosunServer { ExtraArguments = token is null ? ["--datastore-endpoint", Endpoint] : ["--datastore-endpoint", Endpoint, "--token", token] };
        _servers.Add(intruder);
        var exitCode = await intruder.RunUntilExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains(message, intruder.Log, StringComparison.Ordinal);
        // The first server's cluster goes on, and a server with the right token still joins the same CA.
        var joined = await StartAsync("--token", TokenOf(first));
        Assert.Equal(ca, Tls(joined, "ca.crt"));
        using var client = first.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/namespaces/default", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TwoClustersUnderDifferentPrefixes_SeeOnlyTheirOwnObjects()
    {
        var a = await StartAsync("--etcd-prefix", "/cluster-a");
        var b = await StartAsync("--etcd-prefix", "/cluster-b");
        Assert.NotEqual(Tls(a, "ca.crt"), Tls(b, "ca.crt"));
        using var clientA = a.CreateAdminClient();
        using var clientB = b.CreateAdminClient();
        await ApiCalls.CreateConfigMapAsync(clientA, "default", "only-in-a", "1");

        // B's writes move etcd's revision past anything A's caches see; A's consistent reads still answer.
        for (var i = 0; i < 5; i++)
        {
            await ApiCalls.CreateConfigMapAsync(clientB, "default", $"only-in-b-{i}", "1");
            var (inA, _) = await ApiCalls.ListConfigMapsAsync(clientA, "default");
            Assert.Contains("only-in-a", inA.Keys);
            Assert.DoesNotContain(inA.Keys, k => k.StartsWith("only-in-b", StringComparison.Ordinal));
        }

        var (inB, _) = await ApiCalls.ListConfigMapsAsync(clientB, "default");
        Assert.DoesNotContain("only-in-a", inB.Keys);
        Assert.Equal(5, inB.Keys.Count(k => k.StartsWith("only-in-b", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ObjectOverEtcdsRequestLimit_Is413AndNothingIsStored()
    {
        var server = await StartAsync();
        using var client = server.CreateAdminClient();
        // 2 MiB fits the API's 3 MiB body limit but not etcd's 1.5 MiB request limit.
        var big = new string('x', 2 * 1024 * 1024);

        using var response = await client.PostAsync("/api/v1/namespaces/default/configmaps", ApiCalls.ConfigMap("big", big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("RequestEntityTooLarge", (string?)status["reason"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps/big", UriKind.Relative))).StatusCode);
    }
}
