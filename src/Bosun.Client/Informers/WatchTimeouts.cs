namespace Bosun.Client.Informers;

/// <summary>The timeoutSeconds informers ask watches for.</summary>
public static class WatchTimeouts
{
    /// <summary>
    /// Between 30 and 60 s: below the official client's 100 s HTTP timeout, and spread so many watches do not end
    /// together. An ended watch costs one request: the informer resumes at its last resourceVersion.
    /// </summary>
    public static int NextSeconds() => 30 + Random.Shared.Next(30);
}
