namespace Bosun.E2E.Infrastructure;

/// <summary>Object names unique to a kubectl version, so both theory rows can share one server.</summary>
public static class Names
{
    public static string For(string prefix, string version) => prefix + "-" + version.Replace(".", "", StringComparison.Ordinal);
}
