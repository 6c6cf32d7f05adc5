using System.Net;
using System.Text;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

/// <summary>Server-side apply through the real client: create, prune, conflicts, force, managedFields.</summary>
public sealed class ServerSideApplyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    // The client sends a string patch as raw JSON, which is YAML too; the raw test below sends real YAML.
    private static string AppliedConfigMap(string name, params (string Key, string Value)[] data) =>
        $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\"}},\"data\":{{"
        + string.Join(",", data.Select(d => $"\"{d.Key}\":\"{d.Value}\"")) + "}}";

    private Task<V1ConfigMap> ApplyAsync(string ns, string yaml, string manager, bool? force = null) =>
        Client.PatchNamespacedConfigMapAsync(new V1Patch(yaml, V1Patch.PatchType.ApplyPatch), "cm", ns, fieldManager: manager, force: force);

    [Fact]
    public async Task Apply_Missing_CreatesWithManagedFields()
    {
        var ns = await server.CreateNamespaceAsync();

        var created = await ApplyAsync(ns, AppliedConfigMap("cm", ("a", "1")), "m", force: true);

        Assert.Equal("1", created.Data["a"]);
        var entry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal("m", entry.Manager);
        Assert.Equal("Apply", entry.Operation);
        Assert.Equal("v1", entry.ApiVersion);
        Assert.Equal("FieldsV1", entry.FieldsType);
        Assert.NotNull(entry.Time);
    }

    [Fact]
    public async Task Apply_FieldRemovedFromConfig_RemovesIt()
    {
        var ns = await server.CreateNamespaceAsync();
        await ApplyAsync(ns, AppliedConfigMap("cm", ("a", "1"), ("b", "2")), "m");

        var next = await ApplyAsync(ns, AppliedConfigMap("cm", ("a", "1")), "m");

        Assert.Equal(["a"], next.Data.Keys);
    }

    [Fact]
    public async Task Apply_ConflictingManagers_Is409WithCausesAndForceTakesOver()
    {
        var ns = await server.CreateNamespaceAsync();
        await ApplyAsync(ns, AppliedConfigMap("cm", ("a", "1")), "first");

        var (code, status) = await Fx.ErrorAsync(() => ApplyAsync(ns, AppliedConfigMap("cm", ("a", "2")), "second"));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", status?.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"first\": .data.a", status?.Message);
        var cause = Assert.Single(status!.Details.Causes);
        Assert.Equal("FieldManagerConflict", cause.Reason);
        Assert.Equal(".data.a", cause.Field);

        var forced = await ApplyAsync(ns, AppliedConfigMap("cm", ("a", "2")), "second", force: true);

        Assert.Equal("2", forced.Data["a"]);
        Assert.Equal(["second"], forced.Metadata.ManagedFields.Select(m => m.Manager));
    }

    [Fact]
    public async Task Apply_AfterCreateWithSameValues_SharesOwnership()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("cm", new Dictionary<string, string> { ["a"] = "1" }), ns, fieldManager: "kubectl-create");

        var applied = await ApplyAsync(ns, AppliedConfigMap("cm", ("a", "1")), "kubectl");

        Assert.Equal(["kubectl-create", "kubectl"], applied.Metadata.ManagedFields.Select(m => m.Manager));
        var (code, status) = await Fx.ErrorAsync(() => ApplyAsync(ns, AppliedConfigMap("cm", ("a", "2")), "kubectl"));
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.a", status?.Message);
    }

    [Fact]
    public async Task Apply_WithoutFieldManager_Is422()
    {
        var ns = await server.CreateNamespaceAsync();
        using var http = RawClient.Create(server.Host);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/cm")
        {
            Content = new StringContent("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", Encoding.UTF8, "application/apply-patch+yaml"),
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(422, (int)response.StatusCode);
        var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", status.GetProperty("message").GetString());
    }

    private const string DuplicateKeysJson = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1","a":"2"},"data":{"a":"3","b":"4"}}""";
    private const string DuplicateKeysYaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: \"1\"\n  a: \"2\"\ndata:\n  a: \"3\"\n  b: \"4\"\n";

    private async Task<HttpResponseMessage> ApplyAsync(string ns, string name, string body, string validation)
    {
        using var http = RawClient.Create(server.Host);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/{name}?fieldManager=m&fieldValidation={validation}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/apply-patch+yaml"),
        };
        return await http.SendAsync(request);
    }

    /// <summary>
    /// Repeated keys in an apply body under Strict: a 400 in the YAML reader's words (go-yaml names the line of the
    /// repeated key's value), for YAML and JSON bodies alike.
    /// </summary>
    [Theory]
    [InlineData(DuplicateKeysJson, "line 1: key \"a\" already set in map", "line 1: key \"data\" already set in map")]
    [InlineData(DuplicateKeysYaml, "line 7: key \"a\" already set in map", "line 9: key \"data\" already set in map")]
    public async Task Apply_DuplicateKeysUnderStrict_Is400NamingThem(string body, string first, string second)
    {
        var ns = await server.CreateNamespaceAsync();

        using var response = await ApplyAsync(ns, "cm", body, "Strict");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  ", message, StringComparison.Ordinal);
        Assert.Contains(first, message, StringComparison.Ordinal);
        Assert.Contains(second, message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Fx.ErrorAsync(() => Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns))).Code);
    }

    /// <summary>Under Warn and Ignore the apply goes through, last value kept as the YAML reader keeps it; Warn says why.</summary>
    [Theory]
    [InlineData(DuplicateKeysJson, "Warn")]
    [InlineData(DuplicateKeysYaml, "Warn")]
    [InlineData(DuplicateKeysJson, "Ignore")]
    [InlineData(DuplicateKeysYaml, "Ignore")]
    public async Task Apply_DuplicateKeysUnderWarnOrIgnore_LastValueWins(string body, string validation)
    {
        var ns = await server.CreateNamespaceAsync();

        using var response = await ApplyAsync(ns, "cm", body, validation);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(validation == "Warn", response.Headers.Contains("Warning"));
        if (validation == "Warn")
        {
            Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("already set in map", StringComparison.Ordinal));
        }

        var data = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        Assert.Equal("""{"a":"3","b":"4"}""", data.GetRawText());
    }

    /// <summary>A field the kind does not have fails an apply whatever fieldValidation says, as in Kubernetes.</summary>
    [Theory]
    [InlineData("Strict")]
    [InlineData("Ignore")]
    public async Task Apply_UnknownField_FailsNamingIt(string validation)
    {
        var ns = await server.CreateNamespaceAsync();

        using var response = await ApplyAsync(ns, "cm", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"},"spec":{"x":1}}""", validation);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var message = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
        Assert.Equal($"failed to create typed patch object ({ns}/cm; /v1, Kind=ConfigMap): .spec: field not declared in schema", message);
    }

    [Fact]
    public async Task Patch_UnsupportedType_ListsApplyExceptOnSubresources()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedDeploymentAsync(Fx.Deployment("web"), ns);
        using var http = RawClient.Create(server.Host);

        async Task<string> MessageAsync(string path, string type)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent("{}", Encoding.UTF8, type) };
            using var response = await http.SendAsync(request);
            Assert.Equal(415, (int)response.StatusCode);
            return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
        }

        Assert.EndsWith(
            "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
            await MessageAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web", "text/plain"),
            StringComparison.Ordinal);
        Assert.EndsWith(
            "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json",
            await MessageAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web/status?fieldManager=m", "application/apply-patch+yaml"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Yaml_MergesDeploymentContainersByName()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedDeploymentAsync(Fx.Deployment("web"), ns, fieldManager: "creator");
        using var http = RawClient.Create(server.Host);
        const string Yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: sidecar
                    image: busybox
            """;
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=m")
        {
            Content = new StringContent(Yaml, Encoding.UTF8, "application/apply-patch+yaml"),
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var got = await Client.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(["c", "sidecar"], got.Spec.Template.Spec.Containers.Select(c => c.Name));
        Assert.Equal(["creator", "m"], got.Metadata.ManagedFields.Select(m => m.Manager));
    }
}
