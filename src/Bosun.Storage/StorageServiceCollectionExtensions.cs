using Bosun.Storage.Etcd;
using Bosun.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bosun.Storage;

/// <summary>Wires the storage layer into a host.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IStore"/> as a singleton for <paramref name="datastoreEndpoint"/> and the
    /// periodic <see cref="StoreCompactor"/>. Accepts <c>sqlite://&lt;path&gt;</c> or a bare file path (the
    /// embedded SQLite store), <c>etcd://host:port[,host:port...]</c> or comma-separated <c>http://</c> /
    /// <c>https://</c> member URLs (the etcd store); other schemes throw <see cref="ArgumentException"/>.
    /// Tune with <c>Configure&lt;SqliteStoreOptions&gt;</c>, <c>Configure&lt;EtcdStoreOptions&gt;</c> (key prefix,
    /// TLS files, timeouts; the endpoints come from here) and <c>Configure&lt;StoreCompactorOptions&gt;</c>.
    /// The store opens on first resolution and is closed when the service provider is disposed.
    /// </summary>
    public static IServiceCollection AddBosunStorage(this IServiceCollection services, string datastoreEndpoint)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (DatastoreEndpoint.ParseEtcdEndpoints(datastoreEndpoint) is { } members)
        {
            services.AddOptions<EtcdStoreOptions>().Configure(options =>
            {
                options.Endpoints.Clear();
                foreach (var member in members)
                    options.Endpoints.Add(member);
            });
            services.TryAddSingleton(provider => EtcdStoreFactory.Open(
                provider.GetRequiredService<IOptions<EtcdStoreOptions>>().Value,
                provider.GetService<ILoggerFactory>()));
        }
        else
        {
            var path = DatastoreEndpoint.ParseSqlitePath(datastoreEndpoint);
            services.AddOptions<SqliteStoreOptions>().Configure(options => options.Path = path);
            services.TryAddSingleton(provider => SqliteStoreFactory.Open(
                provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
                provider.GetService<ILoggerFactory>()));
        }

        services.AddOptions<StoreCompactorOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<StoreCompactor>();
        return services;
    }
}
