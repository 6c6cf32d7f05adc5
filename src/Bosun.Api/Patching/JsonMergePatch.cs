using System.Text.Json.Nodes;
using Bosun.Api.Serialization;

namespace Bosun.Api.Patching;

/// <summary>
/// RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>) as kube-apiserver applies it with
/// evanphx/json-patch v4: <c>null</c> deletes a key, objects merge recursively, anything else replaces.
/// </summary>
/// <remarks>
/// Two departures from the RFC follow Kubernetes: a patch that is <c>null</c>, a string, a number or a
/// boolean is rejected with 400 "Invalid JSON Patch" (the RFC would replace the document), and nulls are
/// pruned from objects inside a replacing value, arrays included (the RFC keeps them inside arrays).
/// </remarks>
public static class JsonMergePatch
{
    /// <summary>The error evanphx returns (and the apiserver answers 400 with) for a patch that is not an object or array.</summary>
    public const string InvalidPatchMessage = "Invalid JSON Patch";

    /// <summary>Parses the patch body and applies it to a copy of <paramref name="target"/>.</summary>
    public static JsonNode? Apply(JsonNode? target, ReadOnlySpan<byte> patch)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonText.Parse(patch);
        }
        catch (FormatException)
        {
            throw PatchException.BadRequest(InvalidPatchMessage);
        }

        return Apply(target, parsed);
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="target"/>; neither input is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        switch (patch)
        {
            case JsonObject patchObject:
                if (target is not JsonObject targetObject)
                {
                    // Not a document to merge into: the pruned patch becomes the result.
                    return Prune(patchObject.DeepClone());
                }

                var result = (JsonObject)targetObject.DeepClone();
                MergeObjects(result, patchObject);
                return result;
            case JsonArray patchArray:
                return Prune(patchArray.DeepClone());
            default:
                throw PatchException.BadRequest(InvalidPatchMessage);
        }
    }

    private static void MergeObjects(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            if (!target.TryGetPropertyValue(key, out var current) || current is null)
            {
                target[key] = Prune(value.DeepClone());
                continue;
            }

            if (current is JsonObject currentObject)
            {
                if (value is JsonObject patchObject)
                {
                    MergeObjects(currentObject, patchObject);
                }
                else
                {
                    // evanphx returns a non-object patch over an object unpruned.
                    target[key] = value.DeepClone();
                }

                continue;
            }

            target[key] = Prune(value.DeepClone());
        }
    }

    // evanphx's pruneNulls: drops null members of objects at any depth, keeps null array elements.
    private static JsonNode Prune(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    Prune(value!);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Prune(item);
                    }
                }

                break;
        }

        return node;
    }
}
