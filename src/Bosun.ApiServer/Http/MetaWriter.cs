using System.Globalization;
using System.Text.Json;
using Bosun.Api.Objects;
using Bosun.Storage.Cache;

namespace Bosun.ApiServer.Http;

/// <summary>Writes objects, their metadata and list metadata into a <see cref="Utf8JsonWriter"/>.</summary>
internal static class MetaWriter
{
    /// <summary>Writes a stored object as a JSON value, with its resourceVersion.</summary>
    public static void WriteObject(Utf8JsonWriter writer, ReadOnlySpan<byte> stored, long revision)
    {
        writer.WriteRawValue(ObjectJson.WithResourceVersion(stored, revision), skipInputValidation: true);
    }

    /// <summary>Writes <c>{"kind":"PartialObjectMetadata",...,"metadata":{...}}</c> of a stored object.</summary>
    public static void WritePartialObjectMetadata(Utf8JsonWriter writer, JsonElement obj, long revision, string metaVersion)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "PartialObjectMetadata");
        writer.WriteString("apiVersion", $"meta.k8s.io/{metaVersion}");
        WriteMetadata(writer, obj, revision);
        writer.WriteEndObject();
    }

    /// <summary>Writes the object's <c>"metadata"</c> member with the resourceVersion set.</summary>
    public static void WriteMetadata(Utf8JsonWriter writer, JsonElement obj, long revision)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
        if (obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in metadata.EnumerateObject())
            {
                if (property.Name != "resourceVersion")
                {
                    property.WriteTo(writer);
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a list's <c>"metadata"</c>: resourceVersion, continue, remainingItemCount.</summary>
    public static void WriteListMetadata(Utf8JsonWriter writer, long revision, string? continueToken, long? remaining)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
        if (continueToken is not null)
        {
            writer.WriteString("continue", continueToken);
        }

        if (remaining is { } count)
        {
            writer.WriteNumber("remainingItemCount", count);
        }

        writer.WriteEndObject();
    }

    /// <summary>The revision to show for an event or item.</summary>
    public static long RevisionOf<T>(CachedObject<T> item) => item.Revision;
}
