using System.Text;
using Bosun.Node.Volumes;

namespace Bosun.Node.Tests.Volumes;

public sealed class AtomicWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static AtomicWriter.FileContent File(string path, string text, int mode = 420) => new(path, Encoding.UTF8.GetBytes(text), mode);

    [Fact]
    public void Write_VisibleNamesAreLinksThroughData()
    {
        Assert.True(AtomicWriter.Write(_directory, [File("a", "1"), File("dir/b", "2", 256)]));

        Assert.Equal("1", System.IO.File.ReadAllText(Path.Combine(_directory, "a")));
        Assert.Equal("2", System.IO.File.ReadAllText(Path.Combine(_directory, "dir", "b")));
        Assert.Equal("..data/a", new FileInfo(Path.Combine(_directory, "a")).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead, System.IO.File.GetUnixFileMode(Path.Combine(_directory, "..data", "dir", "b")));
    }

    [Fact]
    public void Write_Update_SwapsDataAndDropsRemovedNames()
    {
        AtomicWriter.Write(_directory, [File("a", "1"), File("gone", "x")]);
        var before = new DirectoryInfo(Path.Combine(_directory, "..data")).LinkTarget;

        Assert.True(AtomicWriter.Write(_directory, [File("a", "2")]));

        Assert.Equal("2", System.IO.File.ReadAllText(Path.Combine(_directory, "a")));
        Assert.False(System.IO.File.Exists(Path.Combine(_directory, "gone")));
        Assert.NotEqual(before, new DirectoryInfo(Path.Combine(_directory, "..data")).LinkTarget);
        // Only the current timestamped folder remains.
        Assert.Single(Directory.GetDirectories(_directory, "..2*"));
    }

    [Fact]
    public void Write_SameContent_NoChange()
    {
        AtomicWriter.Write(_directory, [File("a", "1")]);

        Assert.False(AtomicWriter.Write(_directory, [File("a", "1")]));
    }
}
