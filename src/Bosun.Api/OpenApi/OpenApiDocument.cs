using Bosun.Api.Discovery;

namespace Bosun.Api.OpenApi;

/// <summary>One OpenAPI v3 document, serialized once: exact bytes, content hash and entity tag.</summary>
public sealed class OpenApiDocument
{
    internal OpenApiDocument(byte[] body)
    {
        Body = body;
        Hash = EntityTag.ComputeHash(body);
        ETag = EntityTag.Quote(Hash);
    }

    /// <summary>Content-Type of every document: <c>application/json</c>.</summary>
    public string ContentType { get; } = "application/json";

    /// <summary>The UTF-8 JSON body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>
    /// Upper-case hex SHA-512 of the body; the root document names it in <c>?hash=</c> so clients
    /// may cache the document for good.
    /// </summary>
    public string Hash { get; }

    /// <summary>The ETag header value (the quoted hash).</summary>
    public string ETag { get; }

    /// <summary>True when the request's If-None-Match names this document: answer 304.</summary>
    public bool IsNotModified(string? ifNoneMatch) => EntityTag.IfNoneMatchMatches(ifNoneMatch, ETag);
}
