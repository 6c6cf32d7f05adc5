using System.Text;
using Bosun.Node.Volumes;

namespace Bosun.Node.Tests.Volumes;

/// <summary>configMap/secret volume files: written through ..data, updated in place with one rename.</summary>
public sealed class AtomicWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atomic-writer-").FullName;

    [Fact]
    public void Write_TwoKeys_VisibleThroughDataLink()
    {
        Assert.True(AtomicWriter.Write(_directory, [File("greeting", "hello"), File("color", "blue")]));

        Assert.Equal("hello", System.IO.File.ReadAllText(Path.Combine(_directory, "greeting")));
        Assert.Equal("blue", System.IO.File.ReadAllText(Path.Combine(_directory, "color")));
        Assert.Equal(Path.Combine("..data", "greeting"), new FileInfo(Path.Combine(_directory, "greeting")).LinkTarget);
    }

    [Fact]
    public void Write_ChangedValue_UpdatedInPlaceAndOldFolderRemoved()
    {
        AtomicWriter.Write(_directory, [File("greeting", "hello")]);
        Assert.False(AtomicWriter.Write(_directory, [File("greeting", "hello")]));

        Assert.True(AtomicWriter.Write(_directory, [File("greeting", "updated")]));

        Assert.Equal("updated", System.IO.File.ReadAllText(Path.Combine(_directory, "greeting")));
        Assert.Equal(["..data", "greeting"], Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName).Where(n => !n!.StartsWith("..2", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Single(Directory.EnumerateDirectories(_directory, "..2*"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static AtomicWriter.FileContent File(string name, string value) => new(name, Encoding.UTF8.GetBytes(value), Convert.ToInt32("644", 8));
}
