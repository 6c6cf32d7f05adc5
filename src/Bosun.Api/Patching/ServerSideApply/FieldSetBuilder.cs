using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>The fields an object (or an applied configuration) sets: its leaves and its list items.</summary>
internal static class FieldSetBuilder
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_keyBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_keyWriter;

    /// <summary>
    /// The field set of <paramref name="obj"/>: every scalar, atomic list and keyed or set item, without
    /// the fields the server owns. An item of a keyed list without its key is a <see cref="PatchException"/>.
    /// </summary>
    public static FieldSet Of(JsonObject obj, ApplySchema schema) => Of(obj, schema, null, null);

    /// <summary>
    /// The field set of <paramref name="obj"/> and, in <paramref name="differing"/>, those of its fields
    /// (scalars and atomic lists) that <paramref name="previous"/> also has, with another value: what an
    /// update changed or an apply would change. One walk over both objects together, keyed list items
    /// matched on their key (the first item of a key, when a list repeats one).
    /// </summary>
    public static FieldSet Of(JsonObject obj, ApplySchema schema, JsonObject? previous, FieldSet? differing)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var set = new FieldSet();
        var walker = new Walker(set, schema, previous is null ? null : differing);
        walker.WalkObject(obj, new Found(previous), new Found(obj), FieldPath.Root, string.Empty);
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
        // Every keyed item of both objects is keyed on every write: written straight to a reused buffer,
        // the text FieldPath.KeyElement gives for the same key object, without building that object.
        var writer = StartKey();
        foreach (var key in schema.KeysAt(schemaPath))
        {
            var value = (item as JsonObject)?[key] ?? ApplySchema.KeyDefault(key);
            if (value is null)
            {
                missing = key;
                return null;
            }

            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }

        missing = null;
        return EndKey(writer);
    }

    /// <summary>The key element of a list item read as a <see cref="JsonElement"/>; null when it lacks a key.</summary>
    public static string? TryKeyElementOf(JsonElement item, string schemaPath, ApplySchema schema)
    {
        var writer = StartKey();
        foreach (var key in schema.KeysAt(schemaPath))
        {
            writer.WritePropertyName(key);
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                value.WriteTo(writer);
            }
            else if (ApplySchema.KeyDefault(key) is { } fallback)
            {
                fallback.WriteTo(writer);
            }
            else
            {
                return null;
            }
        }

        return EndKey(writer);
    }

    /// <summary>
    /// Adds to <paramref name="set"/> the fields of the value at <paramref name="path"/> (of a keyed list item
    /// when <paramref name="item"/>: the item itself and its members), as <see cref="Of(JsonObject, ApplySchema, JsonObject?, FieldSet?)"/>
    /// would for that part of an object; with <paramref name="differing"/>, compared to
    /// <paramref name="previous"/> (the value at the same path before, when <paramref name="hasPrevious"/>).
    /// </summary>
    public static void AddSubtree(FieldSet set, JsonNode? node, JsonNode? previous, bool hasPrevious, FieldPath path, string schemaPath, bool item, ApplySchema schema, FieldSet? differing)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(path);
        var walker = new Walker(set, schema, differing);
        Found? before = hasPrevious ? new Found(previous) : null;
        if (item)
        {
            set.Add(path);
            walker.WalkObject((JsonObject)node!, before, new Found(node), path, schemaPath);
        }
        else
        {
            walker.Walk(node, before, new Found(node), path, schemaPath);
        }
    }

    private static Utf8JsonWriter StartKey()
    {
        var buffer = t_keyBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_keyWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        return writer;
    }

    private static string EndKey(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.Flush();
        return FieldPath.KeyElement(t_keyBuffer!.WrittenSpan);
    }

    /// <summary>A node found at a path (possibly a JSON null); a null <see cref="Found"/> is a path that is absent.</summary>
    private readonly record struct Found(JsonNode? Node);

    /// <summary>
    /// Walks the object whose fields are collected (the shape) together with the values at the same paths
    /// in the previous object and in the object itself as a path lookup finds them: for the second item of
    /// a repeated key that is the first item, so repeated keys compare as their first occurrence.
    /// </summary>
    private sealed class Walker(FieldSet set, ApplySchema schema, FieldSet? differing)
    {
        public void WalkObject(JsonObject obj, Found? previous, Found? current, FieldPath path, string schemaPath)
        {
            foreach (var (name, value) in obj)
            {
                var childSchema = PatchMergeSchema.Join(schemaPath, name);
                if (schema.IsIgnored(childSchema))
                {
                    continue;
                }

                Walk(value, Member(previous, name), Member(current, name), path.Append(FieldPath.FieldElement(name)), childSchema);
            }
        }

        public void Walk(JsonNode? node, Found? previous, Found? current, FieldPath path, string schemaPath)
        {
            switch (node)
            {
                case JsonObject obj:
                    WalkObject(obj, previous, current, path, schemaPath);
                    break;
                case JsonArray list:
                    switch (schema.ListTypeAt(schemaPath))
                    {
                        case ListType.Map:
                            WalkMapList(list, previous, current, path, schemaPath);
                            break;
                        case ListType.Set:
                            foreach (var item in list)
                            {
                                set.Add(path.Append(FieldPath.ValueElement(item)));
                            }

                            break;
                        default:
                            Leaf(path, previous, current);
                            break;
                    }

                    break;
                default:
                    Leaf(path, previous, current);
                    break;
            }
        }

        private void WalkMapList(JsonArray list, Found? previous, Found? current, FieldPath path, string schemaPath)
        {
            // Built once per list, so matching items costs a lookup, not a scan of the other list.
            var previousItems = differing is null ? null : Index(previous, schemaPath);
            var currentItems = differing is null ? null : new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var currentList = current?.Node as JsonArray;
            if (currentItems is not null && !ReferenceEquals(currentList, list))
            {
                currentItems = Index(current, schemaPath);
            }

            foreach (var item in list)
            {
                var key = KeyElementOf(item, schemaPath, schema, path);
                var itemPath = path.Append(key);
                set.Add(itemPath);
                Found? previousItem = null, currentItem = null;
                if (currentItems is not null)
                {
                    if (ReferenceEquals(currentList, list))
                    {
                        currentItems.TryAdd(key, item);
                    }

                    previousItem = previousItems!.TryGetValue(key, out var p) ? new Found(p) : null;
                    currentItem = currentItems.TryGetValue(key, out var c) ? new Found(c) : null;
                }

                WalkObject((JsonObject)item!, previousItem, currentItem, itemPath, schemaPath);
            }
        }

        private void Leaf(FieldPath path, Found? previous, Found? current)
        {
            set.Add(path);
            if (differing is not null && previous is { } p && current is { } c && !JsonNode.DeepEquals(p.Node, c.Node))
            {
                differing.Add(path);
            }
        }

        /// <summary>The items of a keyed list by key element, the first of a repeated key; items without their key cannot be found.</summary>
        private Dictionary<string, JsonNode?> Index(Found? found, string schemaPath)
        {
            var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            if (found?.Node is JsonArray list)
            {
                foreach (var item in list)
                {
                    if (TryKeyElementOf(item, schemaPath, schema, out _) is { } key)
                    {
                        items.TryAdd(key, item);
                    }
                }
            }

            return items;
        }

        private static Found? Member(Found? parent, string name) =>
            parent?.Node is JsonObject obj && obj.TryGetPropertyValue(name, out var value) ? new Found(value) : null;
    }
}
