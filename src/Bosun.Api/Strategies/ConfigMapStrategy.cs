using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.Api.Strategies;

/// <summary>ConfigMaps: data and binaryData are frozen once <c>immutable: true</c>.</summary>
public sealed class ConfigMapStrategy : ResourceStrategy
{
    public static readonly ConfigMapStrategy Instance = new();

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        return ImmutableData.Check(obj, old, "data", "binaryData");
    }
}
