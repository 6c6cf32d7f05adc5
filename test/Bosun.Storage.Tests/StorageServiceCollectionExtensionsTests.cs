using Bosun.Testing;
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
    [InlineData("etcd://127.0.0.1:2379", "http://127.0.0.1:2379/")]
    [InlineData("etcd://h1:2379,h2:2379, h3:2379", "http://h1:2379/ http://h2:2379/ http://h3:2379/")]
    [InlineData("http://h1:2379,http://h2:2379", "http://h1:2379/ http://h2:2379/")]
    [InlineData("https://h1:2379,h2:2379", "https://h1:2379/ https://h2:2379/")]
    public void ParseEtcdEndpoints_EtcdEndpoint_ReturnsMembers(string endpoint, string expected) =>
        Assert.Equal(expected, string.Join(" ", DatastoreEndpoint.ParseEtcdEndpoints(endpoint)!.Select(u => u.ToString())));

    [Theory]
    [InlineData("etcd://h1:2379,ftp://h2:2379")]
    [InlineData("http://h1:2379/some/path")]
    [InlineData("etcd://,")]
    public void ParseEtcdEndpoints_BadMember_ThrowsArgumentException(string endpoint) =>
        Assert.Throws<ArgumentException>(() => DatastoreEndpoint.ParseEtcdEndpoints(endpoint));

    [Fact]
    public void ParseEtcdEndpoints_SqliteEndpoint_ReturnsNull() =>
        Assert.Null(DatastoreEndpoint.ParseEtcdEndpoints("sqlite:///x.db"));

    [Theory]
    [InlineData("mysql://root@tcp(127.0.0.1)/k3s", "mysql")]
    [InlineData("postgres://localhost/k3s", "postgres")]
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
