using System.Security.Cryptography;

namespace Bosun.Node.Images;

/// <summary>Content digests as OCI writes them: <c>sha256:</c> and 64 lowercase hex digits.</summary>
public static class OciDigest
{
    /// <summary>The digest of <paramref name="content"/>.</summary>
    public static string Of(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The hex part of a digest: the blob's file name under <c>blobs/sha256/</c>.</summary>
    public static string Hex(string digest) =>
        digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length == 71
            ? digest[7..]
            : throw new ArgumentException($"not a sha256 digest: \"{digest}\"", nameof(digest));
}
