namespace Bosun.Node.Images;

/// <summary>What <see cref="OciArchiveWriter"/> wrote: the image's name and the digests it is known by.</summary>
/// <param name="Reference">The image name in the archive's index, e.g. <c>bosun.local/busybox:1.36</c>.</param>
/// <param name="ManifestDigest">The manifest digest (the image's id for a registry or containerd).</param>
/// <param name="ConfigDigest">The config digest (what <c>docker images</c> calls the image id).</param>
public sealed record OciArchive(string Reference, string ManifestDigest, string ConfigDigest);
