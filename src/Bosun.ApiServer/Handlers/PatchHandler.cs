using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.Api.Patching;
using Bosun.Api.Serialization;

namespace Bosun.ApiServer.Handlers;

/// <summary>Applies a PATCH body to the current object according to its content type.</summary>
internal static class PatchHandler
{
    public const string JsonPatchType = "application/json-patch+json";
    public const string MergePatchType = "application/merge-patch+json";
    public const string StrategicMergePatchType = "application/strategic-merge-patch+json";
    public const string ApplyPatchType = "application/apply-patch+yaml";

    /// <summary>The patch types served for a kind, in Kubernetes' order; apply only where <paramref name="apply"/> is true.</summary>
    public static IReadOnlyList<string> SupportedTypes(ResourceDefinition resource, bool apply = true)
    {
        List<string> types = StrategicMergePatch.IsSupported(resource.Group, resource.Kind)
            ? [JsonPatchType, MergePatchType, StrategicMergePatchType]
            : [JsonPatchType, MergePatchType];
        if (apply)
        {
            types.Add(ApplyPatchType);
        }

        return types;
    }

    /// <summary>Checks the content type before anything is read; unsupported ones are a 415.</summary>
    public static void CheckType(ResourceDefinition resource, string mediaType, bool apply = true)
    {
        if (!SupportedTypes(resource, apply).Contains(mediaType))
        {
            throw ApiException.UnsupportedMediaType(mediaType, SupportedTypes(resource, apply));
        }
    }

    /// <summary>
    /// The applied configuration of an apply patch: YAML or JSON (JSON being YAML), an object; and whether the
    /// body was JSON.
    /// </summary>
    public static (JsonObject Applied, bool IsJson) ReadApplied(byte[] patch)
    {
        // JSON (what kubectl sends) is read with the JSON reader, to the object the YAML reader would give.
        if (YamlJsonFastPath.TryConvert(patch) is { } json)
        {
            return (ObjectJson.ParseObject(json), true);
        }

        try
        {
            return (Http.RequestBody.DecodeObject(patch, "application/yaml"), false);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiException.BadRequest($"error decoding YAML: {e.Message}");
        }
    }

    /// <summary>The patched object; a failing patch is the 4xx Kubernetes returns for it.</summary>
    public static JsonObject Apply(ResourceDefinition resource, string mediaType, JsonObject current, byte[] patch)
    {
        try
        {
            var result = mediaType switch
            {
                JsonPatchType => JsonPatch.Apply(current, patch),
                MergePatchType => JsonMergePatch.Apply(current, patch),
                StrategicMergePatchType => StrategicMergePatch.Apply(current, patch, resource.Group, resource.Kind),
                _ => throw ApiException.UnsupportedMediaType(mediaType, SupportedTypes(resource)),
            };
            return result as JsonObject ?? throw ApiException.BadRequest("the patch did not produce an object");
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.StatusCode == 422 ? "Invalid" : "BadRequest", e.Message);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }
    }
}
