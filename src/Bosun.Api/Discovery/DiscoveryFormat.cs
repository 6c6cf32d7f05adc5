namespace Bosun.Api.Discovery;

/// <summary>The shape a discovery response takes, as chosen from the request's Accept header.</summary>
public enum DiscoveryFormat
{
    /// <summary>Nothing the client accepts can be produced: answer 406 Not Acceptable.</summary>
    NotAcceptable,

    /// <summary>Unaggregated discovery: APIVersions, APIGroupList, APIGroup, APIResourceList.</summary>
    Legacy,

    /// <summary>Aggregated discovery, <c>apidiscovery.k8s.io/v2</c> APIGroupDiscoveryList (kubectl 1.30+).</summary>
    AggregatedV2,

    /// <summary>Aggregated discovery, <c>apidiscovery.k8s.io/v2beta1</c> APIGroupDiscoveryList (kubectl 1.26–1.29).</summary>
    AggregatedV2Beta1,
}
