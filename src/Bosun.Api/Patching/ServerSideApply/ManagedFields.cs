using System.Text.Json.Nodes;
using Bosun.Api.Objects;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>Reads and writes an object's <c>metadata.managedFields</c>.</summary>
internal static class ManagedFields
{
    /// <summary>The valid entries of <paramref name="obj"/>; malformed ones are dropped.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj) =>
        obj?["metadata"]?["managedFields"] is JsonArray list
            ? [.. list.Select(ManagedFieldsEntry.FromJson).OfType<ManagedFieldsEntry>()]
            : [];

    /// <summary>Stores <paramref name="entries"/>, leaving out empty ones; no entries removes the field.</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kept = entries.Where(e => !e.Fields.IsEmpty).Select(e => (JsonNode)e.ToJson()).ToArray();
        obj.SetMeta("managedFields", kept.Length == 0 ? null : new JsonArray(kept));
    }

    /// <summary>
    /// True when a write asks to strip managedFields: a list holding one empty entry, as kube-apiserver
    /// documents (an empty list keeps them, so clients unaware of the field never wipe it).
    /// </summary>
    public static bool IsReset(JsonObject obj) =>
        obj["metadata"]?["managedFields"] is JsonArray { Count: 1 } list && list[0] is JsonObject { Count: 0 };
}
