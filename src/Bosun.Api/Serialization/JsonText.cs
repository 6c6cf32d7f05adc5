using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Api.Serialization;

/// <summary>
/// Parses request bodies into <see cref="JsonNode"/> the way Go's <c>encoding/json</c> reads them into
/// <c>map[string]interface{}</c>: a repeated key keeps its last value, numbers keep their text, and a syntax
/// error is a <see cref="FormatException"/> naming the byte offset.
/// </summary>
internal static class JsonText
{
    /// <summary>Go's encoding/json refuses deeper nesting than this; so do we.</summary>
    internal const int MaxDepth = 10000;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Options for readers that walk a body themselves.</summary>
    internal static JsonReaderOptions Options => ReaderOptions;

    /// <summary>Parses one JSON value; throws <see cref="FormatException"/> on malformed input.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                throw SyntaxError(utf8Json, utf8Json.Length, "unexpected end of JSON input");
            }

            var root = ReadValue(ref reader);
            if (reader.Read())
            {
                throw SyntaxError(utf8Json, (int)reader.TokenStartIndex, "invalid character after top-level value");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw FromReaderException(utf8Json, e);
        }
        catch (InvalidOperationException e)
        {
            // GetString() throws this for invalid UTF-8 or escapes inside a string.
            throw SyntaxError(utf8Json, (int)reader.TokenStartIndex, e.Message);
        }
    }

    /// <summary>Turns a reader exception into a <see cref="FormatException"/> with the byte offset.</summary>
    internal static FormatException FromReaderException(ReadOnlySpan<byte> utf8Json, JsonException e)
    {
        var line = (int)(e.LineNumber ?? 0);
        var column = (int)(e.BytePositionInLine ?? 0);
        var offset = OffsetOf(utf8Json, line, column);
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return SyntaxError(utf8Json, offset, message, e);
    }

    /// <summary>A <see cref="FormatException"/> for malformed JSON at a byte offset.</summary>
    internal static FormatException SyntaxError(ReadOnlySpan<byte> utf8Json, int offset, string message, Exception? inner = null)
    {
        var (line, column) = LineAndColumn(utf8Json, offset);
        var text = $"invalid JSON at offset {offset} (line {line}, column {column}): {message}";
        var exception = inner is null ? new FormatException(text) : new FormatException(text, inner);
        exception.Data["offset"] = offset;
        return exception;
    }

    private static int OffsetOf(ReadOnlySpan<byte> utf8Json, int line, int column)
    {
        var offset = 0;
        for (var l = 0; l < line && offset < utf8Json.Length; l++)
        {
            var next = utf8Json[offset..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            offset += next + 1;
        }

        return Math.Min(offset + column, utf8Json.Length);
    }

    private static (int Line, int Column) LineAndColumn(ReadOnlySpan<byte> utf8Json, int offset)
    {
        var line = 1;
        var lineStart = 0;
        var end = Math.Min(offset, utf8Json.Length);
        for (var i = 0; i < end; i++)
        {
            if (utf8Json[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    // Iterative so that deeply nested documents cannot exhaust the stack.
    private static JsonNode? ReadValue(ref Utf8JsonReader reader)
    {
        var stack = new Stack<(JsonNode Container, string? PendingKey)>();
        string? key = null;
        while (true)
        {
            JsonNode? value;
            var isContainerStart = false;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    value = new JsonObject();
                    isContainerStart = true;
                    break;
                case JsonTokenType.StartArray:
                    value = new JsonArray();
                    isContainerStart = true;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    var (done, doneKey) = stack.Pop();
                    if (stack.Count == 0)
                    {
                        return done;
                    }

                    key = doneKey;
                    Attach(stack.Peek().Container, key, done);
                    // A final-block reader throws on truncated input, so Read() only fails past the root.
                    reader.Read();
                    continue;
                case JsonTokenType.PropertyName:
                    key = reader.GetString();
                    reader.Read();
                    continue;
                case JsonTokenType.String:
                    value = JsonValue.Create(reader.GetString());
                    break;
                case JsonTokenType.Number:
                    value = JsonValue.Create(JsonElement.ParseValue(ref reader));
                    break;
                case JsonTokenType.True:
                    value = JsonValue.Create(true);
                    break;
                case JsonTokenType.False:
                    value = JsonValue.Create(false);
                    break;
                default:
                    value = null;
                    break;
            }

            if (isContainerStart)
            {
                stack.Push((value!, key));
                key = null;
            }
            else if (stack.Count == 0)
            {
                return value;
            }
            else
            {
                Attach(stack.Peek().Container, key, value);
            }

            reader.Read();
        }
    }

    private static void Attach(JsonNode container, string? key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            // Go's decoder keeps the last of repeated keys; JsonObject's indexer does the same.
            obj[key!] = value;
        }
        else
        {
            ((JsonArray)container).Add(value);
        }
    }

    /// <summary>Writes a node as compact JSON in UTF-8.</summary>
    public static byte[] ToUtf8(JsonNode? node) =>
        node is null ? "null"u8.ToArray() : Encoding.UTF8.GetBytes(node.ToJsonString());
}
