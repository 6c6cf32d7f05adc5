using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Serialization;

namespace Bosun.ApiServer.Http;

/// <summary>YAML request bodies (application/yaml) as JSON objects, and YAML responses.</summary>
internal static class YamlBody
{
    /// <summary>The object a YAML body describes; malformed YAML or a non-object is a 400.</summary>
    public static JsonObject ToJsonObject(byte[] body)
    {
        JsonNode? node;
        try
        {
            node = YamlJson.ToJsonNode(body);
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"error decoding YAML: {e.Message}");
        }

        return node as JsonObject ?? throw ApiException.BadRequest("error decoding YAML: the body must be a mapping (an object)");
    }

    /// <summary>A JSON response body as YAML.</summary>
    public static byte[] FromJson(ReadOnlyMemory<byte> json) => System.Text.Encoding.UTF8.GetBytes(YamlJson.ToYaml(json.Span));
}
