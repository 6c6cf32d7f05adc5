using System.Security.Cryptography;

namespace Bosun.Api.Discovery;

/// <summary>Entity tags for the immutable documents Bosun builds once (discovery, OpenAPI).</summary>
public static class EntityTag
{
    /// <summary>
    /// Upper-case hex SHA-512 of the bytes, as Kubernetes computes discovery and OpenAPI hashes
    /// (unquoted; it also appears in <c>?hash=</c> query strings).
    /// </summary>
    public static string ComputeHash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA512.HashData(bytes));

    /// <summary>The quoted form of a hash, for the ETag header.</summary>
    public static string Quote(string hash) => $"\"{hash}\"";

    /// <summary>
    /// True when an If-None-Match header value names the entity tag (given quoted), so the answer is
    /// 304 Not Modified. Handles lists, weak tags (<c>W/"..."</c>) and <c>*</c>.
    /// </summary>
    public static bool IfNoneMatchMatches(string? ifNoneMatch, string quotedETag)
    {
        ArgumentNullException.ThrowIfNull(quotedETag);
        if (string.IsNullOrWhiteSpace(ifNoneMatch))
        {
            return false;
        }

        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (candidate == "*")
            {
                return true;
            }

            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag == quotedETag)
            {
                return true;
            }
        }

        return false;
    }
}
