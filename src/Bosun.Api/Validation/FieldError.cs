using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Api.Validation;

/// <summary>
/// One field-level validation failure, as Kubernetes' <c>field.Error</c>. <see cref="ToString"/> gives
/// Kubernetes' text, e.g. <c>metadata.name: Invalid value: "Foo_Bar": a lowercase RFC 1123 subdomain ...</c>.
/// </summary>
/// <param name="Type">One of <see cref="FieldErrorType"/>'s values.</param>
/// <param name="Field">The field path, e.g. <c>metadata.name</c> or <c>spec.containers[0].image</c>.</param>
/// <param name="BadValue">
/// The offending value. Rendered as Go does: a string quoted (<c>%q</c>); a number or bool bare; a
/// <see cref="JsonNode"/> or a list as JSON; <see langword="null"/> as <c>null</c>. Only
/// Invalid/NotSupported/Duplicate/NotFound/TypeInvalid/TooMany errors show it.
/// </param>
/// <param name="Detail">The explanation (may be empty).</param>
public sealed record FieldError(string Type, string Field, object? BadValue, string Detail)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A required value is missing (<c>Required value</c>).</summary>
    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, "", detail);

    /// <summary>A malformed value (<c>Invalid value: "x": detail</c>).</summary>
    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    /// <summary>A value outside an enumeration; the detail lists the supported values.</summary>
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> validValues)
    {
        ArgumentNullException.ThrowIfNull(validValues);
        var quoted = validValues.Select(GoText.Quote).ToList();
        var detail = quoted.Count > 0 ? "supported values: " + string.Join(", ", quoted) : "";
        return new(FieldErrorType.NotSupported, field, value, detail);
    }

    /// <summary>A well-formed value that is not allowed here (<c>Forbidden: detail</c>).</summary>
    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, "", detail);

    /// <summary>A value longer than <paramref name="maxLength"/> bytes; the value is not echoed.</summary>
    public static FieldError TooLong(string field, int maxLength)
    {
        var detail = maxLength >= 0
            ? $"may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}"
            : "value is too long";
        return new(FieldErrorType.TooLong, field, "<value omitted>", detail);
    }

    /// <summary>A repeated value that must be unique.</summary>
    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");

    /// <summary>A value that was looked up and not found.</summary>
    public static FieldError NotFound(string field, object? value) => new(FieldErrorType.NotFound, field, value, "");

    /// <summary>A value of the wrong JSON type.</summary>
    public static FieldError TypeInvalid(string field, object? value, string detail) => new(FieldErrorType.TypeInvalid, field, value, detail);

    /// <summary>The message without the field path (what a <c>StatusCause.message</c> carries).</summary>
    public string ErrorBody()
    {
        string text;
        switch (Type)
        {
            case FieldErrorType.Required:
            case FieldErrorType.Forbidden:
            case FieldErrorType.TooLong:
            case FieldErrorType.Internal:
                text = FieldErrorType.Describe(Type);
                break;
            case FieldErrorType.Invalid:
            case FieldErrorType.TypeInvalid:
            case FieldErrorType.NotSupported:
            case FieldErrorType.NotFound:
            case FieldErrorType.Duplicate:
            case FieldErrorType.TooMany:
                text = FieldErrorType.Describe(Type) + ": " + FormatValue(BadValue);
                break;
            default:
                text = FieldErrorType.Describe(FieldErrorType.Internal) + ": unhandled error code: "
                    + FieldErrorType.Describe(Type) + ": please report this";
                break;
        }

        return Detail.Length == 0 ? text : text + ": " + Detail;
    }

    /// <summary>Kubernetes' text: <c>&lt;field&gt;: &lt;body&gt;</c>.</summary>
    public override string ToString() => Field + ": " + ErrorBody();

    /// <summary>
    /// Kubernetes' aggregate of a list of errors (<c>ErrorList.ToAggregate().Error()</c>): duplicates
    /// removed, one error bare, several as <c>[e1, e2]</c>; empty string for none.
    /// </summary>
    public static string Aggregate(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var messages = new List<string>();
        foreach (var error in errors)
        {
            var message = error.ToString();
            if (seen.Add(message))
            {
                messages.Add(message);
            }
        }

        return messages.Count switch
        {
            0 => "",
            1 => messages[0],
            _ => "[" + string.Join(", ", messages) + "]",
        };
    }

    /// <summary>
    /// The message of Kubernetes' 422 Invalid status (<c>errors.NewInvalid</c>):
    /// <c>&lt;Kind[.group]&gt; "&lt;name&gt;" is invalid: &lt;aggregate&gt;</c>.
    /// </summary>
    /// <param name="kind">The kind, e.g. <c>Deployment</c>.</param>
    /// <param name="group">The API group; empty for the core group.</param>
    /// <param name="name">The object's name (may be empty).</param>
    /// <param name="errors">The field errors.</param>
    public static string FormatInvalidMessage(string kind, string group, string? name, IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var qualifiedKind = string.IsNullOrEmpty(group) ? kind : kind + "." + group;
        var aggregate = Aggregate(errors);
        var head = qualifiedKind + " " + GoText.Quote(name ?? "") + " is invalid";
        return aggregate.Length == 0 ? head : head + ": " + aggregate;
    }

    /// <summary>Renders a bad value the way Kubernetes' error text does.</summary>
    internal static string FormatValue(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return GoText.Quote(s);
            case JsonValue jsonString when jsonString.GetValueKind() == JsonValueKind.String:
                return GoText.Quote(jsonString.GetValue<string>());
            case bool b:
                return b ? "true" : "false";
            case long or int or short or sbyte or ulong or uint or ushort or byte:
                return Convert.ToString(value, CultureInfo.InvariantCulture)!;
            case double d:
                return d.ToString("R", CultureInfo.InvariantCulture);
            case float f:
                return f.ToString("R", CultureInfo.InvariantCulture);
            case JsonNode node:
                return node.ToJsonString(JsonOptions);
            case IEnumerable<string> strings:
                return JsonSerializer.Serialize(strings, JsonOptions);
            case IEnumerable items:
                var sb = new StringBuilder("[");
                var first = true;
                foreach (var item in items)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    sb.Append(item is JsonNode n ? n.ToJsonString(JsonOptions) : JsonSerializer.Serialize(item, JsonOptions));
                }

                return sb.Append(']').ToString();
            default:
                return value.ToString() ?? "";
        }
    }
}
