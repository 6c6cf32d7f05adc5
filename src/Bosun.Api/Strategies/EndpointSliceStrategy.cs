using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>Endpoint slices: port names default to "" and protocols to TCP (discovery/v1 defaults).</summary>
public sealed class EndpointSliceStrategy : ResourceStrategy
{
    public static readonly EndpointSliceStrategy Instance = new();

    public override bool TracksGeneration => true;

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var port in PodSpecDefaults.Items(obj["ports"]))
        {
            port["name"] ??= "";
            port["protocol"] ??= "TCP";
        }
    }
}
