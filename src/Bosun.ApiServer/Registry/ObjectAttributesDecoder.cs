using System.Text.Json;

namespace Bosun.ApiServer.Registry;

/// <summary>Reads <see cref="ObjectAttributes"/> out of stored JSON without building a DOM.</summary>
internal static class ObjectAttributesDecoder
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static ObjectAttributes Decode(ReadOnlyMemory<byte> json, IReadOnlyDictionary<string, string> selectableFields)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var ns = "";
        var name = "";
        IReadOnlyDictionary<string, string> labels = NoLabels;
        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            ns = StringOf(metadata, "namespace");
            name = StringOf(metadata, "name");
            if (metadata.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in l.EnumerateObject())
                {
                    map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }

                labels = map;
            }
        }

        var fields = new Dictionary<string, string>(selectableFields.Count, StringComparer.Ordinal);
        foreach (var (path, fallback) in selectableFields)
        {
            fields[path] = Resolve(root, path) ?? fallback;
        }

        return new ObjectAttributes(ns, name, labels, fields);
    }

    private static string StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string? Resolve(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => element.GetRawText(),
            // "source" of events is an object; Kubernetes selects on source.component.
            JsonValueKind.Object when element.TryGetProperty("component", out var component) && component.ValueKind == JsonValueKind.String => component.GetString(),
            _ => null,
        };
    }
}
