using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// What an update changed, field by field: the fields of the new object that are new or hold another
/// value, and the fields that are gone — without listing the fields of either object.
/// </summary>
/// <remarks>
/// Both objects are read as JSON text and walked together; a member or keyed item whose text is the same on
/// both sides is skipped whole (its fields are in both sets, with the same values). Where they differ, the
/// differing part is compared as <see cref="FieldSetBuilder"/> compares objects: the same sets, restricted to
/// that part. Lists with a repeated or missing key are compared whole that way, so repeated keys keep
/// comparing as their first occurrence. On a 50-container pod a <c>kubectl set image</c> visits one
/// container instead of the 2,500 fields of both objects.
/// </remarks>
internal sealed class FieldDiff
{
    private readonly ApplySchema _schema;

    private FieldDiff(ApplySchema schema) => _schema = schema;

    /// <summary>The fields new in the current object or holding another value there.</summary>
    public FieldSet Changed { get; } = new();

    /// <summary>The fields of the previous object that the current one no longer has.</summary>
    public FieldSet Removed { get; } = new();

    /// <summary>Compares two versions of an object.</summary>
    public static FieldDiff Of(JsonObject previous, JsonObject current, ApplySchema schema)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(schema);
        var diff = new FieldDiff(schema);
        using var before = JsonDocument.Parse(diff.OwnableJson(previous), new JsonDocumentOptions { MaxDepth = 1000 });
        using var after = JsonDocument.Parse(diff.OwnableJson(current), new JsonDocumentOptions { MaxDepth = 1000 });

        // An object holding a keyed list item without its key has no field set: listing it fails, naming the
        // item, and so does the update, wherever the item is (not only where the objects differ).
        if (diff.HasItemWithoutKey(before.RootElement, string.Empty))
        {
            FieldSetBuilder.Of(previous, schema);
        }

        if (diff.HasItemWithoutKey(after.RootElement, string.Empty))
        {
            FieldSetBuilder.Of(current, schema);
        }

