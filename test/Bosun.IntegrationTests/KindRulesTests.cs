using System.Net;
using System.Text;
using System.Text.Json;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

/// <summary>Per-kind rules real clusters apply: Secret stringData, immutable ConfigMaps/Secrets, graceful deletion.</summary>
public sealed class KindRulesTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task CreateSecret_StringData_IsStoredBase64InDataAndNotKept()
    {
        var ns = await server.CreateNamespaceAsync();
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "s" },
            Data = new Dictionary<string, byte[]> { ["kept"] = "old"u8.ToArray(), ["both"] = "data"u8.ToArray() },
            StringData = new Dictionary<string, string> { ["both"] = "plain", ["extra"] = "x" },
        };

        await server.Client.CreateNamespacedSecretAsync(secret, ns);

        var stored = await server.Client.ReadNamespacedSecretAsync("s", ns);
        Assert.Null(stored.StringData);
        Assert.Equal("old", Encoding.UTF8.GetString(stored.Data["kept"]));
        Assert.Equal("plain", Encoding.UTF8.GetString(stored.Data["both"]));
        Assert.Equal("x", Encoding.UTF8.GetString(stored.Data["extra"]));
        Assert.Equal("Opaque", stored.Type);
    }

    [Fact]
    public async Task UpdateConfigMap_Immutable_Returns422AndKeepsData()
    {
        var ns = await server.CreateNamespaceAsync();
        var map = Fx.ConfigMap("frozen");
        map.Immutable = true;
        await server.Client.CreateNamespacedConfigMapAsync(map, ns);

        var (code, status) = await Fx.ErrorAsync(() => server.Client.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"k":"changed"}}""", V1Patch.PatchType.MergePatch), "frozen", ns));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("field is immutable when `immutable` is set", status!.Message, StringComparison.Ordinal);
        Assert.Equal("v", (await server.Client.ReadNamespacedConfigMapAsync("frozen", ns)).Data["k"]);
    }

    [Fact]
    public async Task DeletePod_ShorterGraceWhilePending_MovesDeletionTimestampEarlier()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = Fx.Pod("slow", nodeName: "n1");
        pod.Metadata.Finalizers = ["example.com/hold"];
        await server.Client.CreateNamespacedPodAsync(pod, ns);

        await server.Client.DeleteNamespacedPodAsync("slow", ns, gracePeriodSeconds: 30);
        var first = await server.Client.ReadNamespacedPodAsync("slow", ns);
        await server.Client.DeleteNamespacedPodAsync("slow", ns, gracePeriodSeconds: 10);
        var second = await server.Client.ReadNamespacedPodAsync("slow", ns);

        Assert.Equal(30, first.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(10, second.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(first.Metadata.DeletionTimestamp!.Value.AddSeconds(-20), second.Metadata.DeletionTimestamp!.Value);
    }

    [Fact]
    public async Task Watch_SendInitialEventsFalse_StartsAtLatestWithoutInitialState()
    {
        var ns = await server.CreateNamespaceAsync();
        await server.Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("old"), ns);
        using var http = RawClient.Create(server.Host);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=1&sendInitialEvents=false&resourceVersionMatch=NotOlderThan", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        await server.Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("new"), ns);

        var first = JsonDocument.Parse((await reader.ReadLineAsync(cancel.Token))!).RootElement;
        Assert.Equal("ADDED", first.GetProperty("type").GetString());
        Assert.Equal("new", first.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/healthz/etcd")]
    [InlineData("/readyz/shutdown")]
    public async Task HealthSubPath_WithoutCredentials_Is401(string path)
    {
        using var http = RawClient.Create(server.Host, authenticated: false);

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
