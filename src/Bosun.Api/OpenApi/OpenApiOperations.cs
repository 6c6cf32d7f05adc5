using System.Text.Json.Nodes;
using Bosun.Api.Catalog;

namespace Bosun.Api.OpenApi;

/// <summary>
/// Writes the <c>paths</c> of a group/version document in the shape a Kubernetes 1.33 server
/// publishes: one path per collection, item, all-namespaces list and subresource, each operation
/// with <c>x-kubernetes-action</c>, <c>x-kubernetes-group-version-kind</c> and its query parameters
/// inline.
/// </summary>
/// <remarks>
/// kubectl decides whether it may send <c>fieldValidation=Strict</c> by finding, among the PATCH
/// operations of a group/version document, the first whose GVK extension is the object's kind and
/// looking for a parameter named <c>fieldValidation</c> in that operation's own parameter list (not
/// the path's, and not behind a <c>$ref</c>). It chooses strategic merge patch for <c>apply</c> when
/// that operation's request body accepts <c>application/strategic-merge-patch+json</c>.
/// </remarks>
internal sealed class OpenApiOperations(SchemaGenerator schemas, string group, string version)
{
    private const string MetaPrefix = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private const string DeleteOptionsName = MetaPrefix + "DeleteOptions";
    private const string StatusName = MetaPrefix + "Status";
    private const string PatchName = MetaPrefix + "Patch";

    private static readonly string[] PatchContentTypes =
    [
        "application/apply-patch+yaml",
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
    ];

    private readonly SchemaGenerator _schemas = schemas;
    private readonly string _group = group;
    private readonly string _version = version;
    private readonly string _prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
    private readonly string _operationGroup = OperationGroup(group) + char.ToUpperInvariant(version[0]) + version[1..];
    private readonly string _tag = $"{(group.Length == 0 ? "core" : TagGroup(group))}_{version}";

    /// <summary>Adds the paths of one resource and its subresources.</summary>
    public void AddResource(ResourceDefinition resource, SortedDictionary<string, JsonObject> paths)
    {
        var kindSchema = _schemas.NameOf(resource.ModelType!);
        var listSchema = SchemaNames.ListNameOf(kindSchema);
        var gvk = Gvk(_group, _version, resource.Kind);
        var scope = resource.Namespaced ? "Namespaced" : string.Empty;
        var collection = resource.Namespaced
            ? $"{_prefix}/namespaces/{{namespace}}/{resource.Plural}"
            : $"{_prefix}/{resource.Plural}";
        var item = $"{collection}/{{name}}";
        var kindName = $"{scope}{resource.Kind}";
        bool Has(string verb) => resource.Verbs.Contains(verb);

        var collectionOps = new JsonObject();
        if (Has("list"))
        {
            collectionOps["get"] = Operation($"list{_operationGroup}{kindName}", $"list or watch objects of kind {resource.Kind}", "list", gvk,
                ListParameters(), requestBody: null, Responses(listSchema, "200"));
        }

        if (Has("create"))
        {
            collectionOps["post"] = Operation($"create{_operationGroup}{kindName}", $"create a {resource.Kind}", "post", gvk,
                WriteParameters(), Body(kindSchema), Responses(kindSchema, "200", "201", "202"));
        }

        if (Has("deletecollection"))
        {
            collectionOps["delete"] = Operation($"deletecollection{_operationGroup}{kindName}", $"delete collection of {resource.Kind}", "deletecollection", gvk,
                DeleteCollectionParameters(), Body(DeleteOptionsName), Responses(StatusName, "200"));
        }

        AddPath(paths, collection, collectionOps, resource.Namespaced, named: false);

        var itemOps = new JsonObject();
        if (Has("get"))
        {
            itemOps["get"] = Operation($"read{_operationGroup}{kindName}", $"read the specified {resource.Kind}", "get", gvk,
                [], requestBody: null, Responses(kindSchema, "200"));
        }

        if (Has("update"))
        {
            itemOps["put"] = Operation($"replace{_operationGroup}{kindName}", $"replace the specified {resource.Kind}", "put", gvk,
                WriteParameters(), Body(kindSchema), Responses(kindSchema, "200", "201"));
        }

        if (Has("patch"))
        {
            itemOps["patch"] = Operation($"patch{_operationGroup}{kindName}", $"partially update the specified {resource.Kind}", "patch", gvk,
                PatchParameters(), PatchBody(), Responses(kindSchema, "200", "201"));
        }

        if (Has("delete"))
        {
            itemOps["delete"] = Operation($"delete{_operationGroup}{kindName}", $"delete a {resource.Kind}", "delete", gvk,
                DeleteParameters(), Body(DeleteOptionsName), Responses(StatusName, "200", "202"));
        }

        AddPath(paths, item, itemOps, resource.Namespaced, named: true);

        if (resource.Namespaced && Has("list"))
        {
            var allNamespaces = new JsonObject
            {
                ["get"] = Operation($"list{_operationGroup}{resource.Kind}ForAllNamespaces", $"list or watch objects of kind {resource.Kind}", "list", gvk,
                    ListParameters(), requestBody: null, Responses(listSchema, "200")),
            };
            AddPath(paths, $"{_prefix}/{resource.Plural}", allNamespaces, namespaced: false, named: false);
        }

        foreach (var sub in resource.Subresources)
        {
            AddSubresource(resource, sub, item, kindName, paths);
        }
    }

