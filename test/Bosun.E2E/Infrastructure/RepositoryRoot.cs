namespace Bosun.E2E.Infrastructure;

/// <summary>Finds the repository (the folder holding Bosun.slnx) and the Release bosun binary inside it.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository root.</summary>
    public static string Path => Root.Value;

    /// <summary>The Release build of the bosun binary that ./bosun runs.</summary>
    public static string BosunBinary => System.IO.Path.Combine(Path, "artifacts", "bin", "Bosun", "release", "bosun");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bosun.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Bosun.slnx above {AppContext.BaseDirectory}");
    }
}
