using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using k8s.Models;

namespace Bosun.Api.OpenApi;

/// <summary>
/// The OpenAPI v3 documents of one catalog, generated from the catalog and the model types and
/// serialized once: the root at <c>/openapi/v3</c> and one document per path it lists
/// (<c>api</c>, <c>api/v1</c>, <c>apis</c>, <c>apis/{group}</c>, <c>apis/{group}/{version}</c>).
/// </summary>
/// <remarks>
/// kubectl needs these for <c>create -f</c>, <c>apply</c>, <c>replace</c>, <c>create configmap</c> and
/// <c>explain</c>: it fetches the root, follows <c>serverRelativeURL</c> of <c>api/v1</c> or
/// <c>apis/{group}/{version}</c> and parses it with kube-openapi's spec3 types. Kubernetes answers a
/// request whose <c>hash</c> query parameter matches with <c>Cache-Control: public, immutable</c>
/// and redirects (301) a stale hash to the current URL.
/// </remarks>
public sealed class OpenApiV3Documents
{
    private const string MetaPrefix = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private readonly Dictionary<string, OpenApiDocument> _documents = new(StringComparer.Ordinal);

    private OpenApiV3Documents(ResourceCatalog catalog, string serverVersion)
    {
        var names = SchemaNames.ForCatalog(catalog);
        // Read once per generation and dropped after: the descriptions live on in the serialized documents.
        var schemas = new SchemaGenerator(names, ModelDocumentation.Load());
        foreach (var group in catalog.Groups)
        {
            foreach (var version in catalog.VersionsOf(group))
            {
                var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
                _documents[path] = new OpenApiDocument(GroupVersionDocument(catalog, schemas, group, version, serverVersion));
            }

            if (group.Length > 0)
            {
                _documents[$"apis/{group}"] = new OpenApiDocument(DiscoveryDocument(schemas, serverVersion, $"/apis/{group}/",
                    $"get{OpenApiOperations.OperationGroup(group)}APIGroup", "get information of a group", typeof(V1APIGroup), TagOf(group)));
            }
        }

        _documents["api"] = new OpenApiDocument(DiscoveryDocument(schemas, serverVersion, "/api/",
            "getCoreAPIVersions", "get available API versions", typeof(V1APIVersions), "core"));
        _documents["apis"] = new OpenApiDocument(DiscoveryDocument(schemas, serverVersion, "/apis/",
            "getAPIVersions", "get available API versions", typeof(V1APIGroupList), "apis"));

        var root = new JsonObject();
        var rootPaths = new JsonObject();
        foreach (var (path, document) in _documents.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            rootPaths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={document.Hash}" };
        }

        root["paths"] = rootPaths;
        Root = new OpenApiDocument(Serialize(root));
    }

    /// <summary>The root document served at <c>/openapi/v3</c>.</summary>
    public OpenApiDocument Root { get; }

    /// <summary>Every document path the root lists (<c>api/v1</c>, <c>apis/apps/v1</c>, ...).</summary>
    public IReadOnlyCollection<string> Paths => _documents.Keys;

