namespace Bosun.Api.Strategies;

/// <summary>Kinds that Kubernetes lets a PUT create (events, endpoints, leases).</summary>
public sealed class AlwaysWritableStrategy : ResourceStrategy
{
    public static readonly AlwaysWritableStrategy Instance = new();

    public override bool AllowCreateOnUpdate => true;
}
