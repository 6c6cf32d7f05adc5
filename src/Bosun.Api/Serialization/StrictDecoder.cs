using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Bosun.Api.Patching;

namespace Bosun.Api.Serialization;

/// <summary>
/// The strict checks kube-apiserver runs for <c>fieldValidation=Strict|Warn</c> (sigs.k8s.io/json's
/// <c>UnmarshalStrict</c>): unknown fields and repeated fields, reported by full path in document order,
/// worded as the apiserver words them (<c>unknown field "spec.containers[0].imagee"</c>,
/// <c>duplicate field "metadata.name"</c>), de-duplicated and capped at <see cref="MaxErrors"/>.
/// </summary>
/// <remarks>
/// Field maps come from the KubernetesClient models' <see cref="JsonPropertyNameAttribute"/> properties
/// and are cached per type. IntOrString, ResourceQuantity, byte[], timestamps and <c>object</c> fields
/// accept anything, as their Go counterparts (custom unmarshalers, RawExtension) do. A server returns the
/// messages as a 400 (<see cref="FormatError"/>) for Strict or as <c>Warning</c> headers for Warn.
/// </remarks>
public static class StrictDecoder
{
    /// <summary>sigs.k8s.io/json stops collecting after this many errors.</summary>
    public const int MaxErrors = 100;

    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    private static readonly Shape JsonPatchShape = new ListShape(new FixedShape(new Dictionary<string, Shape>
    {
        ["op"] = Shape.Opaque,
        ["path"] = Shape.Opaque,
        ["from"] = Shape.Opaque,
        ["value"] = Shape.Untyped,
    }));

    /// <summary>
    /// Unknown and duplicate fields of <paramref name="utf8Json"/> decoded as <paramref name="modelType"/>
    /// (e.g. <c>typeof(V1Pod)</c>); empty when there are none. Throws <see cref="FormatException"/> (with the byte
    /// offset) when the body is not JSON.
    /// </summary>
    public static IReadOnlyList<string> Validate(ReadOnlySpan<byte> utf8Json, Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        return Walk(utf8Json, ShapeOf(modelType), rootTypeMeta: true);
    }

    /// <summary>
    /// Duplicate fields anywhere in an untyped body, as a merge patch or strategic merge patch body is checked
    /// (<c>duplicate field "spec.paused"</c>).
    /// </summary>
    public static IReadOnlyList<string> FindDuplicateFields(ReadOnlySpan<byte> utf8Json) =>
        Walk(utf8Json, Shape.Untyped, rootTypeMeta: false);

    /// <summary>
    /// Strict errors of a JSON patch body's operations, prefixed as the apiserver prefixes them
    /// (<c>json patch unknown field "[0].foo"</c>, <c>json patch duplicate field "[1].path"</c>).
    /// </summary>
    public static IReadOnlyList<string> ValidateJsonPatch(ReadOnlySpan<byte> utf8Json) =>
        [.. Walk(utf8Json, JsonPatchShape, rootTypeMeta: false).Select(e => "json patch " + e)];

    /// <summary>
    /// The message of the 400 a Strict request gets: <c>strict decoding error: </c> followed by go-yaml's
    /// duplicate-key errors (for YAML bodies, see <see cref="YamlJson"/>) and then the field errors.
    /// </summary>
    public static string FormatError(IEnumerable<string> errors, IEnumerable<string>? yamlDuplicateKeyErrors = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var parts = new List<string>();
        var yaml = yamlDuplicateKeyErrors?.ToList() ?? [];
        if (yaml.Count > 0)
        {
            parts.Add("yaml: unmarshal errors:\n  " + string.Join("\n  ", yaml));
        }

        parts.AddRange(errors);
        return "strict decoding error: " + string.Join(", ", parts);
    }

