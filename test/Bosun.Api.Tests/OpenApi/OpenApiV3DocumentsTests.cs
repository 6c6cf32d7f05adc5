using System.Text.Json;
using System.Text.RegularExpressions;
using Bosun.Api.Catalog;
using Bosun.Api.OpenApi;

namespace Bosun.Api.Tests.OpenApi;

public partial class OpenApiV3DocumentsTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();
    private static readonly OpenApiV3Documents Documents = OpenApiV3Documents.Create(Catalog);

    private static readonly string[] PatchContentTypes =
    [
        "application/apply-patch+yaml",
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
    ];

    public static TheoryData<string> GroupVersionPaths()
    {
        var data = new TheoryData<string>();
        foreach (var group in Catalog.Groups)
        {
            foreach (var version in Catalog.VersionsOf(group))
            {
                data.Add(group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}");
            }
        }

        return data;
    }

    [Fact]
    public void Root_ListsEveryDocumentWithItsHash()
    {
        using var root = JsonDocument.Parse(Documents.Root.Body);
        var paths = root.RootElement.GetProperty("paths");

        Assert.Equal(Documents.Paths.Order(StringComparer.Ordinal), paths.EnumerateObject().Select(p => p.Name));
        Assert.Contains("api/v1", Documents.Paths);
        Assert.Contains("apis/apps/v1", Documents.Paths);
        Assert.Contains("apis/autoscaling/v1", Documents.Paths);
        Assert.Contains("apis/autoscaling/v2", Documents.Paths);
        Assert.Contains("api", Documents.Paths);
        Assert.Contains("apis", Documents.Paths);
        Assert.Contains("apis/apps", Documents.Paths);
        foreach (var path in paths.EnumerateObject())
        {
            Assert.True(Documents.TryGet(path.Name, out var document));
            Assert.Equal($"/openapi/v3/{path.Name}?hash={document.Hash}", path.Value.GetProperty("serverRelativeURL").GetString());
            Assert.Matches("^[0-9A-F]{128}$", document.Hash);
            Assert.Equal($"\"{document.Hash}\"", document.ETag);
            Assert.Equal("application/json", document.ContentType);
        }
    }

    [Theory]
    [InlineData("/openapi/v3/apis/apps/v1")]
    [InlineData("/apis/apps/v1/")]
    [InlineData("apis/apps/v1")]
    public void TryGet_PathForms_FindDocument(string path)
    {
        Assert.True(Documents.TryGet(path, out var document));
        Assert.True(Documents.TryGet("apis/apps/v1", out var expected));
        Assert.Same(expected, document);
    }

    [Theory]
    [InlineData("apis/apps/v2")]
    [InlineData("apis/example.com/v1")]
    [InlineData("version")]
    [InlineData("")]
    public void TryGet_UnknownPath_ReturnsFalse(string path)
    {
        Assert.False(Documents.TryGet(path, out _));
    }

    [Fact]
    public void Create_Twice_GivesIdenticalDocuments()
    {
        var again = OpenApiV3Documents.Create(BuiltInResources.CreateCatalog());

        Assert.Equal(Documents.Root.Hash, again.Root.Hash);
        Assert.True(Documents.Root.IsNotModified(again.Root.ETag));
    }

    [Theory]
    [MemberData(nameof(GroupVersionPaths))]
    public void GroupVersionDocument_IsOpenApi30_WithResolvableRefs(string path)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;

        Assert.Equal("3.0.0", root.GetProperty("openapi").GetString());
        Assert.Equal("Kubernetes", root.GetProperty("info").GetProperty("title").GetString());
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var names = schemas.EnumerateObject().Select(s => s.Name).ToHashSet();
        Assert.All(names, n => Assert.StartsWith("io.k8s.", n, StringComparison.Ordinal));
        var text = root.GetRawText();
        foreach (Match reference in SchemaRef().Matches(text))
        {
            Assert.Contains(reference.Groups[1].Value, names);
        }

        var operationIds = new List<string>();
        foreach (var item in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in item.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                Assert.Contains(operation.Name, new[] { "get", "put", "post", "delete", "patch" });
                operationIds.Add(operation.Value.GetProperty("operationId").GetString()!);
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _));
            }
        }

        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(GroupVersionPaths))]
    public void EveryKind_PatchOperations_CarryFieldValidationAndPatchTypes(string path)
    {
        // kubectl (resource.NewQueryParamVerifierV3) takes the first PATCH operation whose
        // x-kubernetes-group-version-kind is the object's kind, in Go map order (random), and looks
        // for an inline operation parameter named fieldValidation. So every such operation needs it.
        using var doc = Parse(path);
        var segments = path.Split('/');
        var (group, version) = segments.Length == 2 ? ("", segments[1]) : (segments[1], segments[2]);

        foreach (var resource in Catalog.InGroupVersion(group, version).Where(r => r.Verbs.Contains("patch")))
        {
            var patches = PatchOperations(doc.RootElement, group, version, resource.Kind).ToList();
            Assert.NotEmpty(patches);
            foreach (var patch in patches)
            {
                var parameterNames = patch.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
                Assert.Contains("fieldValidation", parameterNames);
                var content = patch.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name);
                Assert.Equal(PatchContentTypes, content.Order(StringComparer.Ordinal));
                Assert.Equal("patch", patch.GetProperty("x-kubernetes-action").GetString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(GroupVersionPaths))]
    public void EveryKind_HasSchemaTaggedWithItsGroupVersionKind(string path)
    {
        using var doc = Parse(path);
        var segments = path.Split('/');
        var (group, version) = segments.Length == 2 ? ("", segments[1]) : (segments[1], segments[2]);
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");

        // Computed resources (metrics.k8s.io) have no schema yet.
        foreach (var resource in Catalog.InGroupVersion(group, version).Where(r => !r.Computed))
        {
            foreach (var kind in new[] { resource.Kind, resource.ListKind })
            {
                var tagged = schemas.EnumerateObject().Where(s =>
                    s.Value.TryGetProperty("x-kubernetes-group-version-kind", out var gvks)
                    && gvks.EnumerateArray().Any(g => Gvk(g) == (group, version, kind)));
                Assert.Single(tagged);
            }
        }
    }

    [Theory]
    [InlineData("api/v1", "io.k8s.api.core.v1.Pod", "", "v1", "Pod")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Event", "", "v1", "Event")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Binding", "", "v1", "Binding")]
    [InlineData("api/v1", "io.k8s.api.autoscaling.v1.Scale", "autoscaling", "v1", "Scale")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.Deployment", "apps", "v1", "Deployment")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentList", "apps", "v1", "DeploymentList")]
    [InlineData("apis/apps/v1", "io.k8s.api.autoscaling.v1.Scale", "autoscaling", "v1", "Scale")]
    [InlineData("apis/autoscaling/v2", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler", "autoscaling", "v2", "HorizontalPodAutoscaler")]
    [InlineData("apis/autoscaling/v1", "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler", "autoscaling", "v1", "HorizontalPodAutoscaler")]
    [InlineData("apis/events.k8s.io/v1", "io.k8s.api.events.v1.Event", "events.k8s.io", "v1", "Event")]
    [InlineData("apis/rbac.authorization.k8s.io/v1", "io.k8s.api.rbac.v1.ClusterRole", "rbac.authorization.k8s.io", "v1", "ClusterRole")]
    [InlineData("apis/apiextensions.k8s.io/v1", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition", "apiextensions.k8s.io", "v1", "CustomResourceDefinition")]
    public void KindSchema_NamedLikeKubernetes(string path, string schemaName, string group, string version, string kind)
    {
        using var doc = Parse(path);

        var schema = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schemaName);

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Contains((group, version, kind), schema.GetProperty("x-kubernetes-group-version-kind").EnumerateArray().Select(Gvk));
    }

    [Fact]
    public void PodSpec_Schema_DescribesFieldsAndPatchStrategies()
    {
        using var doc = Parse("api/v1");
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        var podSpec = schemas.GetProperty("io.k8s.api.core.v1.PodSpec").GetProperty("properties");

        var containers = podSpec.GetProperty("containers");
        Assert.Equal("array", containers.GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", containers.GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal("merge", containers.GetProperty("x-kubernetes-patch-strategy").GetString());
        Assert.Equal("name", containers.GetProperty("x-kubernetes-patch-merge-key").GetString());
        Assert.Equal("merge,retainKeys", podSpec.GetProperty("volumes").GetProperty("x-kubernetes-patch-strategy").GetString());
        Assert.Equal("object", podSpec.GetProperty("nodeSelector").GetProperty("type").GetString());
        Assert.Equal("string", podSpec.GetProperty("nodeSelector").GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Equal("int64", podSpec.GetProperty("activeDeadlineSeconds").GetProperty("format").GetString());
        Assert.False(podSpec.GetProperty("tolerations").TryGetProperty("x-kubernetes-patch-strategy", out _));

        var port = schemas.GetProperty("io.k8s.api.core.v1.ServicePort").GetProperty("properties");
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString", port.GetProperty("targetPort").GetProperty("allOf")[0].GetProperty("$ref").GetString());
        var secret = schemas.GetProperty("io.k8s.api.core.v1.Secret").GetProperty("properties");
        Assert.Equal("byte", secret.GetProperty("data").GetProperty("additionalProperties").GetProperty("format").GetString());
        var meta = schemas.GetProperty("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").GetProperty("properties");
        Assert.Equal("date-time", meta.GetProperty("creationTimestamp").GetProperty("format").GetString());
        Assert.Equal("uid", meta.GetProperty("ownerReferences").GetProperty("x-kubernetes-patch-merge-key").GetString());
    }

    [Fact]
    public void DeploymentStrategy_RetainKeys_WrapsReferenceInAllOf()
    {
        using var doc = Parse("apis/apps/v1");

        var strategy = doc.RootElement.GetProperty("components").GetProperty("schemas")
            .GetProperty("io.k8s.api.apps.v1.DeploymentSpec").GetProperty("properties").GetProperty("strategy");

        Assert.Equal("retainKeys", strategy.GetProperty("x-kubernetes-patch-strategy").GetString());
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy", strategy.GetProperty("allOf")[0].GetProperty("$ref").GetString());
    }

    [Fact]
    public void CoreDocument_Paths_FollowVerbsAndScope()
    {
        using var doc = Parse("api/v1");
        var paths = doc.RootElement.GetProperty("paths");

        Assert.Equal(["delete", "get", "parameters", "post"], Methods(paths, "/api/v1/namespaces/{namespace}/pods"));
        Assert.Equal(["delete", "get", "parameters", "patch", "put"], Methods(paths, "/api/v1/namespaces/{namespace}/pods/{name}"));
        Assert.Equal(["get", "parameters"], Methods(paths, "/api/v1/pods"));
        Assert.Equal(["get", "parameters", "patch", "put"], Methods(paths, "/api/v1/namespaces/{namespace}/pods/{name}/status"));
        Assert.Equal(["parameters", "post"], Methods(paths, "/api/v1/namespaces/{namespace}/pods/{name}/binding"));
        Assert.Equal(["parameters", "post"], Methods(paths, "/api/v1/namespaces/{namespace}/bindings"));
        Assert.Equal(["get", "parameters", "post"], Methods(paths, "/api/v1/namespaces"));
        Assert.Equal(["parameters", "put"], Methods(paths, "/api/v1/namespaces/{name}/finalize"));
        Assert.Equal(["get", "parameters", "patch", "put"], Methods(paths, "/api/v1/namespaces/{namespace}/replicationcontrollers/{name}/scale"));
        Assert.False(paths.TryGetProperty("/api/v1/bindings", out _));
        Assert.False(paths.TryGetProperty("/api/v1/namespaces/{namespace}/nodes", out _));

        var scalePatch = paths.GetProperty("/api/v1/namespaces/{namespace}/replicationcontrollers/{name}/scale").GetProperty("patch");
        Assert.Equal(("autoscaling", "v1", "Scale"), Gvk(scalePatch.GetProperty("x-kubernetes-group-version-kind")));
        var list = paths.GetProperty("/api/v1/pods").GetProperty("get");
        Assert.Equal("list", list.GetProperty("x-kubernetes-action").GetString());
        Assert.Equal("listCoreV1PodForAllNamespaces", list.GetProperty("operationId").GetString());
        var item = paths.GetProperty("/api/v1/namespaces/{namespace}/pods/{name}");
        Assert.Equal(["name", "namespace", "pretty"], item.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("patchCoreV1NamespacedPod", item.GetProperty("patch").GetProperty("operationId").GetString());
    }

    [Fact]
    public void DiscoveryDocuments_DescribeDiscoveryPaths()
    {
        using var api = Parse("api");
        using var group = Parse("apis/apps");

        Assert.Equal("getCoreAPIVersions", api.RootElement.GetProperty("paths").GetProperty("/api/").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("getAppsAPIGroup", group.RootElement.GetProperty("paths").GetProperty("/apis/apps/").GetProperty("get").GetProperty("operationId").GetString());
    }

    [Fact]
    public void PatchMetadata_EveryEntry_NamesARealProperty()
    {
        foreach (var (type, property) in PatchMetadata.Keys)
        {
            Assert.Contains(property, ModelTypes.JsonProperties(type).Select(p => p.Name));
        }
    }

    private static JsonDocument Parse(string path)
    {
        Assert.True(Documents.TryGet(path, out var document));
        return JsonDocument.Parse(document.Body);
    }

    private static IEnumerable<JsonElement> PatchOperations(JsonElement root, string group, string version, string kind) =>
        root.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("patch", out _))
            .Select(p => p.Value.GetProperty("patch"))
            .Where(op => Gvk(op.GetProperty("x-kubernetes-group-version-kind")) == (group, version, kind));

    private static (string, string, string) Gvk(JsonElement gvk) =>
        (gvk.GetProperty("group").GetString()!, gvk.GetProperty("version").GetString()!, gvk.GetProperty("kind").GetString()!);

    private static string[] Methods(JsonElement paths, string path) =>
        [.. paths.GetProperty(path).EnumerateObject().Select(p => p.Name)];

    [GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex SchemaRef();
}
