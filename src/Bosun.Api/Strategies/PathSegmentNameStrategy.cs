namespace Bosun.Api.Strategies;

/// <summary>Kinds whose names only need to be valid path segments (RBAC roles and bindings).</summary>
public sealed class PathSegmentNameStrategy : ResourceStrategy
{
    public static readonly PathSegmentNameStrategy Instance = new();

    public override NameRule NameRule => NameRule.PathSegment;
}
