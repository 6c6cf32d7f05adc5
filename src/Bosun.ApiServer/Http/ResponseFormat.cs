namespace Bosun.ApiServer.Http;

/// <summary>The negotiated response format.</summary>
/// <param name="Kind">Json, Yaml, Table or PartialObjectMetadata.</param>
/// <param name="MetaVersion">v1 or v1beta1 for the meta.k8s.io kinds.</param>
public sealed record ResponseFormat(ResponseKind Kind, string MetaVersion = "v1")
{
    public static readonly ResponseFormat Json = new(ResponseKind.Json);

    /// <summary>The Content-Type header to answer with.</summary>
    public string ContentType => Kind switch
    {
        ResponseKind.Yaml => "application/yaml",
        ResponseKind.Table => $"application/json;as=Table;v={MetaVersion};g=meta.k8s.io",
        ResponseKind.PartialObjectMetadata => $"application/json;as=PartialObjectMetadata;v={MetaVersion};g=meta.k8s.io",
        _ => "application/json",
    };
}
