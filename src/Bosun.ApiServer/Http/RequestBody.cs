using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.Api.Serialization.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Http;

/// <summary>Reads request bodies under kube-apiserver's size limit and decodes JSON or YAML objects.</summary>
public static class RequestBody
{
    /// <summary>kube-apiserver's limit on request bodies (3 MiB).</summary>
    public const long MaxBytes = 3 * 1024 * 1024;

    private static readonly string[] ObjectMediaTypes = ["application/json", "application/yaml", KubernetesProtobuf.MediaType];

    /// <summary>The raw body; more than <see cref="MaxBytes"/> is a 413.</summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw TooLarge();
            }

            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>The media type of the body without parameters, lower-cased ("application/json" when absent).</summary>
    public static string MediaType(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "application/json";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    /// <summary>Reads and decodes an object body (create, update); other media types are a 415.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaType(request);
        if (mediaType is not ("application/json" or "application/yaml" or KubernetesProtobuf.MediaType or "*/*"))
        {
            throw ApiException.UnsupportedMediaType(mediaType, ObjectMediaTypes);
        }

        var body = await ReadAsync(request, cancellationToken);
        return DecodeObject(body, mediaType);
    }

    /// <summary>Decodes a JSON, YAML or Kubernetes protobuf body into a JSON object; malformed input is a 400.</summary>
    public static JsonObject DecodeObject(byte[] body, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length == 0)
        {
            throw ApiException.BadRequest("error decoding request body: the body is empty");
        }

        if (mediaType == KubernetesProtobuf.MediaType)
        {
            try
            {
                return Normalized(KubernetesProtobuf.Decode(body));
            }
            catch (FormatException e)
            {
                throw ApiException.BadRequest($"error decoding request body: {e.Message}");
            }
        }

        return mediaType == "application/yaml" ? Normalized(YamlBody.ToJsonObject(body)) : ObjectJson.ParseObject(body);
    }

    /// <summary>
    /// The object as if it had arrived as JSON. Decoders that build nodes from CLR values (ints, longs) make
    /// JsonValues that refuse other numeric reads (an int node has no long value), so strategies would see
    /// numbers as missing; one serialize/parse round trip gives every body the same kind of node.
    /// </summary>
    private static JsonObject Normalized(JsonObject decoded) => ObjectJson.ParseObject(ObjectJson.ToBytes(decoded));

    private static ApiException TooLarge() => ApiException.RequestEntityTooLarge("the request body is too large: the limit is 3145728 bytes");
}
