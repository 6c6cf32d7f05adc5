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
    /// periodic <see cref="StoreCompactor"/>. Accepts <c>sqlite://&lt;path&gt;</c> or a bare file path;
    /// other schemes throw <see cref="ArgumentException"/>. Tune with <c>Configure&lt;SqliteStoreOptions&gt;</c>
    /// and <c>Configure&lt;StoreCompactorOptions&gt;</c>. The store opens on first resolution and is
    /// flushed and closed when the service provider is disposed.
    /// </summary>
    public static IServiceCollection AddBosunStorage(this IServiceCollection services, string datastoreEndpoint)
    {
        ArgumentNullException.ThrowIfNull(services);
        var path = DatastoreEndpoint.ParseSqlitePath(datastoreEndpoint);

        services.AddOptions<SqliteStoreOptions>().Configure(options => options.Path = path);
        services.AddOptions<StoreCompactorOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => SqliteStoreFactory.Open(
            provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            provider.GetService<ILoggerFactory>()));
        services.AddHostedService<StoreCompactor>();
        return services;
    }
}
