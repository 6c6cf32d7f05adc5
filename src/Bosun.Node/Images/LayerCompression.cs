namespace Bosun.Node.Images;

/// <summary>How a layer blob is stored in an image.</summary>
public enum LayerCompression
{
    /// <summary>A plain tar (<c>application/vnd.oci.image.layer.v1.tar</c>).</summary>
    None,

    /// <summary>A gzip-compressed tar (<c>application/vnd.oci.image.layer.v1.tar+gzip</c>).</summary>
    Gzip,
}
