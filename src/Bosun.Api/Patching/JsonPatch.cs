using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Serialization;

namespace Bosun.Api.Patching;

/// <summary>
/// An RFC 6902 JSON patch (<c>application/json-patch+json</c>) that applies exactly as kube-apiserver
/// applies one with evanphx/json-patch v4, quirks included: negative array indices count from the end,
/// <c>replace</c> of a missing object key adds it, <c>copy</c> from a missing key copies <c>null</c>.
/// </summary>
/// <remarks>
/// A malformed patch is a 400; more than <see cref="MaxOperations"/> operations a 413; an operation
/// that does not apply a 422 whose message is the apiserver's generic text (the evanphx error is in
/// <see cref="PatchException.Detail"/>).
/// </remarks>
public sealed class JsonPatch
{
    /// <summary>The most operations kube-apiserver accepts in one patch.</summary>
    public const int MaxOperations = 10000;

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");

    private readonly JsonObject?[] _operations;

    private JsonPatch(JsonObject?[] operations) => _operations = operations;

    /// <summary>Number of operations in the patch.</summary>
    public int Count => _operations.Length;

    /// <summary>Parses a patch body; throws <see cref="PatchException"/> (400 or 413) when it is not a patch.</summary>
    public static JsonPatch Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? root;
        try
        {
            root = JsonText.Parse(utf8Json);
        }
        catch (FormatException e)
        {
            throw PatchException.BadRequest(e.Message);
        }

