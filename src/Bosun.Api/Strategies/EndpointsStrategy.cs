using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>Endpoints: a PUT may create them; port protocols default to TCP.</summary>
public sealed class EndpointsStrategy : ResourceStrategy
{
    public static readonly EndpointsStrategy Instance = new();

    public override bool AllowCreateOnUpdate => true;

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var subset in PodSpecDefaults.Items(obj["subsets"]))
        {
            foreach (var port in PodSpecDefaults.Items(subset["ports"]))
            {
                port["protocol"] ??= "TCP";
            }
        }
    }
}
