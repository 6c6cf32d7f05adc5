namespace Bosun.ApiServer.Registry;

/// <summary>What list and watch filter on, decoded once when an object enters the watch cache.</summary>
/// <param name="Namespace">metadata.namespace.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Labels">metadata.labels.</param>
/// <param name="Fields">The kind's selectable fields (absent ones at their default value).</param>
public sealed record ObjectAttributes(
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>A field's value for field selectors; metadata.name and metadata.namespace always exist.</summary>
    public string? Field(string path) => path switch
    {
        "metadata.name" => Name,
        "metadata.namespace" => Namespace,
        _ => Fields.TryGetValue(path, out var value) ? value : null,
    };
}
