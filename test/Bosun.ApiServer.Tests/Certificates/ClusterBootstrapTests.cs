using Bosun.ApiServer.Certificates;
using Bosun.Storage;
using Bosun.Storage.Sqlite;
using Bosun.Testing;

namespace Bosun.ApiServer.Tests.Certificates;

public sealed class ClusterBootstrapTests : IDisposable
{
    private static readonly string[] Names = ["127.0.0.1"];
    private readonly string _root = Directory.CreateTempSubdirectory("bosun-bootstrap-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IStore Store(string name) => SqliteStoreFactory.Open(new SqliteStoreOptions { Path = Path.Combine(_root, name + ".db") });

    private string DataDir(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static async Task<(string CaHash, string Token)> JoinAsync(IStore store, string dataDir, string? token = null)
    {
        var (certificates, full) = await ClusterBootstrap.ReconcileAsync(store, dataDir, token, Names, CancellationToken.None);
        using (certificates)
        {
            return (ClusterToken.HashOf(certificates.Authority), full);
        }
    }

    [Fact]
    public async Task SecondServerWithToken_GetsTheFirstServersCa()
    {
        await using var store = Store("shared");
        var first = await JoinAsync(store, DataDir("a"));

        var second = await JoinAsync(store, DataDir("b"), first.Token);

        Assert.Equal(first.CaHash, second.CaHash);
        Assert.Equal(first.Token, second.Token);
        Assert.Equal(first.Token, File.ReadAllText(ClusterBootstrap.TokenPath(DataDir("b"))).Trim());
    }

    [Fact]
    public async Task WrongToken_IsRefusedAndTheRecordIsUntouched()
    {
        await using var store = Store("shared");
        await JoinAsync(store, DataDir("a"));
        var record = await store.GetAsync(ClusterBootstrap.Key);

        var error = await Assert.ThrowsAsync<BootstrapException>(() => JoinAsync(store, DataDir("b"), "wrong-secret"));

        Assert.Contains("encrypted with a different token", error.Message, StringComparison.Ordinal);
        Assert.Equal(record!.ModRevision, (await store.GetAsync(ClusterBootstrap.Key))!.ModRevision);
    }

    [Fact]
    public async Task SameDataDirOnAnEmptyDatastore_FoundsTheClusterAgainWithItsOwnCa()
    {
        var dataDir = DataDir("a");
        string caHash;
        await using (var old = Store("old"))
        {
            caHash = (await JoinAsync(old, dataDir)).CaHash;
        }

        await using var fresh = Store("fresh");
        var again = await JoinAsync(fresh, dataDir);

        Assert.Equal(caHash, again.CaHash);
        Assert.NotNull(await fresh.GetAsync(ClusterBootstrap.Key));
    }

    [Fact]
    public async Task TokenOfAnotherClusterOnAnEmptyDatastore_IsRefused()
    {
        string token;
        await using (var other = Store("other"))
        {
            token = (await JoinAsync(other, DataDir("a"))).Token;
        }

        await using var empty = Store("empty");
        var error = await Assert.ThrowsAsync<BootstrapException>(() => JoinAsync(empty, DataDir("b"), token));

        Assert.Contains("the datastore holds none", error.Message, StringComparison.Ordinal);
        Assert.Null(await empty.GetAsync(ClusterBootstrap.Key));
    }

    [Fact]
    public async Task GeneratedToken_IsOnDiskBeforeTheRecordIsWritten()
    {
        // A store that fails the write after it may have been applied: the retry must still know the secret.
        await using var inner = Store("shared");
        var failing = new FailingCreateStore(inner);
        var dataDir = DataDir("a");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => JoinAsync(failing, dataDir));

        Assert.True(File.Exists(ClusterBootstrap.TokenPath(dataDir)));
        var retried = await JoinAsync(inner, dataDir);
        Assert.Equal(retried.Token, File.ReadAllText(ClusterBootstrap.TokenPath(dataDir)).Trim());
    }

    /// <summary>Applies creates, then reports them as failed with an unknown outcome (an answer lost on the way).</summary>
    private sealed class FailingCreateStore(IStore inner) : DelegatingStore(inner)
    {
        public override async Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
        {
            await Inner.CreateAsync(key, value, cancellationToken);
            throw new StoreUnavailableException("the answer was lost");
        }
    }
}
