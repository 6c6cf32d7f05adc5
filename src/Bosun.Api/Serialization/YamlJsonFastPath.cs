using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Bosun.Api.Serialization;

/// <summary>
/// Reads a YAML body that is plain JSON with the JSON reader, to the same value <see cref="YamlJson"/>
/// gives: kubectl and client-go send apply configurations as JSON under <c>application/apply-patch+yaml</c>,
/// and the YAML reader takes about ten times as long over them.
/// </summary>
/// <remarks>
/// What the YAML reader does to JSON is redone here: object keys sorted as it sorts them, a repeated key
/// keeping its last value (and no error: duplicate keys are reported only where a caller asks the YAML
/// reader for them), numbers resolved as YAML plain scalars (<c>1.0</c> is <c>1</c>, <c>-0</c> is <c>0</c>).
/// Anything else — not an object, malformed JSON, invalid UTF-8, deeper than the JSON reader's default
/// depth, a number YAML reads as infinite — is left to the YAML reader, so its errors stay the same.
/// </remarks>
public static class YamlJsonFastPath
{
    private static readonly Comparer<string> KeyOrder = Comparer<string>.Create(YamlScalars.CompareUtf8);

    /// <summary>
    /// The body as compact JSON, as <see cref="YamlJson.ToJsonNode(ReadOnlySpan{byte})"/> would convert it,
    /// when it is a JSON object (the first non-blank byte is <c>{</c>); null when the YAML reader must read it.
    /// </summary>
    public static byte[]? TryConvert(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var start = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || span[start] != (byte)'{' || !Utf8.IsValid(span))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var buffer = new ArrayBufferWriter<byte>(body.Length);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                if (!TryWrite(writer, document.RootElement))
                {
                    return null;
                }
            }

            return buffer.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A string the JSON reader accepts but cannot decode (a lone surrogate escape).
            return null;
        }
    }

    private static bool TryWrite(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return TryWriteObject(writer, element);
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    if (!TryWrite(writer, item))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            case JsonValueKind.Number:
                return TryWriteNumber(writer, element);
            default:
                element.WriteTo(writer);
                return true;
        }
    }

    private static bool TryWriteObject(Utf8JsonWriter writer, JsonElement obj)
    {
        // Go's encoder (and so kubectl) sends keys sorted and once: then they are written as they come.
        string? last = null;
        var ordered = true;
        foreach (var member in obj.EnumerateObject())
        {
            if (last is not null && YamlScalars.CompareUtf8(last, member.Name) >= 0)
            {
                ordered = false;
                break;
            }

            last = member.Name;
        }

        IEnumerable<(string Name, JsonElement Value)> members;
        if (ordered)
        {
            members = obj.EnumerateObject().Select(m => (m.Name, m.Value));
        }
        else
        {
            var byName = new Dictionary<string, JsonElement>(obj.GetPropertyCount(), StringComparer.Ordinal);
            foreach (var member in obj.EnumerateObject())
            {
                byName[member.Name] = member.Value;
            }

            members = byName.OrderBy(m => m.Key, KeyOrder).Select(m => (m.Key, m.Value));
        }

        writer.WriteStartObject();
        foreach (var (name, value) in members)
        {
            writer.WritePropertyName(name);
            if (!TryWrite(writer, value))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    private static bool TryWriteNumber(Utf8JsonWriter writer, JsonElement number)
    {
        var text = number.GetRawText();
        if (IsPlainInteger(text))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
            return true;
        }

        if (!YamlJson.TryPlainScalar(text, out var value))
        {
            return false;
        }

        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }

        return true;
    }

    /// <summary>An integer YAML reads back as the same text: no sign on zero, within a long.</summary>
    private static bool IsPlainInteger(string text)
    {
        var digits = text.AsSpan(text.StartsWith('-') ? 1 : 0);
        return digits.Length is > 0 and < 19
            && !digits.ContainsAnyExceptInRange('0', '9')
            && (digits[0] != '0' || text == "0");
    }
}
