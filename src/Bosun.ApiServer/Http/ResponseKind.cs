namespace Bosun.ApiServer.Http;

/// <summary>What the client asked the server to answer with.</summary>
public enum ResponseKind
{
    Json,
    Yaml,

    /// <summary>meta.k8s.io Table (server-side printing).</summary>
    Table,

    /// <summary>meta.k8s.io PartialObjectMetadata / PartialObjectMetadataList.</summary>
    PartialObjectMetadata,
}
