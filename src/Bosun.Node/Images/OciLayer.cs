namespace Bosun.Node.Images;

/// <summary>One built layer: its blob as stored in the image and the digests the manifest and config name it by.</summary>
/// <param name="Blob">The bytes stored under <c>blobs/sha256/</c> (compressed when <paramref name="MediaType"/> says so).</param>
/// <param name="MediaType">The OCI media type of <paramref name="Blob"/>.</param>
/// <param name="DiffId">The digest of the uncompressed tar (the config's <c>rootfs.diff_ids</c>).</param>
public sealed record OciLayer(byte[] Blob, string MediaType, string DiffId)
{
    /// <summary>The digest of <see cref="Blob"/> (the manifest's layer descriptor).</summary>
    public string Digest { get; } = OciDigest.Of(Blob);
}
