using Bosun.ApiServer.Certificates;
using Bosun.ApiServer.Registry;
using Bosun.Storage;
using Bosun.Storage.Cache;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bosun.ApiServer.Hosting;

/// <summary>
/// Brings up what depends on the datastore: the cluster's identity (<see cref="ClusterBootstrap"/>), the
/// watch caches and the system namespaces. A datastore that cannot be reached (etcd down, wrong address)
/// does not stop the server: one that has started before serves with the identity it keeps on disk, reports
/// not ready on /readyz and finishes starting in the background when the datastore appears; on a first start
/// (no identity yet) it waits for the datastore, saying so in its log.
/// </summary>
internal sealed partial class DatastoreStartup(
    IStore store,
    CacheHub<ObjectAttributes> hub,
    Bootstrapper bootstrapper,
    IHostApplicationLifetime lifetime,
    ILogger<DatastoreStartup> logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>The identity to serve with; when <c>Ready</c> is false the rest continues in the background.</summary>
    public async Task<(ClusterCertificates Certificates, string Token, bool Ready)> StartAsync(ApiServerOptions options, CancellationToken cancellationToken)
    {
        string[] names = [options.BindAddress];
        while (true)
        {
            try
            {
                var (certificates, token) = await ClusterBootstrap.ReconcileAsync(store, options.DataDir, options.Token, names, cancellationToken);
                await hub.StartAsync(cancellationToken);
                return (certificates, token, true);
            }
            catch (StoreUnavailableException e)
            {
                if (ClusterBootstrap.LoadLocal(options.DataDir, names) is { } local)
                {
                    LogServingUnready(logger, e.Message);
                    var authority = ClusterToken.HashOf(local.Certificates.Authority);
                    _ = Task.Run(() => FinishWhenAvailableAsync(options, names, authority, lifetime.ApplicationStopping), CancellationToken.None);
                    return (local.Certificates, local.Token, false);
                }

                LogWaiting(logger, e.Message);
                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
    }

    /// <summary>Creates the system namespaces (once the caches are loaded).</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => bootstrapper.RunAsync(cancellationToken);

    private async Task FinishWhenAvailableAsync(ApiServerOptions options, string[] names, string servingAuthority, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var (certificates, _) = await ClusterBootstrap.ReconcileAsync(store, options.DataDir, options.Token, names, stopping);
                var authority = ClusterToken.HashOf(certificates.Authority);
                certificates.Dispose();
                if (authority != servingAuthority)
                {
                    LogAuthorityChanged(logger);
                    lifetime.StopApplication();
                    return;
                }

                await hub.StartAsync(stopping);
                await bootstrapper.RunAsync(stopping);
                LogReady(logger);
                return;
            }
            catch (StoreUnavailableException e)
            {
                LogStillUnavailable(logger, e.Message);
            }
            catch (BootstrapException e)
            {
                LogRefused(logger, e.Message);
                lifetime.StopApplication();
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(RetryInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "the datastore is not reachable ({Reason}); waiting for it before the first start")]
    private static partial void LogWaiting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the datastore is not reachable ({Reason}); serving with the certificates on disk, not ready until it is")]
    private static partial void LogServingUnready(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the datastore is still not reachable: {Reason}")]
    private static partial void LogStillUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "the datastore is reachable: caches loaded, server ready")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "the cluster CA in the datastore is not the one this server started with; stopping (start it again to take the datastore's)")]
    private static partial void LogAuthorityChanged(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "stopping: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
