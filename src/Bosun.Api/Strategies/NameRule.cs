namespace Bosun.Api.Strategies;

/// <summary>Which rule a kind's object names must follow.</summary>
public enum NameRule
{
    /// <summary>RFC 1123 subdomain (most kinds).</summary>
    Dns1123Subdomain,

    /// <summary>RFC 1123 label (namespaces).</summary>
    Dns1123Label,

    /// <summary>RFC 1035 label (services).</summary>
    Dns1035Label,

    /// <summary>Any path segment (RBAC kinds): not "." or "..", no '/' or '%'.</summary>
    PathSegment,
}
