using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing;

/// <summary>
/// Tolerant readers over an object's JSON for table cells: a missing field, or one of another JSON
/// type, reads as absent, because printing must never fail on a partial or odd object.
/// </summary>
public static class JsonCells
{
    /// <summary>The property <paramref name="name"/> of an object, or an undefined element.</summary>
    public static JsonElement Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A nested property: <c>Path(obj, "spec", "template", "spec")</c>.</summary>
    public static JsonElement Path(this JsonElement element, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            element = element.Prop(name);
        }

        return element;
    }

    /// <summary>A string property, or null.</summary>
    public static string? Str(this JsonElement element, string name)
    {
        var value = element.Prop(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>An integer property, or null.</summary>
    public static long? NumberOrNull(this JsonElement element, string name)
    {
        var value = element.Prop(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
    }

    /// <summary>An integer property, 0 when absent (Go's zero value).</summary>
    public static long Number(this JsonElement element, string name) => element.NumberOrNull(name) ?? 0;

    /// <summary>A boolean property, or null.</summary>
    public static bool? BoolOrNull(this JsonElement element, string name) =>
        element.Prop(name).ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };

    /// <summary>The items of an array property (none when absent).</summary>
    public static JsonElement.ArrayEnumerator Items(this JsonElement element, string name)
    {
        var value = element.Prop(name);
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : default;
    }

    /// <summary>The number of items of an array property, or of members of an object property.</summary>
    public static int Count(this JsonElement element, string name)
    {
        var value = element.Prop(name);
        return value.ValueKind switch
        {
            JsonValueKind.Array => value.GetArrayLength(),
            JsonValueKind.Object => CountMembers(value),
            _ => 0,
        };
    }

    /// <summary>A scalar as text: strings as they are, numbers in their JSON form (an IntOrString, a quantity).</summary>
    public static string? Scalar(this JsonElement element, string name)
    {
        var value = element.Prop(name);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>metadata.name, "" when absent.</summary>
    public static string Name(JsonElement obj) => obj.Prop("metadata").Str("name") ?? "";

    /// <summary>The age of the object (metadata.creationTimestamp) as kubectl shows it.</summary>
    public static object Age(JsonElement obj) =>
        TimeOf(obj.Prop("metadata"), "creationTimestamp") is { } created ? TimeCell.Age(created) : "<unknown>";

    /// <summary>
    /// A timestamp property, or null. Reads the UTF-8 directly (no string, no culture-aware parse):
    /// ages are computed for every row of every table.
    /// </summary>
    public static DateTimeOffset? TimeOf(JsonElement element, string name)
    {
        var value = element.Prop(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return value.TryGetDateTimeOffset(out var time) ? time : Time(value.GetString());
    }

    /// <summary>Whether metadata.deletionTimestamp is set.</summary>
    public static bool IsDeleting(JsonElement obj) => obj.Prop("metadata").Str("deletionTimestamp") is { Length: > 0 };

    /// <summary>An integer as invariant text.</summary>
    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the conditions array holds <paramref name="type"/> with status True.</summary>
    public static bool HasTrueCondition(JsonElement status, string type)
    {
        foreach (var condition in status.Items("conditions"))
        {
            if (condition.Str("type") == type && condition.Str("status") == "True")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses an RFC 3339 timestamp.</summary>
    public static DateTimeOffset? Time(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static int CountMembers(JsonElement obj)
    {
        var count = 0;
        foreach (var _ in obj.EnumerateObject())
        {
            count++;
        }

        return count;
    }
}
