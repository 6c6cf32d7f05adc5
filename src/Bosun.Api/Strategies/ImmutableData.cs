using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.Api.Strategies;

/// <summary>ConfigMaps and Secrets marked <c>immutable: true</c> keep their data and the flag itself.</summary>
internal static class ImmutableData
{
    private const string Message = "Forbidden: field is immutable when `immutable` is set";

    public static IEnumerable<StatusCause> Check(JsonObject obj, JsonObject old, params string[] dataFields)
    {
        if (old["immutable"] is not JsonValue flag || !flag.TryGetValue<bool>(out var immutable) || !immutable)
        {
            yield break;
        }

        if (!JsonNode.DeepEquals(obj["immutable"], old["immutable"]))
        {
            yield return new StatusCause("FieldValueForbidden", Message, "immutable");
        }

        foreach (var field in dataFields)
        {
            if (!JsonNode.DeepEquals(obj[field], old[field]))
            {
                yield return new StatusCause("FieldValueForbidden", Message, field);
            }
        }
    }
}
