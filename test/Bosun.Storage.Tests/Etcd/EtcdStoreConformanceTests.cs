using Bosun.Testing;
namespace Bosun.Storage.Tests.Etcd;

/// <summary>
/// The conformance suite against <see cref="Bosun.Storage.Etcd.EtcdStore"/>, on a fresh one-member etcd per test:
/// etcd's revisions are cluster-wide, and the suite counts revisions from an empty store, so tests cannot share
/// a cluster (a member starts in about half a second).
/// </summary>
public sealed class EtcdStoreConformanceTests : StoreConformanceTests
{
    private EtcdCluster? _cluster;

    protected override async Task<IStore> OpenStoreAsync()
    {
        if (_cluster is null)
        {
            _cluster = new EtcdCluster();
            await _cluster.InitializeAsync();
        }

        return _cluster.OpenStore();
    }

    protected override async Task CleanupAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