    /// <summary>Adds <c>GET {prefix}/</c>, the group/version's APIResourceList.</summary>
    public void AddResourceListPath(SortedDictionary<string, JsonObject> paths)
    {
        var ops = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["description"] = "get available resources",
                ["operationId"] = $"get{_operationGroup}APIResources",
                ["responses"] = Responses(MetaPrefix + "APIResourceList", "200"),
                ["tags"] = new JsonArray(_tag),
            },
        };
        paths[$"{_prefix}/"] = ops;
    }

    /// <summary>The <c>x-kubernetes-group-version-kind</c> value of an operation (one object).</summary>
    public static JsonObject Gvk(string group, string version, string kind) => new()
    {
        ["group"] = group,
        ["kind"] = kind,
        ["version"] = version,
    };

    /// <summary>The operation id segment of a group: <c>Core</c>, <c>Apps</c>, <c>RbacAuthorization</c>.</summary>
    public static string OperationGroup(string group)
    {
        if (group.Length == 0)
        {
            return "Core";
        }

        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return string.Concat(trimmed.Split('.', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string TagGroup(string group)
    {
        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return trimmed.Replace('.', '_');
    }

    private void AddSubresource(ResourceDefinition resource, SubresourceDefinition sub, string item, string kindName, SortedDictionary<string, JsonObject> paths)
    {
        var model = sub.Kind == resource.Kind && sub.Group == resource.Group ? resource.ModelType : SubresourceModels.Find(sub.Group, sub.Version, sub.Kind);
        if (model is null)
        {
            return;
        }

        var schema = _schemas.NameOf(model);
        var gvk = Gvk(sub.Group, sub.Version, sub.Kind);
        var suffix = char.ToUpperInvariant(sub.Name[0]) + sub.Name[1..];
        var ops = new JsonObject();
        foreach (var verb in sub.Verbs)
        {
            switch (verb)
            {
                case "get":
                    ops["get"] = Operation($"read{_operationGroup}{kindName}{suffix}", $"read {sub.Name} of the specified {resource.Kind}", "get", gvk,
                        [], requestBody: null, Responses(schema, "200"));
                    break;
                case "update":
                    ops["put"] = Operation($"replace{_operationGroup}{kindName}{suffix}", $"replace {sub.Name} of the specified {resource.Kind}", "put", gvk,
                        WriteParameters(), Body(schema), Responses(schema, "200", "201"));
                    break;
                case "patch":
                    ops["patch"] = Operation($"patch{_operationGroup}{kindName}{suffix}", $"partially update {sub.Name} of the specified {resource.Kind}", "patch", gvk,
                        PatchParameters(), PatchBody(), Responses(schema, "200", "201"));
                    break;
                case "create":
                    ops["post"] = Operation($"create{_operationGroup}{kindName}{suffix}", $"create {sub.Name} of a {resource.Kind}", "post", gvk,
                        WriteParameters(), Body(schema), Responses(schema, "200", "201", "202"));
                    break;
                default:
                    break;
            }
        }

        AddPath(paths, $"{item}/{sub.Name}", ops, resource.Namespaced, named: true);
    }

    private static void AddPath(SortedDictionary<string, JsonObject> paths, string path, JsonObject operations, bool namespaced, bool named)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var parameters = new JsonArray();
        if (named)
        {
            parameters.Add(Parameter("name", "path", "string", "name of the object", required: true));
        }

        if (namespaced)
        {
            parameters.Add(Parameter("namespace", "path", "string", "object name and auth scope, such as for teams and projects", required: true));
        }

        parameters.Add(Parameter("pretty", "query", "string", "If 'true', then the output is pretty printed."));

        // Operations sorted by method as Kubernetes (Go maps) writes them, then the path parameters.
        var item = new JsonObject();
        foreach (var method in new[] { "delete", "get", "parameters", "patch", "post", "put" })
        {
            if (method == "parameters")
            {
                item["parameters"] = parameters;
            }
            else if (operations[method] is { } operation)
            {
                operations.Remove(method);
                item[method] = operation;
            }
        }

        paths[path] = item;
    }

    private JsonObject Operation(string id, string description, string action, JsonObject gvk, JsonArray parameters, JsonObject? requestBody, JsonObject responses)
    {
        var operation = new JsonObject
        {
            ["description"] = description,
            ["operationId"] = id,
        };
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }

        operation["responses"] = responses;
        operation["tags"] = new JsonArray(_tag);
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        return operation;
    }

    private static JsonObject Body(string schemaName) => new()
    {
        ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = SchemaGenerator.Ref(schemaName) } },
        ["required"] = true,
    };

    private static JsonObject PatchBody()
    {
        var content = new JsonObject();
        foreach (var type in PatchContentTypes)
        {
            content[type] = new JsonObject { ["schema"] = SchemaGenerator.Ref(PatchName) };
        }

        return new JsonObject { ["content"] = content, ["required"] = true };
    }

    private static JsonObject Responses(string schemaName, params string[] codes)
    {
        var responses = new JsonObject();
        foreach (var code in codes)
        {
            var content = new JsonObject();
            foreach (var type in new[] { "application/json", "application/yaml" })
            {
                content[type] = new JsonObject { ["schema"] = SchemaGenerator.Ref(schemaName) };
            }

            responses[code] = new JsonObject
            {
                ["content"] = content,
                ["description"] = code switch { "201" => "Created", "202" => "Accepted", _ => "OK" },
            };
        }

        responses["401"] = new JsonObject { ["description"] = "Unauthorized" };
        return responses;
    }

    private static JsonObject Parameter(string name, string location, string type, string description, bool required = false)
    {
        var parameter = new JsonObject
        {
            ["description"] = description,
            ["in"] = location,
            ["name"] = name,
        };
        if (required)
        {
            parameter["required"] = true;
        }

        parameter["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true };
        return parameter;
    }

    private static JsonObject Query(string name, string type, string description) => Parameter(name, "query", type, description);

    private static JsonObject DryRun() => Query("dryRun", "string", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed");

    private static JsonObject FieldManager() => Query("fieldManager", "string", "fieldManager is a name associated with the actor or entity that is making these changes.");

    private static JsonObject FieldValidation() => Query("fieldValidation", "string", "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict");

    private static JsonArray WriteParameters() => [DryRun(), FieldManager(), FieldValidation()];

    private static JsonArray PatchParameters() =>
    [
        DryRun(),
        FieldManager(),
        FieldValidation(),
        Query("force", "boolean", "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people."),
    ];

    private static JsonArray ListParameters() =>
    [
        Query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
        Query("continue", "string", "The continue option should be set when retrieving more results from the server."),
        Query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        Query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        Query("limit", "integer", "limit is a maximum number of responses to return for a list call."),
        Query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
        Query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
        Query("sendInitialEvents", "boolean", "sendInitialEvents=true may be set together with watch=true."),
        Query("timeoutSeconds", "integer", "Timeout for the list/watch call."),
        Query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
    ];

    private static JsonArray DeleteParameters() =>
    [
        DryRun(),
        Query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted."),
        Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean", "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error."),
        Query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy."),
        Query("propagationPolicy", "string", "Whether and how garbage collection will be performed."),
    ];

    private static JsonArray DeleteCollectionParameters() =>
    [
        Query("continue", "string", "The continue option should be set when retrieving more results from the server."),
        DryRun(),
        Query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        Query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted."),
        Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean", "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error."),
        Query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        Query("limit", "integer", "limit is a maximum number of responses to return for a list call."),
        Query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy."),
        Query("propagationPolicy", "string", "Whether and how garbage collection will be performed."),
        Query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
        Query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
        Query("sendInitialEvents", "boolean", "sendInitialEvents=true may be set together with watch=true."),
        Query("timeoutSeconds", "integer", "Timeout for the list/watch call."),
    ];
}
