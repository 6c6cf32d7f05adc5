using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>One <c>metadata.managedFields</c> entry: a manager, how it wrote (Apply or Update) and the fields it owns.</summary>
/// <param name="Manager">The field manager's name.</param>
/// <param name="Operation"><c>Apply</c> or <c>Update</c>.</param>
/// <param name="ApiVersion">The API version the manager wrote with.</param>
/// <param name="Time">When the manager's set last changed (RFC 3339), or null.</param>
/// <param name="Subresource">The subresource written through (<c>status</c>), empty for the object itself.</param>
/// <param name="Fields">The owned fields.</param>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string? Time, string Subresource, FieldSet Fields)
{
    /// <summary>The Apply operation.</summary>
    public const string Apply = "Apply";

    /// <summary>The Update operation (create, update, non-apply patch).</summary>
    public const string Update = "Update";

    /// <summary>
    /// True when both name the same manager as kube-apiserver identifies them: appliers by name and
    /// subresource, updaters also by API version.
    /// </summary>
    public bool SameManager(ManagedFieldsEntry other) =>
        other is not null
        && Manager == other.Manager
        && Operation == other.Operation
        && Subresource == other.Subresource
        && (Operation == Apply || ApiVersion == other.ApiVersion);

    /// <summary>The manager as conflict messages print it: <c>"name"</c>, plus <c> using v1</c> for updaters.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (Subresource.Length > 0)
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == Update ? $"{text} using {ApiVersion}" : text;
    }

    /// <summary>The entry as it is stored in <c>metadata.managedFields</c>.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            obj["time"] = Time;
        }

        obj["fieldsType"] = "FieldsV1";
        obj["fieldsV1"] = Fields.ToFieldsV1();
        if (Subresource.Length > 0)
        {
            obj["subresource"] = Subresource;
        }

        return obj;
    }

    /// <summary>Reads a stored entry; null when it is not a valid FieldsV1 entry.</summary>
    public static ManagedFieldsEntry? FromJson(JsonNode? node)
    {
        if (node is not JsonObject obj
            || Text(obj, "manager") is not { } manager
            || Text(obj, "operation") is not ({ } operation and (Apply or Update))
            || (Text(obj, "fieldsType") ?? "FieldsV1") != "FieldsV1")
        {
            return null;
        }

        try
        {
            var fields = obj["fieldsV1"] is null ? new FieldSet() : FieldSet.FromFieldsV1(obj["fieldsV1"]);
            return new ManagedFieldsEntry(manager, operation, Text(obj, "apiVersion") ?? string.Empty, Text(obj, "time"), Text(obj, "subresource") ?? string.Empty, fields);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
