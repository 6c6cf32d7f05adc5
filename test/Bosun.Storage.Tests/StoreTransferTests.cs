using System.Text;
using Bosun.Storage.Sqlite;
using Bosun.Testing;

namespace Bosun.Storage.Tests;

public sealed class StoreTransferTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Delete();

    private IStore Open(string name) => SqliteStoreFactory.Open(new SqliteStoreOptions { Path = _directory.File(name) });

    [Fact]
    public async Task ExportThenImport_CopiesEveryCurrentKeyAndValue()
    {
        await using var source = Open("source.db");
        for (var i = 0; i < 1200; i++)
        {
            await source.CreateAsync($"/configmaps/default/cm-{i:D4}", Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"));
        }

        var updated = await source.GetAsync("/configmaps/default/cm-0001");
        await source.UpdateAsync("/configmaps/default/cm-0001", "\"changed\""u8.ToArray(), updated!.ModRevision);
        await source.DeleteAsync("/configmaps/default/cm-0002");
        await source.CreateAsync("/bootstrap/cluster", new byte[] { 0, 1, 2, 255 });
        using var file = new MemoryStream();

        var exported = await StoreTransfer.ExportAsync(source, file);
        file.Position = 0;
        await using var target = Open("target.db");
        var imported = await StoreTransfer.ImportAsync(file, target);

        Assert.Equal(1200, exported);
        Assert.Equal(exported, imported);
        var expected = await source.RangeAsync(new RangeRequest("/"));
        var actual = await target.RangeAsync(new RangeRequest("/"));
        Assert.Equal(expected.Items.Select(i => (i.Key, Convert.ToBase64String(i.Value.Span))), actual.Items.Select(i => (i.Key, Convert.ToBase64String(i.Value.Span))));
        Assert.Null(await target.GetAsync("/configmaps/default/cm-0002"));
    }

    [Fact]
    public async Task Import_IntoNonEmptyStore_IsRefusedAndWritesNothing()
    {
        await using var source = Open("source.db");
        await source.CreateAsync("/a", "1"u8.ToArray());
        using var file = new MemoryStream();
        await StoreTransfer.ExportAsync(source, file);
        file.Position = 0;
        await using var target = Open("target.db");
        await target.CreateAsync("/existing", "x"u8.ToArray());
        var revision = await target.GetRevisionAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StoreTransfer.ImportAsync(file, target));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(revision, await target.GetRevisionAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"kind\":\"Something\",\"version\":1,\"revision\":3}")]
    [InlineData("{\"kind\":\"BosunDatastoreExport\",\"version\":1,\"revision\":3}\n{\"key\":\"/a\",\"value\":\"AQ==\"}\n{\"key\":\"relative\",\"value\":\"AQ==\"}")]
    [InlineData("{\"kind\":\"BosunDatastoreExport\",\"version\":1,\"revision\":3}\n{\"key\":\"/a\",\"value\":\"%%%\"}")]
    public async Task Import_MalformedFile_FailsBeforeWritingAnything(string content)
    {
        await using var target = Open("target.db");
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(content));

        await Assert.ThrowsAsync<InvalidDataException>(() => StoreTransfer.ImportAsync(file, target));

        Assert.Equal(0, await target.GetRevisionAsync());
    }
}
