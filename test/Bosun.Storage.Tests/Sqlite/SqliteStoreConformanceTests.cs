using Bosun.Testing;
using Bosun.Storage.Sqlite;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>The conformance suite against the embedded SQLite store, on a temp file per test.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override Task<IStore> OpenStoreAsync() =>
        Task.FromResult(SqliteStoreFactory.Open(new SqliteStoreOptions { Path = _directory.File("store.db") }));

    protected override Task CleanupAsync()
    {
        _directory.Delete();
        return Task.CompletedTask;
    }
}
