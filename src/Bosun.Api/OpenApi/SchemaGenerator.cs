using System.Text.Json.Nodes;
using k8s.Models;

namespace Bosun.Api.OpenApi;

/// <summary>
/// Builds OpenAPI 3.0 schemas from KubernetesClient model types by reflection over their
/// <c>[JsonPropertyName]</c> properties: primitives inline, nested models by <c>$ref</c>, lists as
/// arrays, maps as <c>additionalProperties</c>, plus the strategic-merge-patch extensions of
/// <see cref="PatchMetadata"/> and the upstream descriptions of <see cref="ModelDocumentation"/>.
/// </summary>
internal sealed class SchemaGenerator(SchemaNames names, ModelDocumentation documentation)
{
    /// <summary>Name of the shared IntOrString definition.</summary>
    public const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    /// <summary>Name of the shared Quantity definition.</summary>
    public const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private readonly SchemaNames _names = names;
    private readonly ModelDocumentation _documentation = documentation;

    /// <summary>A reference to a named definition.</summary>
    public static JsonObject Ref(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    /// <summary>
    /// Adds the schema of each root model type and of every type it reaches to <paramref name="schemas"/>
    /// (keyed by definition name).
    /// </summary>
    public void AddReachable(IEnumerable<Type> roots, SortedDictionary<string, JsonObject> schemas)
    {
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            var name = _names.NameOf(type);
            if (schemas.ContainsKey(name))
            {
                continue;
            }

            schemas[name] = ObjectSchema(type, schemas);
            foreach (var referenced in ModelTypes.Referenced(type))
            {
                pending.Push(referenced);
            }
        }
    }

    /// <summary>The name of a model type's definition.</summary>
    public string NameOf(Type type) => _names.NameOf(type);

    private JsonObject ObjectSchema(Type type, SortedDictionary<string, JsonObject> schemas)
    {
        var properties = new JsonObject();
        foreach (var (name, property) in ModelTypes.JsonProperties(type))
        {
            var schema = PropertySchema(property.PropertyType, schemas);
            var description = _documentation.Of(property);
            var patch = PatchMetadata.Find(type, name);

            // Siblings of $ref are ignored in OpenAPI 3.0; Kubernetes wraps the reference in allOf.
            if ((description is not null || patch is not null) && schema.ContainsKey("$ref"))
            {
                schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
            }

            if (description is not null)
            {
                schema["description"] = description;
            }

            if (patch is var (strategy, mergeKey))
            {

                if (mergeKey is not null)
                {
                    schema["x-kubernetes-patch-merge-key"] = mergeKey;
                }

                schema["x-kubernetes-patch-strategy"] = strategy;
            }

            properties[name] = schema;
        }

        var result = new JsonObject();
        if (_documentation.Of(type) is { } typeDescription)
        {
            result["description"] = typeDescription;
        }

        result["properties"] = properties;
        result["type"] = "object";
        return result;
    }

    private JsonObject PropertySchema(Type type, SortedDictionary<string, JsonObject> schemas)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int))
        {
            return new JsonObject { ["format"] = "int32", ["type"] = "integer" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["format"] = "int64", ["type"] = "integer" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["format"] = "double", ["type"] = "number" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["format"] = "date-time", ["type"] = "string" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["format"] = "byte", ["type"] = "string" };
        }

        if (type == typeof(IntOrString))
        {
            schemas.TryAdd(IntOrStringName, new JsonObject
            {
                // Upstream's text; the client's IntOrString struct carries no summary of its own.
                ["description"] = "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
                ["format"] = "int-or-string",
                ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
            });
            return Ref(IntOrStringName);
        }

        if (type == typeof(ResourceQuantity))
        {
            schemas.TryAdd(QuantityName, new JsonObject
            {
                ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }),
            });
            return Ref(QuantityName);
        }

        if (ModelTypes.MapValue(type) is { } value)
        {
            return new JsonObject
            {
                ["additionalProperties"] = PropertySchema(value, schemas),
                ["type"] = "object",
            };
        }

        if (ModelTypes.ListElement(type) is { } element)
        {
            return new JsonObject
            {
                ["items"] = PropertySchema(element, schemas),
                ["type"] = "array",
            };
        }

        if (ModelTypes.IsObjectModel(type))
        {
            return Ref(_names.NameOf(type));
        }

        // object (RawExtension, FieldsV1, JSON): any value.
        return new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true };
    }
}
