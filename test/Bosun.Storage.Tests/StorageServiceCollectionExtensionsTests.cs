using System.Text;
using Bosun.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bosun.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData("sqlite:///var/lib/bosun/state.db", "/var/lib/bosun/state.db")]
    [InlineData("sqlite://data/state.db?_journal=WAL&cache=shared", "data/state.db")]
    [InlineData("SQLite:///x.db", "/x.db")]
    [InlineData("/var/lib/bosun/state.db", "/var/lib/bosun/state.db")]
    [InlineData("state.db", "state.db")]
    public void ParseSqlitePath_SupportedEndpoint_ReturnsPath(string endpoint, string expected) =>
        Assert.Equal(expected, DatastoreEndpoint.ParseSqlitePath(endpoint));

    [Theory]
    [InlineData("etcd://127.0.0.1:2379", "etcd")]
    [InlineData("https://127.0.0.1:2379", "https")]
    [InlineData("mysql://root@tcp(127.0.0.1)/k3s", "mysql")]
    public void AddBosunStorage_UnknownScheme_ThrowsArgumentExceptionNamingIt(string endpoint, string scheme)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddBosunStorage(endpoint));

        Assert.Contains($"'{scheme}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("sqlite://")]
    [InlineData("sqlite://?_journal=WAL")]
    public void AddBosunStorage_NoPath_ThrowsArgumentException(string endpoint) =>
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddBosunStorage(endpoint));

    [Fact]
    public async Task AddBosunStorage_SqliteEndpoint_RegistersWorkingStoreAndCompactor()
    {
        var directory = new TempDirectory();
        try
        {
            var path = directory.File("state.db");
            var services = new ServiceCollection().AddLogging().AddBosunStorage("sqlite://" + path);

            await using (var provider = services.BuildServiceProvider())
            {
                var store = provider.GetRequiredService<IStore>();
                Assert.Same(store, provider.GetRequiredService<IStore>());
                await store.CreateAsync("/k", Encoding.UTF8.GetBytes("v"));
                Assert.Contains(provider.GetServices<IHostedService>(), s => s is StoreCompactor);
            }

            Assert.True(File.Exists(path));
            await using var reopened = SqliteStoreFactory.Open(new SqliteStoreOptions { Path = path });
            Assert.Equal(1, await reopened.GetRevisionAsync());
        }
        finally
        {
            directory.Delete();
        }
    }
}
