namespace Bosun.ApiServer.Authentication;

/// <summary>The authenticated caller.</summary>
/// <param name="Name">User name, e.g. <c>system:admin</c>.</param>
/// <param name="Groups">Groups, e.g. <c>system:masters</c>, <c>system:authenticated</c>.</param>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The user of requests without credentials.</summary>
    public static readonly UserInfo Anonymous = new("system:anonymous", ["system:unauthenticated"]);
}
