namespace Bosun.Api.Discovery;

/// <summary>One discovery response, built once: exact body bytes, Content-Type and entity tag.</summary>
public sealed class DiscoveryDocument
{
    internal DiscoveryDocument(byte[] body, string contentType)
    {
        Body = body;
        ContentType = contentType;
        Hash = EntityTag.ComputeHash(body);
        ETag = EntityTag.Quote(Hash);
    }

    /// <summary>The UTF-8 JSON body, ending with a newline like a Kubernetes API server's.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The exact Content-Type header value to send with <see cref="Body"/>.</summary>
    public string ContentType { get; }

    /// <summary>Upper-case hex SHA-512 of the body.</summary>
    public string Hash { get; }

    /// <summary>The ETag header value (the quoted hash).</summary>
    public string ETag { get; }

    /// <summary>True when the request's If-None-Match names this document: answer 304.</summary>
    public bool IsNotModified(string? ifNoneMatch) => EntityTag.IfNoneMatchMatches(ifNoneMatch, ETag);
}
