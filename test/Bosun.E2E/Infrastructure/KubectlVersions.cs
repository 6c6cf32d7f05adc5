namespace Bosun.E2E.Infrastructure;

/// <summary>The kubectl versions every E2E theory runs with: the oldest and newest we support.</summary>
public static class KubectlVersions
{
    public const string Oldest = "1.27";

    public const string Newest = "1.33";

    public static TheoryData<string> All => new() { Oldest, Newest };
}
