using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.ApiServer.Http;

/// <summary>YAML request bodies (application/yaml) as JSON objects.</summary>
internal static class YamlBody
{
    public static JsonObject ToJsonObject(byte[] body) =>
        throw ApiException.UnsupportedMediaType("application/yaml", ["application/json"]);

    public static byte[] FromJson(ReadOnlyMemory<byte> json) =>
        throw ApiException.NotAcceptable(["application/json"]);
}
