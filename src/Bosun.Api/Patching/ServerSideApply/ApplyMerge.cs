using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// Merges an applied configuration into the live object: objects merge field by field, associative lists
/// merge item by item on their key, sets take the union, everything else (scalars, atomic lists) is replaced.
/// </summary>
internal static class ApplyMerge
{
    /// <summary>A copy of <paramref name="live"/> with <paramref name="applied"/> merged in.</summary>
    public static JsonObject Merge(JsonObject live, JsonObject applied, ApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(schema);
        return MergeObject(live, applied, string.Empty, FieldPath.Root, schema);
    }

    /// <summary>A copy of <paramref name="node"/> without null members: in an applied configuration they mean "not set".</summary>
    public static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray list => new JsonArray([.. list.Select(WithoutNulls)]),
        _ => node?.DeepClone(),
    };

    private static JsonObject MergeObject(JsonObject live, JsonObject applied, string schemaPath, FieldPath path, ApplySchema schema)
    {
        var result = (JsonObject)live.DeepClone();
        foreach (var (name, value) in applied)
        {
            var childSchema = PatchMergeSchema.Join(schemaPath, name);
            if (schemaPath.Length == 0 && schema.IsIgnored(childSchema) && name is not ("apiVersion" or "kind"))
            {
                continue;
            }

            result[name] = MergeValue(live[name], value, childSchema, path.Append(FieldPath.FieldElement(name)), schema);
        }

        return result;
    }

    private static JsonNode? MergeValue(JsonNode? live, JsonNode? applied, string schemaPath, FieldPath path, ApplySchema schema)
    {
        switch (applied)
        {
            case JsonObject appliedObject when live is JsonObject liveObject:
                return MergeObject(liveObject, appliedObject, schemaPath, path, schema);
            case JsonArray appliedList when live is JsonArray liveList:
                return schema.ListTypeAt(schemaPath) switch
                {
                    ListType.Map => MergeMapList(liveList, appliedList, schemaPath, path, schema),
                    ListType.Set => MergeSet(liveList, appliedList),
                    _ => appliedList.DeepClone(),
                };
            default:
                return applied?.DeepClone();
        }
    }

    private static JsonArray MergeMapList(JsonArray live, JsonArray applied, string schemaPath, FieldPath path, ApplySchema schema)
    {
        var result = new List<(string Key, JsonNode? Item)>();
        foreach (var item in live)
        {
            // Live items without their key cannot be matched; they are kept as they are.
            var key = FieldSetBuilder.TryKeyElementOf(item, schemaPath, schema, out _) ?? string.Empty;
            result.Add((key, item?.DeepClone()));
        }

        foreach (var item in applied)
        {
            var key = FieldSetBuilder.KeyElementOf(item, schemaPath, schema, path);
            var index = result.FindIndex(r => r.Key.Length > 0 && r.Key == key);
            if (index >= 0)
            {
                result[index] = (key, MergeObject((JsonObject)result[index].Item!, (JsonObject)item!, schemaPath, path.Append(key), schema));
            }
            else
            {
                result.Add((key, item!.DeepClone()));
            }
        }

        return new JsonArray([.. result.Select(r => r.Item)]);
    }

    private static JsonArray MergeSet(JsonArray live, JsonArray applied)
    {
        var result = new JsonArray([.. live.Select(i => i?.DeepClone())]);
        foreach (var item in applied)
        {
            if (!result.Any(r => JsonNode.DeepEquals(r, item)))
            {
                result.Add(item?.DeepClone());
            }
        }

        return result;
    }
}