        return Parse(root);
    }

    /// <summary>Builds a patch from an already parsed body; throws <see cref="PatchException"/> like <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public static JsonPatch Parse(JsonNode? patch)
    {
        if (patch is null)
        {
            return new JsonPatch([]);
        }

        if (patch is not JsonArray array)
        {
            throw PatchException.BadRequest($"json: cannot unmarshal {GoJsonType(patch)} into Go value of type jsonpatch.Patch");
        }

        var operations = new JsonObject?[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            operations[i] = array[i] switch
            {
                null => null,
                JsonObject op => (JsonObject)op.DeepClone(),
                var other => throw PatchException.BadRequest(
                    $"json: cannot unmarshal {GoJsonType(other)} into Go value of type jsonpatch.Operation"),
            };
        }

        if (operations.Length > MaxOperations)
        {
            throw new PatchException(
                413,
                "RequestEntityTooLarge",
                $"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Length}",
                null);
        }

        return new JsonPatch(operations);
    }

    /// <summary>Parses and applies in one step.</summary>
    public static JsonNode Apply(JsonNode document, ReadOnlySpan<byte> patch) => Parse(patch).Apply(document);

    /// <summary>
    /// Applies the patch to a copy of <paramref name="document"/> (an object or an array) and returns the copy.
    /// The patch can be applied again, e.g. when an update is retried after a conflict.
    /// </summary>
    public JsonNode Apply(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document is not JsonObject and not JsonArray)
        {
            throw PatchException.Invalid($"json: cannot unmarshal {GoJsonType(document)} into Go value of type jsonpatch.partialDoc");
        }

        var root = document.DeepClone();
        foreach (var op in _operations)
        {
            var error = Kind(op) switch
            {
                "add" => Add(root, op!),
                "remove" => Remove(root, op!),
                "replace" => Replace(ref root, op!),
                "move" => Move(root, op!),
                "test" => Test(root, op!),
                "copy" => Copy(root, op!),
                var kind => $"Unexpected kind: {kind}",
            };
            if (error is not null)
            {
                throw PatchException.Invalid(error);
            }
        }

        return root;
    }

    private static string Kind(JsonObject? op) =>
        op is not null && op.TryGetPropertyValue("op", out var kind) && GoValues.KindOf(kind) == GoKind.String
            ? kind!.GetValue<string>()
            : "unknown";

    // Returns the pointer, or the evanphx error text when it cannot be read.
    private static string? Pointer(JsonObject op, string name, out string? error)
    {
        error = null;
        if (!op.TryGetPropertyValue(name, out var node) || node is null)
        {
            error = name == "path"
                ? "operation missing path field: missing value"
                : "operation, missing from field: missing value";
            return null;
        }

        if (GoValues.KindOf(node) != GoKind.String)
        {
            error = $"json: cannot unmarshal {GoJsonType(node)} into Go value of type string";
            return null;
        }

        return node.GetValue<string>();
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : null;

    private static string? Add(JsonNode root, JsonObject op)
    {
        var path = Pointer(op, "path", out var pathError);
        if (pathError is not null)
        {
            return "add operation failed to decode path: missing value";
        }

        var (container, key) = FindObject(root, path!);
        if (container is null)
        {
            return $"add operation does not apply: doc is missing path: \"{path}\": missing value";
        }

        var error = AddTo(container, key, Value(op));
        return error is null ? null : $"error in add for path: '{path}': {error}";
    }

    private static string? Remove(JsonNode root, JsonObject op)
    {
        var path = Pointer(op, "path", out var pathError);
        if (pathError is not null)
        {
            return "remove operation failed to decode path: missing value";
        }

        var (container, key) = FindObject(root, path!);
        if (container is null)
        {
            return $"remove operation does not apply: doc is missing path: \"{path}\": missing value";
        }

        var error = RemoveFrom(container, key, out _);
        return error is null ? null : $"error in remove for path: '{path}': {error}";
    }

    private static string? Replace(ref JsonNode root, JsonObject op)
    {
        var path = Pointer(op, "path", out var pathError);
        if (pathError is not null)
        {
            return $"replace operation failed to decode path: {pathError}";
        }

        if (path!.Length == 0)
        {
            var whole = Value(op);
            if (whole is not JsonObject and not JsonArray)
            {
                // evanphx wraps a nil error here, which Go prints as %!w(<nil>).
                return "replace operation value must be object or array: %!w(<nil>)";
            }

            root = whole;
            return null;
        }

        var (container, key) = FindObject(root, path);
        if (container is null)
        {
            return $"replace operation does not apply: doc is missing path: {path}: missing value";
        }

        if (Get(container, key, out _) is not null)
        {
            return $"replace operation does not apply: doc is missing key: {path}: missing value";
        }

        // A missing object key is not an error in evanphx v4: replace then behaves like add.
        var error = Set(container, key, Value(op));
        return error is null ? null : $"error in remove for path: '{path}': {error}";
    }

    private static string? Move(JsonNode root, JsonObject op)
    {
        var from = Pointer(op, "from", out var fromError);
        if (fromError is not null)
        {
            return $"move operation failed to decode from: {fromError}";
        }

        var (source, sourceKey) = FindObject(root, from!);
        if (source is null)
        {
            return $"move operation does not apply: doc is missing from path: {from}: missing value";
        }

        var error = Get(source, sourceKey, out _);
        if (error is not null)
        {
            return $"error in move for path: '{sourceKey}': {error}";
        }

        error = RemoveFrom(source, sourceKey, out var value);
        if (error is not null)
        {
            return $"error in move for path: '{sourceKey}': {error}";
        }

        var path = Pointer(op, "path", out var pathError);
        if (pathError is not null)
        {
            return $"move operation failed to decode path: {pathError}";
        }

        var (target, key) = FindObject(root, path!);
        if (target is null)
        {
            return $"move operation does not apply: doc is missing destination path: {path}: missing value";
        }

        error = AddTo(target, key, value);
        return error is null ? null : $"error in move for path: '{path}': {error}";
    }

    private static string? Test(JsonNode root, JsonObject op)
    {
        var path = Pointer(op, "path", out var pathError);
        if (pathError is not null)
        {
            return $"test operation failed to decode path: {pathError}";
        }

        var expected = Value(op);
        if (path!.Length == 0)
        {
            return PatchEqual(root, expected) ? null : $"testing value {path} failed: test failed";
        }

        var (container, key) = FindObject(root, path);
        if (container is null)
        {
            return $"test operation does not apply: is missing path: {path}: missing value";
        }

        var error = Get(container, key, out var actual);
        if (error is not null)
        {
            return $"error in test for path: '{path}': {error}";
        }

        if (actual is null)
        {
            // A missing key and a JSON null are the same to evanphx, and both match a null or absent value.
            return expected is null ? null : $"testing value {path} failed: test failed";
        }

        return expected is not null && PatchEqual(actual, expected) ? null : $"testing value {path} failed: test failed";
    }

    private static string? Copy(JsonNode root, JsonObject op)
    {
        var from = Pointer(op, "from", out var fromError);
        if (fromError is not null)
        {
            return $"copy operation failed to decode from: {fromError}";
        }

        var (source, sourceKey) = FindObject(root, from!);
        if (source is null)
        {
            return $"copy operation does not apply: doc is missing from path: {from}: missing value";
        }

        var error = Get(source, sourceKey, out var value);
        if (error is not null)
        {
            return $"error in copy for from: '{from}': {error}";
        }

        var path = Pointer(op, "path", out var pathError);
        if (pathError is not null)
        {
            return "copy operation failed to decode path: missing value";
        }

        var (target, key) = FindObject(root, path!);
        if (target is null)
        {
            return $"copy operation does not apply: doc is missing destination path: {path}: missing value";
        }

        error = AddTo(target, key, value?.DeepClone());
        return error is null ? null : $"error while adding value during copy: {error}";
    }

    // evanphx's findObject: walks every segment but the last, which it returns decoded.
    private static (JsonNode? Container, string Key) FindObject(JsonNode root, string path)
    {
        var split = path.Split('/');
        if (split.Length < 2)
        {
            return (null, string.Empty);
        }

        var doc = root;
        for (var i = 1; i < split.Length - 1; i++)
        {
            if (Get(doc, DecodeKey(split[i]), out var next) is not null || next is null)
            {
                return (null, string.Empty);
            }

            if (next is not JsonObject and not JsonArray)
            {
                return (null, string.Empty);
            }

            doc = next;
        }

        return (doc, DecodeKey(split[^1]));
    }

    // RFC 6901 unescaping in one left-to-right pass, as Go's strings.Replacer does it.
    private static string DecodeKey(string segment)
    {
        if (!segment.Contains('~', StringComparison.Ordinal))
        {
            return segment;
        }

        var builder = new System.Text.StringBuilder(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '~' && i + 1 < segment.Length && (segment[i + 1] == '1' || segment[i + 1] == '0'))
            {
                builder.Append(segment[i + 1] == '1' ? '/' : '~');
                i++;
            }
            else
            {
                builder.Append(segment[i]);
            }
        }

        return builder.ToString();
    }

    private static string? Get(JsonNode container, string key, out JsonNode? value)
    {
        value = null;
        if (container is JsonObject obj)
        {
            obj.TryGetPropertyValue(key, out value);
            return null;
        }

        var array = (JsonArray)container;
        var error = Atoi(key, out var index);
        if (error is not null)
        {
            return error;
        }

        if (index < 0)
        {
            if (index < -array.Count)
            {
                return InvalidIndex(index);
            }

            index += array.Count;
        }

        if (index >= array.Count)
        {
            return InvalidIndex(index);
        }

        value = array[(int)index];
        return null;
    }

    private static string? Set(JsonNode container, string key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[key] = value;
            return null;
        }

        var array = (JsonArray)container;
        var error = Atoi(key, out var index);
        if (error is not null)
        {
            return error;
        }

        if (index < 0)
        {
            index += array.Count;
        }

        array[(int)index] = value;
        return null;
    }

    private static string? AddTo(JsonNode container, string key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[key] = value;
            return null;
        }

        var array = (JsonArray)container;
        if (key == "-")
        {
            array.Add(value);
            return null;
        }

        var error = Atoi(key, out var index);
        if (error is not null)
        {
            return $"value was not a proper array index: '{key}': {error}";
        }

        var size = array.Count + 1;
        if (index >= size)
        {
            return InvalidIndex(index);
        }

        if (index < 0)
        {
            if (index < -size)
            {
                return InvalidIndex(index);
            }

            index += size;
        }

        array.Insert((int)index, value);
        return null;
    }

    private static string? RemoveFrom(JsonNode container, string key, out JsonNode? removed)
    {
        removed = null;
        if (container is JsonObject obj)
        {
            if (!obj.TryGetPropertyValue(key, out removed))
            {
                return $"Unable to remove nonexistent key: {key}: missing value";
            }

            obj.Remove(key);
            return null;
        }

        var array = (JsonArray)container;
        var error = Atoi(key, out var index);
        if (error is not null)
        {
            return error;
        }

        if (index >= array.Count)
        {
            return InvalidIndex(index);
        }

        if (index < 0)
        {
            if (index < -array.Count)
            {
                return InvalidIndex(index);
            }

            index += array.Count;
        }

        removed = array[(int)index];
        array.RemoveAt((int)index);
        return null;
    }

    private static string InvalidIndex(long index) =>
        $"Unable to access invalid index: {index.ToString(CultureInfo.InvariantCulture)}: invalid index referenced";

    // Go's strconv.Atoi: optional sign, decimal digits only.
    private static string? Atoi(string text, out long value)
    {
        value = 0;
        var digits = text.AsSpan();
        if (digits.Length > 0 && (digits[0] == '+' || digits[0] == '-'))
        {
            digits = digits[1..];
        }

        if (digits.Length == 0 || digits.ContainsAnyExcept(Digits))
        {
            return $"strconv.Atoi: parsing {GoValues.Quote(text)}: invalid syntax";
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return $"strconv.Atoi: parsing {GoValues.Quote(text)}: value out of range";
        }

        return null;
    }

    // evanphx's lazyNode.equal: structural for objects and arrays, literal for scalars.
    private static bool PatchEqual(JsonNode? a, JsonNode? b)
    {
        switch (a)
        {
            case JsonObject left:
                if (b is not JsonObject right || left.Count != right.Count)
                {
                    return false;
                }

                foreach (var (key, value) in left)
                {
                    if (!right.TryGetPropertyValue(key, out var other))
                    {
                        return false;
                    }

                    if ((value is null) != (other is null))
                    {
                        return false;
                    }

                    if (value is not null && !PatchEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray leftArray:
                if (b is not JsonArray rightArray || leftArray.Count != rightArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftArray.Count; i++)
                {
                    if (!PatchEqual(leftArray[i], rightArray[i]))
                    {
                        return false;
                    }
                }

                return true;
            case null:
                return b is null;
        }

        if (b is null or JsonObject or JsonArray)
        {
            return false;
        }

        var kind = a.GetValueKind();
        if (kind != b.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.String => a.GetValue<string>() == b.GetValue<string>(),
            JsonValueKind.Number => GoValues.NumberText(a) == GoValues.NumberText(b),
            _ => true,
        };
    }

    /// <summary>The JSON type name Go's decoder reports in "cannot unmarshal X into ...".</summary>
    internal static string GoJsonType(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "bool",
        },
    };
}
