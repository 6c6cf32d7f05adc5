using System.Diagnostics.CodeAnalysis;
using Bosun.Api.Catalog;

namespace Bosun.Api.Discovery;

/// <summary>
/// Every discovery response for one catalog, serialized once. The HTTP layer negotiates the format
/// with <see cref="DiscoveryNegotiation.Negotiate"/>, looks the document up here, and writes
/// <see cref="DiscoveryDocument.Body"/> with its Content-Type and ETag (or 304 when
/// <see cref="DiscoveryDocument.IsNotModified"/>).
/// </summary>
public sealed class DiscoveryDocuments
{
    private readonly Dictionary<string, DiscoveryDocument> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Version), DiscoveryDocument> _resourceLists = [];

    private DiscoveryDocuments(ResourceCatalog catalog, string serverAddress)
    {
        const string json = DiscoveryNegotiation.LegacyContentType;
        Api = new DiscoveryDocument(LegacyDiscoveryWriter.ApiVersions(catalog, serverAddress), json);
        Apis = new DiscoveryDocument(LegacyDiscoveryWriter.ApiGroupList(catalog), json);
        AggregatedApiV2 = Aggregated(catalog, legacyRoot: true, DiscoveryFormat.AggregatedV2);
        AggregatedApisV2 = Aggregated(catalog, legacyRoot: false, DiscoveryFormat.AggregatedV2);
        AggregatedApiV2Beta1 = Aggregated(catalog, legacyRoot: true, DiscoveryFormat.AggregatedV2Beta1);
        AggregatedApisV2Beta1 = Aggregated(catalog, legacyRoot: false, DiscoveryFormat.AggregatedV2Beta1);
        foreach (var group in catalog.Groups)
        {
            if (group.Length > 0)
            {
                _groups[group] = new DiscoveryDocument(LegacyDiscoveryWriter.ApiGroup(catalog, group), json);
            }

            foreach (var version in catalog.VersionsOf(group))
            {
                _resourceLists[(group, version)] = new DiscoveryDocument(LegacyDiscoveryWriter.ApiResourceList(catalog, group, version), json);
            }
        }
    }

    /// <summary>Legacy <c>/api</c> (APIVersions).</summary>
    public DiscoveryDocument Api { get; }

    /// <summary>Legacy <c>/apis</c> (APIGroupList).</summary>
    public DiscoveryDocument Apis { get; }

    /// <summary>Aggregated <c>/api</c>, apidiscovery.k8s.io/v2.</summary>
    public DiscoveryDocument AggregatedApiV2 { get; }

    /// <summary>Aggregated <c>/apis</c>, apidiscovery.k8s.io/v2.</summary>
    public DiscoveryDocument AggregatedApisV2 { get; }

    /// <summary>Aggregated <c>/api</c>, apidiscovery.k8s.io/v2beta1.</summary>
    public DiscoveryDocument AggregatedApiV2Beta1 { get; }

    /// <summary>Aggregated <c>/apis</c>, apidiscovery.k8s.io/v2beta1.</summary>
    public DiscoveryDocument AggregatedApisV2Beta1 { get; }

    /// <summary>Builds every document for the catalog.</summary>
    /// <param name="catalog">The served resources.</param>
    /// <param name="serverAddress">
    /// <c>host:port</c> clients reach this server at, published in <c>/api</c>'s
    /// serverAddressByClientCIDRs.
    /// </param>
    public static DiscoveryDocuments Create(ResourceCatalog catalog, string serverAddress)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(serverAddress);
        return new DiscoveryDocuments(catalog, serverAddress);
    }

    /// <summary><c>/api</c> in the given format; null when the format is not acceptable.</summary>
    public DiscoveryDocument? ForApi(DiscoveryFormat format) => format switch
    {
        DiscoveryFormat.Legacy => Api,
        DiscoveryFormat.AggregatedV2 => AggregatedApiV2,
        DiscoveryFormat.AggregatedV2Beta1 => AggregatedApiV2Beta1,
        _ => null,
    };

    /// <summary><c>/apis</c> in the given format; null when the format is not acceptable.</summary>
    public DiscoveryDocument? ForApis(DiscoveryFormat format) => format switch
    {
        DiscoveryFormat.Legacy => Apis,
        DiscoveryFormat.AggregatedV2 => AggregatedApisV2,
        DiscoveryFormat.AggregatedV2Beta1 => AggregatedApisV2Beta1,
        _ => null,
    };

    /// <summary><c>/apis/{group}</c> (APIGroup); false when the group is not served.</summary>
    public bool TryGetGroup(string group, [NotNullWhen(true)] out DiscoveryDocument? document) =>
        _groups.TryGetValue(group, out document);

    /// <summary>
    /// <c>/api/v1</c> (group empty) or <c>/apis/{group}/{version}</c> (APIResourceList); false when
    /// the group/version is not served.
    /// </summary>
    public bool TryGetResourceList(string group, string version, [NotNullWhen(true)] out DiscoveryDocument? document) =>
        _resourceLists.TryGetValue((group, version), out document);

    /// <summary>
    /// Looks a discovery path up: <c>/api</c>, <c>/apis</c>, <c>/api/{version}</c>,
    /// <c>/apis/{group}</c>, <c>/apis/{group}/{version}</c> (a trailing slash is ignored). Only
    /// <c>/api</c> and <c>/apis</c> have aggregated forms; other paths answer legacy for any
    /// acceptable format, so negotiate them with <c>allowAggregated: false</c>. False when the path
    /// is not a discovery path, is not served, or the format is not acceptable.
    /// </summary>
    public bool TryGet(string path, DiscoveryFormat format, [NotNullWhen(true)] out DiscoveryDocument? document)
    {
        ArgumentNullException.ThrowIfNull(path);
        document = null;
        if (format == DiscoveryFormat.NotAcceptable)
        {
            return false;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["api"]:
                document = ForApi(format);
                break;
            case ["apis"]:
                document = ForApis(format);
                break;
            case ["api", var version]:
                TryGetResourceList(string.Empty, version, out document);
                break;
            case ["apis", var group]:
                TryGetGroup(group, out document);
                break;
            case ["apis", var group, var version]:
                TryGetResourceList(group, version, out document);
                break;
            default:
                break;
        }

        return document is not null;
    }

    /// <summary>
    /// Negotiates and looks up in one step: the format follows the Accept header, aggregated forms
    /// only for <c>/api</c> and <c>/apis</c>. Returns false with <paramref name="format"/> set to
    /// <see cref="DiscoveryFormat.NotAcceptable"/> when the client accepts nothing Bosun produces
    /// (answer 406), and false with another format when the path is not served (answer 404).
    /// </summary>
    public bool TryNegotiate(string path, string? accept, out DiscoveryFormat format, [NotNullWhen(true)] out DiscoveryDocument? document)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.Trim('/');
        format = DiscoveryNegotiation.Negotiate(accept, allowAggregated: trimmed is "api" or "apis");
        return TryGet(path, format, out document);
    }

    private static DiscoveryDocument Aggregated(ResourceCatalog catalog, bool legacyRoot, DiscoveryFormat format)
    {
        var apiVersion = format == DiscoveryFormat.AggregatedV2 ? "apidiscovery.k8s.io/v2" : "apidiscovery.k8s.io/v2beta1";
        return new DiscoveryDocument(
            AggregatedDiscoveryWriter.GroupDiscoveryList(catalog, legacyRoot, apiVersion),
            DiscoveryNegotiation.ContentTypeOf(format));
    }
}
