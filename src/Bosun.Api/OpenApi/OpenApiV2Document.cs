namespace Bosun.Api.OpenApi;

/// <summary>
/// A minimal OpenAPI v2 document for <c>/openapi/v2</c>, in the protobuf form (gnostic
/// <c>openapi_v2.Document</c>) clients request with
/// <c>Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>.
/// </summary>
/// <remarks>
/// kubectl 1.27 and 1.28 download the v2 document before <c>create -f</c>, <c>apply</c> and
/// <c>replace</c> and stop with NotFound when it is missing, yet take everything they need from the
/// v3 documents (whether <c>fieldValidation</c> is supported, patch metadata). A v2 document with no
/// definitions satisfies them. Serve it with Content-Type <c>application/octet-stream</c>: client-go
/// parses the response Content-Type with Go's <c>mime.ParseMediaType</c>, which rejects the
/// <c>@</c> of the Accept value. A JSON body would break the protobuf parse.
/// </remarks>
public static class OpenApiV2Document
{
    /// <summary>The Content-Type to answer with.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>
    /// Protobuf bytes of <c>Document { swagger: "2.0", info: { title: "Kubernetes", version } }</c>.
    /// </summary>
    public static byte[] Create(string serverVersion = "v1.33.0")
    {
        ArgumentException.ThrowIfNullOrEmpty(serverVersion);
        byte[] title = "Kubernetes"u8.ToArray();
        var version = System.Text.Encoding.UTF8.GetBytes(serverVersion);
        var info = Concat(Field(1, title), Field(2, version));
        return Concat(Field(1, "2.0"u8.ToArray()), Field(2, info));
    }

    // A length-delimited protobuf field (wire type 2).
    private static byte[] Field(int number, byte[] value)
    {
        var bytes = new List<byte> { (byte)((number << 3) | 2) };
        var length = (uint)value.Length;
        while (length >= 0x80)
        {
            bytes.Add((byte)(length | 0x80));
            length >>= 7;
        }

        bytes.Add((byte)length);
        bytes.AddRange(value);
        return [.. bytes];
    }

    private static byte[] Concat(byte[] first, byte[] second) => [.. first, .. second];
}
