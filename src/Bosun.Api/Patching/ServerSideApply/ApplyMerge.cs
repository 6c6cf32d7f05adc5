using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// Merges an applied configuration into the live object: objects merge field by field, associative lists
/// merge item by item on their key, sets take the union, everything else (scalars, atomic lists) is replaced.
/// </summary>
internal static class ApplyMerge
{
    /// <summary>
    /// Merges <paramref name="applied"/> into <paramref name="target"/> (a copy of the live object). The applied
    /// nodes are moved, not copied: <paramref name="applied"/> is emptied, and its keyed list items must carry
    /// their keys (as <see cref="FieldSetBuilder.Of(JsonObject, ApplySchema)"/> has checked).
    /// </summary>
    public static void MergeInto(JsonObject target, JsonObject applied, ApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(schema);
        MergeObject(target, applied, string.Empty, schema);
    }

    /// <summary>Removes null members at any depth, in place: in an applied configuration they mean "not set".</summary>
    public static void RemoveNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                List<string>? nulls = null;
                foreach (var (name, value) in obj)
                {
                    if (value is null)
                    {
                        (nulls ??= []).Add(name);
                    }
                    else
                    {
                        RemoveNulls(value);
                    }
                }

                nulls?.ForEach(name => obj.Remove(name));
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    RemoveNulls(item);
                }

                break;
        }
    }

    private static void MergeObject(JsonObject target, JsonObject applied, string schemaPath, ApplySchema schema)
    {
        var members = applied.ToArray();
        applied.Clear();
        foreach (var (name, value) in members)
        {
            var childSchema = PatchMergeSchema.Join(schemaPath, name);
            if (schemaPath.Length == 0 && schema.IsIgnored(childSchema) && name is not ("apiVersion" or "kind"))
            {
                continue;
            }

            switch (value)
            {
                case JsonObject appliedObject when target[name] is JsonObject targetObject:
                    MergeObject(targetObject, appliedObject, childSchema, schema);
                    break;
                case JsonArray appliedList when target[name] is JsonArray targetList && schema.ListTypeAt(childSchema) is ListType.Map:
                    MergeMapList(targetList, appliedList, childSchema, schema);
                    break;
                case JsonArray appliedList when target[name] is JsonArray targetList && schema.ListTypeAt(childSchema) is ListType.Set:
                    MergeSet(targetList, appliedList);
                    break;
                default:
                    target[name] = value;
                    break;
            }
        }
    }

    private static void MergeMapList(JsonArray target, JsonArray applied, string schemaPath, ApplySchema schema)
    {
        // Live items without their key cannot be matched; they are kept as they are.
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < target.Count; i++)
        {
            if (FieldSetBuilder.TryKeyElementOf(target[i], schemaPath, schema, out _) is { } key)
            {
                positions.TryAdd(key, i);
            }
        }

        var items = applied.ToArray();
        applied.Clear();
        foreach (var item in items)
        {
            var key = FieldSetBuilder.TryKeyElementOf(item, schemaPath, schema, out var missing)
                ?? throw new ArgumentException($"{schemaPath}: an applied item omits key field \"{missing}\"", nameof(applied));
            if (positions.TryGetValue(key, out var index))
            {
                MergeObject((JsonObject)target[index]!, (JsonObject)item!, schemaPath, schema);
            }
            else
            {
                positions.Add(key, target.Count);
                target.Add(item);
            }
        }
    }

    private static void MergeSet(JsonArray target, JsonArray applied)
    {
        var items = applied.ToArray();
        applied.Clear();
        foreach (var item in items)
        {
            if (!target.Any(r => JsonNode.DeepEquals(r, item)))
            {
                target.Add(item);
            }
        }
    }
}
