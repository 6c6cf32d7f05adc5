using System.Net;
using System.Text;
using System.Text.Json;
using Bosun.IntegrationTests.Infrastructure;
using k8s;

namespace Bosun.IntegrationTests;

/// <summary>Bad input gets a Kubernetes Status with the right code and reason, and the store stays consistent.</summary>
public sealed class BadInputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static StringContent Json(string body, string type = "application/json") => new(body, Encoding.UTF8, type);

    private static async Task<JsonElement> StatusOf(HttpResponseMessage response, int code, string reason)
    {
        Assert.Equal(code, (int)response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("Failure", status.GetProperty("status").GetString());
        Assert.Equal(reason, status.GetProperty("reason").GetString());
        Assert.Equal(code, status.GetProperty("code").GetInt32());
        return status;
    }

    [Fact]
    public async Task Create_MalformedJson_Is400AndStoresNothing()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"""));

        await StatusOf(response, 400, "BadRequest");
        Assert.Empty((await server.Client.ListNamespacedConfigMapAsync(ns)).Items);
    }

    [Fact]
    public async Task Create_MalformedYaml_Is400()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n", "application/yaml"));

        await StatusOf(response, 400, "BadRequest");
    }

    [Fact]
    public async Task Create_YamlBody_IsAccepted()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  answer: \"42\"\n", "application/yaml"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("42", (await server.Client.ReadNamespacedConfigMapAsync("from-yaml", ns)).Data["answer"]);
    }

    [Fact]
    public async Task Create_YamlDeploymentWithNumbers_IsValidatedLikeJson()
    {
        // Numbers decoded from YAML must read as numbers everywhere (ports, replicas), as they do from JSON.
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: busybox:1.36
                    ports:
                    - containerPort: 8080
            """;

        using var response = await http.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Json(yaml, "application/yaml"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(8080, (await server.Client.ReadNamespacedDeploymentAsync("web", ns)).Spec.Template.Spec.Containers[0].Ports[0].ContainerPort);
    }

    [Fact]
    public async Task Create_TenMebibyteBody_Is413()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"huge\"},\"data\":{\"blob\":\"" + new string('x', 10 * 1024 * 1024) + "\"}}";

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json(body));

        await StatusOf(response, 413, "RequestEntityTooLarge");
        Assert.Empty((await server.Client.ListNamespacedConfigMapAsync(ns)).Items);
    }

    [Fact]
    public async Task Create_UnknownFieldStrict_Is400WithStrictDecodingError()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"bogus":1}"""));

        var status = await StatusOf(response, 400, "BadRequest");
        Assert.Equal("strict decoding error: unknown field \"bogus\"", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Create_UnknownFieldWarn_IsCreatedWithWarningHeader()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Warn", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"warned"},"bogus":1}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("unknown field \\\"bogus\\\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_WrongApiVersionForUrl_Is400()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("""{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}"""));

        var status = await StatusOf(response, 400, "BadRequest");
        Assert.Contains("does not match the expected API version", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MissingName_Is422WithCause()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);

        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}"""));

        var status = await StatusOf(response, 422, "Invalid");
        Assert.Equal("metadata.name", status.GetProperty("details").GetProperty("causes")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Patch_UnsupportedContentType_Is415()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);
        using var created = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"}}"""));
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/p") { Content = Json("""{"data":{"a":"b"}}""", "text/plain") };

        using var response = await http.SendAsync(request);

        await StatusOf(response, 415, "UnsupportedMediaType");
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/widgets")]
    [InlineData("/apis/nosuch.example.com/v1/things")]
    [InlineData("/apis/apps/v9/deployments")]
    [InlineData("/api/v1/namespaces/default/nodes")]
    public async Task Get_UnknownResourceOrGroup_Is404(string path)
    {
        using var http = RawClient.Create(server.Host);

        using var response = await http.GetAsync(path);

        await StatusOf(response, 404, "NotFound");
    }

    [Fact]
    public async Task Get_OnlyProtobufAccepted_Is406()
    {
        using var http = RawClient.Create(server.Host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf");

        using var response = await http.SendAsync(request);

        await StatusOf(response, 406, "NotAcceptable");
    }

    [Fact]
    public async Task Request_WithoutCredentials_Is401()
    {
        using var http = RawClient.Create(server.Host, authenticated: false);

        using var response = await http.GetAsync("/api/v1/namespaces");

        await StatusOf(response, 401, "Unauthorized");
    }

    [Fact]
    public async Task Request_WithWrongToken_Is401()
    {
        using var http = RawClient.Create(server.Host, authenticated: false);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-token");

        using var response = await http.GetAsync("/api/v1/namespaces");

        await StatusOf(response, 401, "Unauthorized");
    }

    [Fact]
    public async Task Get_TableAccept_ReturnsTableWithNameAndAge()
    {
        using var http = RawClient.Create(server.Host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");

        using var response = await http.SendAsync(request);

        var table = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Table", table.GetProperty("kind").GetString());
        Assert.Equal("Name", table.GetProperty("columnDefinitions")[0].GetProperty("name").GetString());
        Assert.Contains(table.GetProperty("rows").EnumerateArray(), r => r.GetProperty("cells")[0].GetString() == "default"
            && r.GetProperty("object").GetProperty("kind").GetString() == "PartialObjectMetadata");
    }

    [Fact]
    public async Task Watch_SendInitialEvents_EndsInitialStateWithAnnotatedBookmark()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);
        using var created = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"seed"}}"""));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var first = JsonDocument.Parse((await reader.ReadLineAsync(cancel.Token))!).RootElement;
        var second = JsonDocument.Parse((await reader.ReadLineAsync(cancel.Token))!).RootElement;
        Assert.Equal("ADDED", first.GetProperty("type").GetString());
        Assert.Equal("seed", first.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("BOOKMARK", second.GetProperty("type").GetString());
        Assert.Equal("true", second.GetProperty("object").GetProperty("metadata").GetProperty("annotations").GetProperty("k8s.io/initial-events-end").GetString());
    }

    [Fact]
    public async Task Watch_ClientDisconnects_ServerReleasesWatcherAndKeepsServing()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);
        var reader = (Bosun.ApiServer.Registry.ResourceReader)server.Host.Services.GetService(typeof(Bosun.ApiServer.Registry.ResourceReader))!;
        var catalog = (Bosun.Api.Catalog.ResourceCatalog)server.Host.Services.GetService(typeof(Bosun.Api.Catalog.ResourceCatalog))!;
        var cache = reader.CacheOf(catalog.Find("", "v1", "configmaps")!);
        var before = cache.WatcherCount;

        using (var cancel = new CancellationTokenSource())
        {
            var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=1", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            await Fx.WaitUntilAsync(() => Task.FromResult(cache.WatcherCount == before + 1));
            await cancel.CancelAsync();
            response.Dispose();
        }

        await Fx.WaitUntilAsync(() => Task.FromResult(cache.WatcherCount == before));
        using var created = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"after"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Update_ThousandConcurrentWritersOnOneObject_ExactlyOneWinsPerVersionAndNothingIsLost()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);
        using var created = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"counter"},"data":{"n":"0"}}"""));
        var start = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;

        // Round one: 1,000 writers all send an update based on the same version; exactly one may win.
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            using var response = await http.PutAsync($"/api/v1/namespaces/{ns}/configmaps/counter",
                Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"counter","resourceVersion":"{{{start}}}"},"data":{"n":"1","writer":"{{{i}}}"}}"""));
            return response.StatusCode;
        }));

        Assert.Equal(1, results.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(999, results.Count(s => s == HttpStatusCode.Conflict));
        var final = await server.Client.ReadNamespacedConfigMapAsync("counter", ns);
        Assert.Equal("1", final.Data["n"]);
    }
}
