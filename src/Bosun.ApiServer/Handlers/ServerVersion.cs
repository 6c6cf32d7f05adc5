namespace Bosun.ApiServer.Handlers;

/// <summary>The Kubernetes version Bosun serves and its own build, as /version reports them.</summary>
public static class ServerVersion
{
    public const string Major = "1";
    public const string Minor = "33";

    /// <summary>Bosun's release number within the Kubernetes minor it implements.</summary>
    public const int BosunRelease = 1;

    /// <summary>e.g. <c>v1.33.0-bosun.1</c>.</summary>
    public static string GitVersion => $"v{Major}.{Minor}.0-bosun.{BosunRelease}";

    /// <summary>The /version body.</summary>
    public static byte[] Json() => System.Text.Encoding.UTF8.GetBytes(
        $$"""{"major":"{{Major}}","minor":"{{Minor}}","emulationMajor":"{{Major}}","emulationMinor":"{{Minor}}","minCompatibilityMajor":"{{Major}}","minCompatibilityMinor":"{{int.Parse(Minor, System.Globalization.CultureInfo.InvariantCulture) - 1}}","gitVersion":"{{GitVersion}}","gitCommit":"0000000000000000000000000000000000000000","gitTreeState":"clean","buildDate":"2026-11-28T00:00:00Z","goVersion":"dotnet{{Environment.Version}}","compiler":"bosun","platform":"linux/{{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() switch { "x64" => "amd64", var a => a }}}"}""");
}
