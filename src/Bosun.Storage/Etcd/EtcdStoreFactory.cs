using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Storage.Etcd;

/// <summary>Opens the etcd v3 implementation of <see cref="IStore"/>.</summary>
public static class EtcdStoreFactory
{
    /// <summary>
    /// Creates a store talking to the members in <see cref="EtcdStoreOptions.Endpoints"/>. Connections open on
    /// first use, so this does not fail when etcd is down; calls then fail with <see cref="StoreUnavailableException"/>.
    /// </summary>
    public static IStore Open(EtcdStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Bosun.Storage.Etcd.EtcdStore");
        return new EtcdStore(options, logger);
    }
}
