namespace Bosun.Client.Dynamic;

/// <summary>A resource the server serves, as discovery describes it.</summary>
/// <param name="Group">API group ("" for core).</param>
/// <param name="Version">The group's preferred version.</param>
/// <param name="Plural">The resource name in URLs.</param>
/// <param name="Kind">Its objects' kind.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="Verbs">The verbs discovery lists.</param>
public sealed record ApiResource(string Group, string Version, string Plural, string Kind, bool Namespaced, IReadOnlyList<string> Verbs)
{
    /// <summary>"v1" or "group/version", as in apiVersion fields.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>True when discovery lists <paramref name="verb"/>.</summary>
    public bool Supports(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);

    /// <summary>The URL path of the collection (in <paramref name="ns"/> when namespaced and given) or of one object.</summary>
    public string PathFor(string? ns, string? name = null)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        var scope = Namespaced && !string.IsNullOrEmpty(ns) ? $"/namespaces/{Uri.EscapeDataString(ns)}" : "";
        var item = string.IsNullOrEmpty(name) ? "" : "/" + Uri.EscapeDataString(name);
        return $"{root}{scope}/{Plural}{item}";
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
