using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Api.Serialization.Protobuf;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> request bodies (what kubectl 1.32+ sends for typed
/// create commands) into the JSON object kube-apiserver would see for the same Go value.
/// </summary>
/// <remarks>
/// The body is the magic <c>k8s\0</c> followed by a runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2,
/// contentEncoding=3, contentType=4}; raw holds the typed object, decoded here with the schemas in
/// <see cref="KubernetesProtoSchemas"/>. Unknown field numbers are skipped, as Go's unmarshaller does.
/// </remarks>
public static class KubernetesProtobuf
{
    /// <summary>The media type of Kubernetes protobuf bodies.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private const int MaxDepth = 64;

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Decodes a protobuf body into a JSON object with apiVersion and kind from the envelope.</summary>
    /// <exception cref="FormatException">The body is not a Kubernetes protobuf object of a kind we know.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new FormatException("protobuf body does not start with the Kubernetes magic prefix \"k8s\\x00\"");
        }

        var (apiVersion, kind, contentEncoding, contentType) = ReadEnvelope(body[Magic.Length..], out var raw);
        if (contentEncoding.Length != 0)
        {
            throw new FormatException($"protobuf body has unsupported content encoding \"{contentEncoding}\"");
        }

        if (contentType.Length != 0 && contentType != MediaType)
        {
            throw new FormatException($"protobuf envelope has unsupported content type \"{contentType}\"");
        }

        if (kind.Length == 0 || apiVersion.Length == 0)
        {
            throw new FormatException("protobuf envelope is missing apiVersion or kind");
        }

        var schema = KubernetesProtoSchemas.ForKind(apiVersion, kind)
            ?? throw new FormatException($"protobuf decoding of kind \"{kind}\" in \"{apiVersion}\" is not supported; send JSON");

        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        DecodeMessage(raw, schema, result, 0);
        return result;
    }

    private static (string ApiVersion, string Kind, string ContentEncoding, string ContentType) ReadEnvelope(
        ReadOnlySpan<byte> data, out ReadOnlySpan<byte> raw)
    {
        string apiVersion = "", kind = "", contentEncoding = "", contentType = "";
        raw = default;
        var reader = new ProtoWireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is >= 1 and <= 4)
            {
                Expect(wireType, ProtoWireReader.LengthDelimited, number, "runtime.Unknown");
            }

            switch (number)
            {
                case 1:
                    var typeMeta = new ProtoWireReader(reader.ReadLengthDelimited());
                    while (!typeMeta.End)
                    {
                        var (n, w) = typeMeta.ReadTag();
                        if (n is 1 or 2)
                        {
                            Expect(w, ProtoWireReader.LengthDelimited, n, "runtime.TypeMeta");
                            var value = Utf8(typeMeta.ReadLengthDelimited());
                            if (n == 1)
                            {
                                apiVersion = value;
                            }
                            else
                            {
                                kind = value;
                            }
                        }
                        else
                        {
                            typeMeta.Skip(w);
                        }
                    }

                    break;
                case 2:
                    raw = reader.ReadLengthDelimited();
                    break;
                case 3:
                    contentEncoding = Utf8(reader.ReadLengthDelimited());
                    break;
                case 4:
                    contentType = Utf8(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return (apiVersion, kind, contentEncoding, contentType);
    }

    private static void DecodeMessage(ReadOnlySpan<byte> data, ProtoMessage schema, JsonObject target, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"protobuf message nesting exceeds {MaxDepth} levels");
        }

        var reader = new ProtoWireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (!schema.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }

            if (field.Repeated && wireType == ProtoWireReader.LengthDelimited && field.Kind is ProtoFieldKind.Int32 or ProtoFieldKind.Int64 or ProtoFieldKind.Bool)
            {
                // A packed repeated scalar: one record holding many varints.
                var packed = new ProtoWireReader(reader.ReadLengthDelimited());
                var array = ArrayOf(target, field);
                while (!packed.End)
                {
                    array.Add(ScalarNode(field, packed.ReadVarint()));
                }

                continue;
            }

            var value = ReadValue(ref reader, wireType, field, schema, target, depth);
            if (field.Kind == ProtoFieldKind.Inline)
            {
                continue;
            }

            if (field.Repeated)
            {
                ArrayOf(target, field).Add(value ?? new JsonObject());
            }
            else if (value is null && field.Kind == ProtoFieldKind.Time && !field.Pointer)
            {
                // A value metav1.Time ignores omitempty: Go writes the zero time as null (creationTimestamp: null).
                target[field.JsonName] = null;
            }
            else if (value is null)
            {
                // The Go zero value of a value field: kube-apiserver would not see it in JSON either.
                target.Remove(field.JsonName);
            }
            else
            {
                target[field.JsonName] = value;
            }
        }
    }

    private static JsonNode? ReadValue(
        ref ProtoWireReader reader, int wireType, ProtoField field, ProtoMessage schema, JsonObject target, int depth)
    {
        var owner = $"{schema.Name}.{field.JsonName}";
        switch (field.Kind)
        {
            case ProtoFieldKind.Bool:
            case ProtoFieldKind.Int32:
            case ProtoFieldKind.Int64:
                Expect(wireType, ProtoWireReader.Varint, field.Number, owner);
                var raw = reader.ReadVarint();
                return raw == 0 && !field.Pointer && !field.Repeated ? null : ScalarNode(field, raw);
            default:
                Expect(wireType, ProtoWireReader.LengthDelimited, field.Number, owner);
                break;
        }

        var payload = reader.ReadLengthDelimited();
        switch (field.Kind)
        {
            case ProtoFieldKind.String:
                return payload.IsEmpty && !field.Pointer && !field.Repeated ? null : JsonValue.Create(Utf8(payload));
            case ProtoFieldKind.Bytes:
                return payload.IsEmpty && !field.Pointer && !field.Repeated ? null : JsonValue.Create(Convert.ToBase64String(payload));
            case ProtoFieldKind.Message:
                var obj = field.Repeated ? new JsonObject() : target[field.JsonName] as JsonObject ?? new JsonObject();
                DecodeMessage(payload, KubernetesProtoSchemas.Message(field.Message!), obj, depth + 1);
                return obj;
            case ProtoFieldKind.Inline:
                DecodeMessage(payload, KubernetesProtoSchemas.Message(field.Message!), target, depth + 1);
                return null;
            case ProtoFieldKind.Time:
                return TimeNode(payload, owner);
            case ProtoFieldKind.Quantity:
                return JsonValue.Create(QuantityString(payload, owner));
            case ProtoFieldKind.IntOrString:
                return IntOrStringNode(payload, field, owner);
            case ProtoFieldKind.RawJson:
                return RawJsonNode(payload, owner);
            case ProtoFieldKind.StringMap:
            case ProtoFieldKind.BytesMap:
            case ProtoFieldKind.QuantityMap:
                var map = target[field.JsonName] as JsonObject ?? new JsonObject();
                var (key, value) = MapEntry(payload, field, owner);
                map[key] = value;
                return map;
            default:
                throw new InvalidOperationException($"unhandled protobuf field kind {field.Kind}");
        }
    }

    private static JsonValue ScalarNode(ProtoField field, ulong raw) => field.Kind switch
    {
        ProtoFieldKind.Bool => JsonValue.Create(raw != 0),
        ProtoFieldKind.Int32 => JsonValue.Create(unchecked((int)raw)),
        _ => JsonValue.Create(unchecked((long)raw)),
    };

    private static JsonArray ArrayOf(JsonObject target, ProtoField field)
    {
        if (target[field.JsonName] is JsonArray existing)
        {
            return existing;
        }

        var array = new JsonArray();
        target[field.JsonName] = array;
        return array;
    }

    private static JsonValue? TimeNode(ReadOnlySpan<byte> payload, string owner)
    {
        long seconds = 0;
        long nanos = 0;
        var reader = new ProtoWireReader(payload);
        var any = false;
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is 1 or 2)
            {
                Expect(wireType, ProtoWireReader.Varint, number, owner);
                var value = unchecked((long)reader.ReadVarint());
                if (number == 1)
                {
                    seconds = value;
                }
                else
                {
                    nanos = unchecked((int)value);
                }

                any = true;
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        // Go writes an empty message for the zero time.
        if (!any)
        {
            return null;
        }

        DateTimeOffset time;
        try
        {
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException($"protobuf field {owner} has an out-of-range time of {seconds} seconds");
        }

        _ = nanos; // metav1.Time serializes to whole seconds.
        return JsonValue.Create(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static string QuantityString(ReadOnlySpan<byte> payload, string owner)
    {
        var result = "";
        var reader = new ProtoWireReader(payload);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1)
            {
                Expect(wireType, ProtoWireReader.LengthDelimited, number, owner);
                result = Utf8(reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return result;
    }

    private static JsonValue? IntOrStringNode(ReadOnlySpan<byte> payload, ProtoField field, string owner)
    {
        long type = 0;
        var intVal = 0;
        var strVal = "";
        var reader = new ProtoWireReader(payload);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    Expect(wireType, ProtoWireReader.Varint, number, owner);
                    type = unchecked((long)reader.ReadVarint());
                    break;
                case 2:
                    Expect(wireType, ProtoWireReader.Varint, number, owner);
                    intVal = unchecked((int)reader.ReadVarint());
                    break;
                case 3:
                    Expect(wireType, ProtoWireReader.LengthDelimited, number, owner);
                    strVal = Utf8(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (type == 1)
        {
            return strVal.Length == 0 && !field.Pointer ? null : JsonValue.Create(strVal);
        }

        return intVal == 0 && !field.Pointer ? null : JsonValue.Create(intVal);
    }

    private static JsonNode? RawJsonNode(ReadOnlySpan<byte> payload, string owner)
    {
        var reader = new ProtoWireReader(payload);
        ReadOnlySpan<byte> raw = default;
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1)
            {
                Expect(wireType, ProtoWireReader.LengthDelimited, number, owner);
                raw = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (raw.IsEmpty)
        {
            return new JsonObject();
        }

        try
        {
            return JsonText.Parse(raw);
        }
        catch (FormatException e)
        {
            throw new FormatException($"protobuf field {owner} holds invalid JSON: {e.Message}", e);
        }
    }

    private static (string Key, JsonNode? Value) MapEntry(ReadOnlySpan<byte> payload, ProtoField field, string owner)
    {
        var key = "";
        JsonNode? value = null;
        var reader = new ProtoWireReader(payload);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is not (1 or 2))
            {
                reader.Skip(wireType);
                continue;
            }

            Expect(wireType, ProtoWireReader.LengthDelimited, number, owner);
            var bytes = reader.ReadLengthDelimited();
            if (number == 1)
            {
                key = Utf8(bytes);
            }
            else
            {
                value = field.Kind switch
                {
                    ProtoFieldKind.StringMap => JsonValue.Create(Utf8(bytes)),
                    ProtoFieldKind.BytesMap => JsonValue.Create(Convert.ToBase64String(bytes)),
                    _ => JsonValue.Create(QuantityString(bytes, owner)),
                };
            }
        }

        // An entry without a value carries the value type's zero value.
        value ??= field.Kind == ProtoFieldKind.QuantityMap ? JsonValue.Create("0") : JsonValue.Create("");
        return (key, value);
    }

    private static void Expect(int wireType, int expected, int number, string owner)
    {
        if (wireType != expected)
        {
            throw new FormatException(
                $"protobuf field {number} of {owner} has wire type {wireType}, expected {expected}");
        }
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
