namespace Bosun.Api.Strategies;

/// <summary>Workload-like kinds whose metadata.generation tracks spec changes.</summary>
public sealed class GenerationTrackingStrategy : ResourceStrategy
{
    public static readonly GenerationTrackingStrategy Instance = new();

    public override bool TracksGeneration => true;
}
