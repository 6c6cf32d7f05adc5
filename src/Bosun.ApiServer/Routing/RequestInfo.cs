namespace Bosun.ApiServer.Routing;

/// <summary>What a request addresses, parsed from its path and method the way kube-apiserver does.</summary>
public sealed record RequestInfo
{
    /// <summary>True for /api and /apis paths that address resources (as opposed to discovery).</summary>
    public bool IsResourceRequest { get; init; }

    /// <summary>The lower-case verb: get, list, watch, create, update, patch, delete, deletecollection.</summary>
    public string Verb { get; init; } = "";

    /// <summary>"api" or "apis".</summary>
    public string Prefix { get; init; } = "";

    public string Group { get; init; } = "";

    public string Version { get; init; } = "";

    public string Namespace { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>The path segments after the prefix (for discovery paths).</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];
}
