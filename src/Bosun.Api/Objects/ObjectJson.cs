using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.Api.Objects;

/// <summary>
/// The stored form of objects: compact UTF-8 JSON whose first members are apiVersion, kind and
/// metadata, with no metadata.resourceVersion (the store's revision is the resourceVersion). Keeping
/// that layout lets readers splice the resourceVersion in with one copy instead of re-serializing.
/// </summary>
public static class ObjectJson
{
    private static readonly JsonSerializerOptions CompactOptions = new() { WriteIndented = false };

    /// <summary>Parses a JSON object; anything else (arrays, scalars, bad JSON) is a 400 BadRequest.</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> json)
    {
        JsonNode? node;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 512 });
            node = JsonNode.Parse(ref reader, new JsonNodeOptions { PropertyNameCaseInsensitive = false });
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding request body: {e.Message}");
        }

        return node as JsonObject
            ?? throw ApiException.BadRequest("error decoding request body: the body must be a JSON object");
    }

    /// <summary>
    /// Serializes an object in stored form: apiVersion, kind, metadata first, other members after in
    /// their current order, metadata.resourceVersion dropped.
    /// </summary>
    public static byte[] ToStored(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteMember(w, obj, "apiVersion");
            WriteMember(w, obj, "kind");
            if (obj["metadata"] is JsonObject metadata)
            {
                w.WritePropertyName("metadata");
                w.WriteStartObject();
                foreach (var (name, value) in metadata)
                {
                    if (name == "resourceVersion")
                    {
                        continue;
                    }

                    w.WritePropertyName(name);
                    WriteValue(w, value);
                }

                w.WriteEndObject();
            }

            foreach (var (name, value) in obj)
            {
                if (name is "apiVersion" or "kind" or "metadata")
                {
                    continue;
                }

                w.WritePropertyName(name);
                WriteValue(w, value);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes any node compactly.</summary>
    public static byte[] ToBytes(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, CompactOptions);

    /// <summary>
    /// Returns the stored bytes with <c>metadata.resourceVersion</c> set to <paramref name="resourceVersion"/>.
    /// The stored form puts metadata among the first members, so this finds it after a few tokens.
    /// </summary>
    public static byte[] WithResourceVersion(ReadOnlySpan<byte> stored, long resourceVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(stored.Length + 48);
        WriteWithResourceVersion(buffer, stored, resourceVersion);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the stored bytes with metadata.resourceVersion spliced in, without re-serializing.</summary>
    public static void WriteWithResourceVersion(IBufferWriter<byte> output, ReadOnlySpan<byte> stored, long resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> number = stackalloc byte[24];
        resourceVersion.TryFormat(number, out var digits, default, CultureInfo.InvariantCulture);
        ReadOnlySpan<byte> head = "\"resourceVersion\":\""u8;
        var metadataStart = FindMetadataObjectStart(stored);
        if (metadataStart < 0)
        {
            // No metadata at all: add one right after the opening brace.
            output.Write("{\"metadata\":{"u8);
            output.Write(head);
            output.Write(number[..digits]);
            output.Write(stored.Length > 2 ? "\"},"u8 : "\"}"u8);
            output.Write(stored[1..]);
            return;
        }

        var afterBrace = metadataStart + 1;
        output.Write(stored[..afterBrace]);
        output.Write(head);
        output.Write(number[..digits]);
        var empty = afterBrace < stored.Length && stored[afterBrace] == (byte)'}';
        output.Write(empty ? "\""u8 : "\","u8);
        output.Write(stored[afterBrace..]);
    }

    /// <summary>Offset of the '{' that opens the top-level metadata object, or -1.</summary>
    private static int FindMetadataObjectStart(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return -1;
            }

            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                return (int)reader.TokenStartIndex;
            }

            reader.Skip();
        }

        return -1;
    }

    /// <summary>Formats a timestamp the way Kubernetes does (RFC 3339, seconds, UTC).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>UTF-8 bytes of a string (for building bodies).</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static void WriteMember(Utf8JsonWriter w, JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var value))
        {
            w.WritePropertyName(name);
            WriteValue(w, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter w, JsonNode? value)
    {
        if (value is null)
        {
            w.WriteNullValue();
        }
        else
        {
            value.WriteTo(w);
        }
    }
}
