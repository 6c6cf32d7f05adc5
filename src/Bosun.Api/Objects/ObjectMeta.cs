using System.Text.Json.Nodes;

namespace Bosun.Api.Objects;

/// <summary>Typed access to the metadata of an object held as a <see cref="JsonObject"/>.</summary>
public static class ObjectMeta
{
    /// <summary>The object's metadata, created if absent.</summary>
    public static JsonObject Metadata(this JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    /// <summary>A string member of metadata, or null.</summary>
    public static string? MetaString(this JsonObject obj, string field) =>
        obj.Metadata()[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Sets or removes (null) a metadata member.</summary>
    public static void SetMeta(this JsonObject obj, string field, JsonNode? value)
    {
        var metadata = obj.Metadata();
        if (value is null)
        {
            metadata.Remove(field);
        }
        else
        {
            metadata[field] = value;
        }
    }

    public static string Name(this JsonObject obj) => obj.MetaString("name") ?? "";

    public static string Namespace(this JsonObject obj) => obj.MetaString("namespace") ?? "";

    public static string? Uid(this JsonObject obj) => obj.MetaString("uid");

    public static string? ResourceVersion(this JsonObject obj) => obj.MetaString("resourceVersion");

    public static bool IsBeingDeleted(this JsonObject obj) => obj.Metadata()["deletionTimestamp"] is not null;

    /// <summary>The finalizers, empty when none.</summary>
    public static List<string> Finalizers(this JsonObject obj) =>
        obj.Metadata()["finalizers"] is JsonArray a
            ? [.. a.Select(n => n?.GetValue<string>() ?? "")]
            : [];

    /// <summary>metadata.labels as a dictionary (empty when none).</summary>
    public static Dictionary<string, string> Labels(this JsonObject obj) => StringMap(obj.Metadata()["labels"]);

    /// <summary>A JSON object of strings as a dictionary (non-string values are skipped).</summary>
    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (v is JsonValue value && value.TryGetValue<string>(out var s))
                {
                    result[k] = s;
                }
            }
        }

        return result;
    }

    /// <summary>Reads a dotted path (<c>spec.nodeName</c>) as a string; numbers and booleans in their JSON text.</summary>
    public static string? PathString(this JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
    }
}