    /// <summary>Generates every document for the catalog.</summary>
    /// <param name="catalog">The served resources.</param>
    /// <param name="serverVersion">The version the documents' <c>info.version</c> shows.</param>
    public static OpenApiV3Documents Create(ResourceCatalog catalog, string serverVersion = "v1.33.0")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(serverVersion);
        return new OpenApiV3Documents(catalog, serverVersion);
    }

    /// <summary>
    /// Looks a document up by the path the root lists (<c>apis/apps/v1</c>); a leading
    /// <c>/openapi/v3/</c> or slashes around it are ignored. The <c>hash</c> query parameter is the
    /// caller's to compare with <see cref="OpenApiDocument.Hash"/>.
    /// </summary>
    public bool TryGet(string path, [NotNullWhen(true)] out OpenApiDocument? document)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = path.Trim('/');
        if (key.StartsWith("openapi/v3/", StringComparison.Ordinal))
        {
            key = key["openapi/v3/".Length..];
        }

        return _documents.TryGetValue(key, out document);
    }

    private static byte[] GroupVersionDocument(ResourceCatalog catalog, SchemaGenerator schemas, string group, string version, string serverVersion)
    {
        var operations = new OpenApiOperations(schemas, group, version);
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var definitions = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var kinds = new List<(Type Model, string Group, string Version, string Kind)>();
        operations.AddResourceListPath(paths);
        foreach (var resource in catalog.InGroupVersion(group, version).OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            if (resource.ModelType is null)
            {
                continue;
            }

            operations.AddResource(resource, paths);
            kinds.Add((resource.ModelType, group, version, resource.Kind));
            foreach (var sub in resource.Subresources)
            {
                if (SubresourceModels.Find(sub.Group, sub.Version, sub.Kind) is { } model)
                {
                    kinds.Add((model, sub.Group, sub.Version, sub.Kind));
                }
            }
        }

        schemas.AddReachable(kinds.Select(k => k.Model).Append(typeof(V1DeleteOptions)).Append(typeof(V1Status)).Append(typeof(V1APIResourceList)), definitions);
        foreach (var (model, kindGroup, kindVersion, kind) in kinds.DistinctBy(k => k.Model))
        {
            var name = schemas.NameOf(model);
            definitions[name]["x-kubernetes-group-version-kind"] = new JsonArray(OpenApiOperations.Gvk(kindGroup, kindVersion, kind));
            if (kindGroup == group && kindVersion == version)
            {
                definitions[SchemaNames.ListNameOf(name)] = ListSchema(name, kindGroup, kindVersion, kind);
            }
        }

        definitions[MetaPrefix + "DeleteOptions"]["x-kubernetes-group-version-kind"] = DistinctGvks("DeleteOptions", ("", "v1"), (group, version));
        definitions[MetaPrefix + "Status"]["x-kubernetes-group-version-kind"] = new JsonArray(OpenApiOperations.Gvk("", "v1", "Status"));
        definitions[MetaPrefix + "APIResourceList"]["x-kubernetes-group-version-kind"] = new JsonArray(OpenApiOperations.Gvk("", "v1", "APIResourceList"));
        definitions[MetaPrefix + "Patch"] = new JsonObject
        {
            ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            ["type"] = "object",
        };

        return Serialize(Document(serverVersion, paths, definitions));
    }

    private static byte[] DiscoveryDocument(SchemaGenerator schemas, string serverVersion, string path, string operationId, string description, Type responseType, string tag)
    {
        var definitions = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        schemas.AddReachable([responseType], definitions);
        var name = schemas.NameOf(responseType);
        var content = new JsonObject();
        foreach (var type in new[] { "application/json", "application/yaml" })
        {
            content[type] = new JsonObject { ["schema"] = SchemaGenerator.Ref(name) };
        }

        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            [path] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["description"] = description,
                    ["operationId"] = operationId,
                    ["responses"] = new JsonObject
                    {
                        ["200"] = new JsonObject { ["content"] = content, ["description"] = "OK" },
                        ["401"] = new JsonObject { ["description"] = "Unauthorized" },
                    },
                    ["tags"] = new JsonArray(tag),
                },
            },
        };
        return Serialize(Document(serverVersion, paths, definitions));
    }

    private static JsonObject Document(string serverVersion, SortedDictionary<string, JsonObject> paths, SortedDictionary<string, JsonObject> definitions)
    {
        var schemaObject = new JsonObject();
        foreach (var (name, schema) in definitions)
        {
            schemaObject[name] = schema;
        }

        var pathObject = new JsonObject();
        foreach (var (path, item) in paths)
        {
            pathObject[path] = item;
        }

        return new JsonObject
        {
            ["components"] = new JsonObject
            {
                ["schemas"] = schemaObject,
                ["securitySchemes"] = new JsonObject
                {
                    ["BearerToken"] = new JsonObject
                    {
                        ["description"] = "Bearer Token authentication",
                        ["in"] = "header",
                        ["name"] = "authorization",
                        ["type"] = "apiKey",
                    },
                },
            },
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = serverVersion },
            ["openapi"] = "3.0.0",
            ["paths"] = pathObject,
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    private static JsonObject ListSchema(string kindName, string group, string version, string kind) => new()
    {
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["items"] = new JsonObject { ["items"] = SchemaGenerator.Ref(kindName), ["type"] = "array" },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = SchemaGenerator.Ref(MetaPrefix + "ListMeta"),
        },
        ["required"] = new JsonArray("items"),
        ["type"] = "object",
        ["x-kubernetes-group-version-kind"] = new JsonArray(OpenApiOperations.Gvk(group, version, kind + "List")),
    };

    private static JsonArray DistinctGvks(string kind, params (string Group, string Version)[] groupVersions)
    {
        var array = new JsonArray();
        foreach (var (group, version) in groupVersions.Distinct())
        {
            array.Add(OpenApiOperations.Gvk(group, version, kind));
        }

        return array;
    }

    private static string TagOf(string group) =>
        (group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group).Replace('.', '_');

    private static byte[] Serialize(JsonObject document) => JsonSerializer.SerializeToUtf8Bytes(document, SerializerOptions);
}
