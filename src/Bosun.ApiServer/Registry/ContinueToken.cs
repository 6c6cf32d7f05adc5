using System.Text;
using System.Text.Json;
using Bosun.Api.Errors;

namespace Bosun.ApiServer.Registry;

/// <summary>The opaque continue token of paginated lists: the list's revision and the next key, as Kubernetes encodes it.</summary>
/// <param name="Revision">The revision the first page was read at.</param>
/// <param name="StartKey">The next key to read, relative to the resource prefix.</param>
public sealed record ContinueToken(long Revision, string StartKey)
{
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Payload("meta.k8s.io/v1", Revision, StartKey), PayloadContext.Default.Payload);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a token; a malformed one is a 400.</summary>
    public static ContinueToken Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            var text = token.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var payload = JsonSerializer.Deserialize(Encoding.UTF8.GetString(Convert.FromBase64String(text)), PayloadContext.Default.Payload);
            if (payload is null || payload.V != "meta.k8s.io/v1" || payload.Rv <= 0 || payload.Start is null || payload.Start.Contains("..", StringComparison.Ordinal))
            {
                throw new FormatException("unsupported or malformed token");
            }

            return new ContinueToken(payload.Rv, payload.Start);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw ApiException.BadRequest($"continue key is not valid: {e.Message}");
        }
    }

    internal sealed record Payload(
        [property: System.Text.Json.Serialization.JsonPropertyName("v")] string V,
        [property: System.Text.Json.Serialization.JsonPropertyName("rv")] long Rv,
        [property: System.Text.Json.Serialization.JsonPropertyName("start")] string Start);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ContinueToken.Payload))]
internal sealed partial class PayloadContext : System.Text.Json.Serialization.JsonSerializerContext;
