using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>The fields an object (or an applied configuration) sets: its leaves and its list items.</summary>
internal static class FieldSetBuilder
{
    /// <summary>
    /// The field set of <paramref name="obj"/>: every scalar, atomic list and keyed or set item, without
    /// the fields the server owns. An item of a keyed list without its key is a <see cref="PatchException"/>.
    /// </summary>
    public static FieldSet Of(JsonObject obj, ApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var set = new FieldSet();
        WalkObject(set, obj, FieldPath.Root, string.Empty, schema);
        return set;
    }

    /// <summary>The key element of an item of the associative list at <paramref name="schemaPath"/>.</summary>
    public static string KeyElementOf(JsonNode? item, string schemaPath, ApplySchema schema, FieldPath listPath) =>
        TryKeyElementOf(item, schemaPath, schema, out var missing)
        ?? throw PatchException.Invalid($"{listPath}: associative list with keys has an element that omits key field \"{missing}\"");

    /// <summary>
    /// The key element (<c>k:{"containerPort":80,"protocol":"TCP"}</c>, keys in name order) of an item, or
    /// null with the first key it lacks (a key with a schema default is never lacking).
    /// </summary>
    public static string? TryKeyElementOf(JsonNode? item, string schemaPath, ApplySchema schema, out string? missing)
    {
        var element = new JsonObject();
        foreach (var key in schema.KeysAt(schemaPath).Order(StringComparer.Ordinal))
        {
            var value = (item as JsonObject)?[key]?.DeepClone() ?? ApplySchema.KeyDefault(key);
            if (value is null)
            {
                missing = key;
                return null;
            }

            element[key] = value;
        }

        missing = null;
        return FieldPath.KeyElement(element);
    }

    private static void WalkObject(FieldSet set, JsonObject obj, FieldPath path, string schemaPath, ApplySchema schema)
    {
        foreach (var (name, value) in obj)
        {
            var childSchema = PatchMergeSchema.Join(schemaPath, name);
            if (schema.IsIgnored(childSchema))
            {
                continue;
            }

            Walk(set, value, path.Append(FieldPath.FieldElement(name)), childSchema, schema);
        }
    }

    private static void Walk(FieldSet set, JsonNode? node, FieldPath path, string schemaPath, ApplySchema schema)
    {
        switch (node)
        {
            case JsonObject obj:
                WalkObject(set, obj, path, schemaPath, schema);
                break;
            case JsonArray list:
                switch (schema.ListTypeAt(schemaPath))
                {
                    case ListType.Map:
                        foreach (var item in list)
                        {
                            var itemPath = path.Append(KeyElementOf(item, schemaPath, schema, path));
                            set.Add(itemPath);
                            WalkObject(set, (JsonObject)item!, itemPath, schemaPath, schema);
                        }

                        break;
                    case ListType.Set:
                        foreach (var item in list)
                        {
                            set.Add(path.Append(FieldPath.ValueElement(item)));
                        }

                        break;
                    default:
                        set.Add(path);
                        break;
                }

                break;
            default:
                set.Add(path);
                break;
        }
    }
}