    private static List<string> Walk(ReadOnlySpan<byte> utf8Json, Shape rootShape, bool rootTypeMeta)
    {
        var errors = new Errors();
        var reader = new Utf8JsonReader(utf8Json, JsonText.Options);
        var stack = new Stack<Frame>();
        var pendingShape = rootShape;
        var pendingPath = string.Empty;
        try
        {
            if (!reader.Read())
            {
                throw JsonText.SyntaxError(utf8Json, utf8Json.Length, "unexpected end of JSON input");
            }

            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var frame = stack.Peek();
                        var key = reader.GetString()!;
                        pendingPath = Join(frame.Path, key);
                        pendingShape = frame.Child(key, pendingPath, errors, rootTypeMeta && stack.Count == 1);
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.Pop();
                        continue;
                }

                var shape = pendingShape;
                var path = pendingPath;
                if (stack.Count > 0 && stack.Peek().IsArray)
                {
                    var array = stack.Peek();
                    array.Index++;
                    shape = array.Shape;
                    path = array.Path + "[" + array.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    stack.Push(new Frame(shape is ListShape ? Shape.Opaque : shape, path, isArray: false));
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var element = shape switch
                    {
                        ListShape list => list.Element,
                        UntypedShape => Shape.Untyped,
                        _ => Shape.Opaque,
                    };
                    stack.Push(new Frame(element, path, isArray: true));
                }
            }
            while (reader.Read());
        }
        catch (JsonException e)
        {
            throw JsonText.FromReaderException(utf8Json, e);
        }

        return errors.List;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static Shape ShapeOf(Type type) => Shapes.GetOrAdd(type, Build);

    private static Shape Build(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan)
            || type == typeof(Guid) || type == typeof(byte[]) || type == typeof(object)
            || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement)
            || type.GetCustomAttribute<JsonConverterAttribute>() is not null)
        {
            return Shape.Opaque;
        }

        var dictionary = FindGeneric(type, typeof(IDictionary<,>)) ?? FindGeneric(type, typeof(IReadOnlyDictionary<,>));
        if (dictionary is not null)
        {
            var args = dictionary.GetGenericArguments();
            return args[0] == typeof(string) ? new MapShape(args[1]) : Shape.Opaque;
        }

        if (type.IsArray)
        {
            return new ListShape(ShapeOf(type.GetElementType()!));
        }

        var enumerable = FindGeneric(type, typeof(IEnumerable<>));
        if (enumerable is not null)
        {
            return new ListShape(ShapeOf(enumerable.GetGenericArguments()[0]));
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return Shape.Opaque;
        }

        var fields = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is not null && property.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            {
                fields[name] = property;
            }
        }

        return fields.Count == 0 ? Shape.Opaque : new StructShape(fields);
    }

    private static Type? FindGeneric(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
        {
            return type;
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
    }

    private sealed class Errors
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> List { get; } = [];

        public void Add(string kind, string path)
        {
            if (List.Count >= MaxErrors)
            {
                return;
            }

            var message = new StringBuilder(kind).Append(' ').Append(GoValues.Quote(path)).ToString();
            if (_seen.Add(message))
            {
                List.Add(message);
            }
        }
    }

    private sealed class Frame(Shape shape, string path, bool isArray)
    {
        private HashSet<string>? _seen;

        public Shape Shape { get; } = shape;

        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        // The shape of the value under `key`, reporting the key as unknown or repeated on the way.
        public Shape Child(string key, string path, Errors errors, bool isRootOfModel)
        {
            switch (Shape)
            {
                case StructShape or FixedShape:
                    var child = Shape.Field(key);
                    if (child is null)
                    {
                        if (!(isRootOfModel && key is "apiVersion" or "kind"))
                        {
                            errors.Add("unknown field", path);
                        }

                        return Shape.Opaque;
                    }

                    CheckDuplicate(key, path, errors);
                    return child;
                case MapShape map:
                    CheckDuplicate(key, path, errors);
                    return map.Value;
                case UntypedShape:
                    CheckDuplicate(key, path, errors);
                    return Shape.Untyped;
                default:
                    return Shape.Opaque;
            }
        }

        private void CheckDuplicate(string key, string path, Errors errors)
        {
            _seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!_seen.Add(key))
            {
                errors.Add("duplicate field", path);
            }
        }
    }

    private abstract class Shape
    {
        public static readonly Shape Opaque = new OpaqueShape();

        public static readonly Shape Untyped = new UntypedShape();

        public virtual Shape? Field(string name) => null;
    }

    // Scalars and values with their own unmarshaler: nothing inside is checked.
    private sealed class OpaqueShape : Shape;

    // interface{}: repeated keys are reported at every depth, nothing is unknown.
    private sealed class UntypedShape : Shape;

    private sealed class ListShape(Shape element) : Shape
    {
        public Shape Element { get; } = element;
    }

    private sealed class MapShape(Type valueType) : Shape
    {
        private Shape? _value;

        public Shape Value => _value ??= ShapeOf(valueType);
    }

    private sealed class StructShape(Dictionary<string, PropertyInfo> fields) : Shape
    {
        private readonly ConcurrentDictionary<string, Shape> _resolved = new(StringComparer.Ordinal);

        public override Shape? Field(string name)
        {
            if (!fields.TryGetValue(name, out var property))
            {
                return null;
            }

            return _resolved.GetOrAdd(name, _ =>
                property.GetCustomAttribute<JsonConverterAttribute>() is not null ? Opaque : ShapeOf(property.PropertyType));
        }
    }

    private sealed class FixedShape(Dictionary<string, Shape> fields) : Shape
    {
        public override Shape? Field(string name) => fields.GetValueOrDefault(name);
    }
}