        diff.Members(before.RootElement, after.RootElement, FieldPath.Root, string.Empty);
        return diff;
    }

    /// <summary>
    /// The object as JSON without the members no manager owns (identity, versioning, managedFields itself,
    /// status where ignored): managedFields is often the larger half of an object, and never compared.
    /// </summary>
    private ReadOnlyMemory<byte> OwnableJson(JsonObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in obj)
            {
                if (_schema.IsIgnored(name))
                {
                    continue;
                }

                writer.WritePropertyName(name);
                if (name == "metadata" && value is JsonObject metadata)
                {
                    writer.WriteStartObject();
                    foreach (var (field, fieldValue) in metadata)
                    {
                        if (!_schema.IsIgnored(PatchMergeSchema.Join(name, field)))
                        {
                            writer.WritePropertyName(field);
                            Write(writer, fieldValue);
                        }
                    }

                    writer.WriteEndObject();
                }
                else
                {
                    Write(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private bool HasItemWithoutKey(JsonElement value, string schemaPath)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    var childSchema = PatchMergeSchema.Join(schemaPath, member.Name);
                    if (!_schema.IsIgnored(childSchema) && HasItemWithoutKey(member.Value, childSchema))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array when _schema.ListTypeAt(schemaPath) == ListType.Map:
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object
                        || _schema.KeysAt(schemaPath).Any(key => !HasKey(item, key))
                        || HasItemWithoutKey(item, schemaPath))
                    {
                        return true;
                    }
                }

                return false;
            default:
                // Scalars, and sets and atomic lists, whose items are not walked.
                return false;
        }
    }

    private static bool HasKey(JsonElement item, string key) =>
        (item.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null) || ApplySchema.KeyDefault(key) is not null;

    private static bool SameText(JsonElement a, JsonElement b) =>
        JsonMarshal.GetRawUtf8Value(a).SequenceEqual(JsonMarshal.GetRawUtf8Value(b));

    private static JsonNode? Node(JsonElement? element) => element is { } e ? JsonNode.Parse(JsonMarshal.GetRawUtf8Value(e)) : null;

    private void Members(JsonElement previous, JsonElement current, FieldPath path, string schemaPath)
    {
        // Maps (labels, data) can be large: look the previous members up by name, not by scanning.
        var before = new Dictionary<string, JsonElement>(previous.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var member in previous.EnumerateObject())
        {
            before.TryAdd(member.Name, member.Value);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in current.EnumerateObject())
        {
            seen.Add(member.Name);
            var childSchema = PatchMergeSchema.Join(schemaPath, member.Name);
            if (_schema.IsIgnored(childSchema))
            {
                continue;
            }

            var childPath = path.Append(FieldPath.FieldElement(member.Name));
            if (before.TryGetValue(member.Name, out var old))
            {
                Value(old, member.Value, childPath, childSchema);
            }
            else
            {
                Part(null, member.Value, childPath, childSchema, item: false);
            }
        }

        foreach (var (name, old) in before)
        {
            var childSchema = PatchMergeSchema.Join(schemaPath, name);
            if (!seen.Contains(name) && !_schema.IsIgnored(childSchema))
            {
                Part(old, null, path.Append(FieldPath.FieldElement(name)), childSchema, item: false);
            }
        }
    }

    private void Value(JsonElement previous, JsonElement current, FieldPath path, string schemaPath)
    {
        if (SameText(previous, current))
        {
            return;
        }

        if (previous.ValueKind == JsonValueKind.Object && current.ValueKind == JsonValueKind.Object)
        {
            Members(previous, current, path, schemaPath);
        }
        else if (previous.ValueKind == JsonValueKind.Array && current.ValueKind == JsonValueKind.Array
            && _schema.ListTypeAt(schemaPath) == ListType.Map
            && Index(previous, schemaPath) is { } before && Index(current, schemaPath) is { } after)
        {
            foreach (var (key, item) in after)
            {
                var itemPath = path.Append(key);
                if (!before.TryGetValue(key, out var old))
                {
                    Part(null, item, itemPath, schemaPath, item: true);
                }
                else if (!SameText(old, item))
                {
                    Members(old, item, itemPath, schemaPath);
                }
            }

            foreach (var (key, old) in before)
            {
                if (!after.ContainsKey(key))
                {
                    Part(old, null, path.Append(key), schemaPath, item: true);
                }
            }
        }
        else
        {
            Part(previous, current, path, schemaPath, item: false);
        }
    }

    /// <summary>The items of a keyed list by key, in list order; null when a key repeats or an item is not a keyed object.</summary>
    private Dictionary<string, JsonElement>? Index(JsonElement list, string schemaPath)
    {
        var items = new Dictionary<string, JsonElement>(list.GetArrayLength(), StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || FieldSetBuilder.TryKeyElementOf(item, schemaPath, _schema) is not { } key
                || !items.TryAdd(key, item))
            {
                return null;
            }
        }

        return items;
    }

    /// <summary>Compares one part of both objects (either side may be absent) by the fields each side has.</summary>
    private void Part(JsonElement? previous, JsonElement? current, FieldPath path, string schemaPath, bool item)
    {
        var old = Node(previous);
        var before = new FieldSet();
        if (previous is not null)
        {
            FieldSetBuilder.AddSubtree(before, old, null, false, path, schemaPath, item, _schema, null);
        }

        var after = new FieldSet();
        var differing = new FieldSet();
        if (current is not null)
        {
            FieldSetBuilder.AddSubtree(after, Node(current), old, previous is not null, path, schemaPath, item, _schema, differing);
        }

        foreach (var p in after.Paths)
        {
            if (!before.Has(p) || differing.Has(p))
            {
                Changed.Add(p);
            }
        }

        foreach (var p in before.Paths)
        {
            if (!after.Has(p))
            {
                Removed.Add(p);
            }
        }
    }
}
