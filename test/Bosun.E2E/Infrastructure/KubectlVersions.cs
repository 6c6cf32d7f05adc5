namespace Bosun.E2E.Infrastructure;

/// <summary>The kubectl versions every E2E theory runs with: the oldest and newest we support.</summary>
public static class KubectlVersions
{
    public static TheoryData<string> All => new() { "1.27", "1.33" };
}
