using Bosun.ApiServer;
using Bosun.ApiServer.Certificates;
using Bosun.ApiServer.Hosting;
using Bosun.Storage.Sqlite;

namespace Bosun.IntegrationTests;

public sealed class DatastoreLayoutTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("bosun-layout-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Start_OnADatastoreInTheOldKeyLayout_IsRefusedWithAMessageAndNothingIsWritten()
    {
        var path = Path.Combine(_dataDir, "state.db");
        long revision;
        await using (var store = SqliteStoreFactory.Open(new SqliteStoreOptions { Path = path }))
        {
            await store.CreateAsync("/registry/configmaps/default/old", """{"apiVersion":"v1","kind":"ConfigMap"}"""u8.ToArray());
            revision = await store.GetRevisionAsync();
        }

        var host = ApiServerHost.Create(new ApiServerOptions { DataDir = _dataDir, HttpsPort = 0 }, _ => { });
        await using (host)
        {
            var error = await Assert.ThrowsAsync<BootstrapException>(() => host.StartAsync());
            Assert.Contains("key layout of an earlier Bosun development build", error.Message, StringComparison.Ordinal);
        }

        await using var reopened = SqliteStoreFactory.Open(new SqliteStoreOptions { Path = path });
        Assert.Equal(revision, await reopened.GetRevisionAsync());
    }
}
