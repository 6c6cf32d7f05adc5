using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// Merges an applied configuration into the live object: objects merge field by field, associative lists
/// merge item by item on their key, sets take the union, everything else (scalars, atomic lists) is replaced.
/// </summary>
internal static class ApplyMerge
{
    /// <summary>
    /// A copy of <paramref name="live"/> with <paramref name="applied"/> merged in. The applied nodes are moved
    /// into the result, not copied: <paramref name="applied"/> is emptied, and its keyed list items must carry
    /// their keys (as <see cref="FieldSetBuilder.Of(JsonObject, ApplySchema)"/> has checked).
    /// </summary>
    public static JsonObject Merge(JsonObject live, JsonObject applied, ApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(schema);

        // One copy of the live object, merged into in place: a parsed object copies without materializing,
        // and only the members the configuration touches are materialized by the merge.
        var result = (JsonObject)live.DeepClone();
        MergeObject(result, applied, string.Empty, schema);
        return result;
    }

    /// <summary>A copy of <paramref name="node"/> without null members: in an applied configuration they mean "not set".</summary>
    public static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray list => new JsonArray([.. list.Select(WithoutNulls)]),
        _ => node?.DeepClone(),
    };

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
