using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>Removes the value a <see cref="FieldPath"/> names inside an object.</summary>
internal static class FieldNavigator
{
    /// <summary>
    /// Removes the value at <paramref name="path"/>; objects and lists left empty by the removal go too,
    /// as structured-merge-diff drops a map whose last item was removed.
    /// </summary>
    public static void Remove(JsonObject root, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > 0)
        {
            RemoveAt(root, path.Elements, 0);
        }
    }

    private static void RemoveAt(JsonNode parent, IReadOnlyList<string> elements, int index)
    {
        if (!TryChild(parent, elements[index], out var child, out var position))
        {
            return;
        }

        if (index < elements.Count - 1)
        {
            if (child is null)
            {
                return;
            }

            RemoveAt(child, elements, index + 1);
            if (!(child is JsonObject { Count: 0 } || child is JsonArray { Count: 0 }))
            {
                return;
            }
        }

        switch (parent)
        {
            case JsonObject obj:
                obj.Remove(elements[index][2..]);
                break;
            case JsonArray list:
                list.RemoveAt(position);
                break;
        }
    }

    private static bool TryChild(JsonNode? node, string element, out JsonNode? child, out int position)
    {
        child = null;
        position = -1;
        switch (element[0])
        {
            case 'f' when node is JsonObject obj:
                return obj.TryGetPropertyValue(element[2..], out child);
            case 'k' when node is JsonArray list:
                var key = JsonNode.Parse(element[2..]) as JsonObject ?? [];
                return TryItem(list, item => item is JsonObject obj && key.All(k => JsonNode.DeepEquals(obj[k.Key], k.Value)), out child, out position);
            case 'v' when node is JsonArray list:
                var value = JsonNode.Parse(element[2..]);
                return TryItem(list, item => JsonNode.DeepEquals(item, value), out child, out position);
            case 'i' when node is JsonArray list && int.TryParse(element[2..], out var index) && index >= 0 && index < list.Count:
                (child, position) = (list[index], index);
                return true;
            default:
                return false;
        }
    }

    private static bool TryItem(JsonArray list, Func<JsonNode?, bool> match, out JsonNode? child, out int position)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (match(list[i]))
            {
                (child, position) = (list[i], i);
                return true;
            }
        }

        (child, position) = (null, -1);
        return false;
    }
}
