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

    private bool _cacheStarted;

    /// <summary>Why the server stopped itself (a refused token, another cluster's CA), or null.</summary>
    public string? Fatal { get; private set; }

    /// <summary>The identity to serve with; when <c>Ready</c> is false the rest continues in the background.</summary>
    public async Task<(ClusterCertificates Certificates, string Token, bool Ready)> StartAsync(ApiServerOptions options, CancellationToken cancellationToken)
    {
        string[] names = [options.BindAddress];
        while (true)
        {
            ClusterCertificates? joined = null;
            try
            {
                await RefuseOldLayoutAsync(cancellationToken);
                (joined, var token) = await ClusterBootstrap.ReconcileAsync(store, options.DataDir, options.Token, names, cancellationToken);
                await StartCacheAsync(cancellationToken);
                return (joined, token, true);
            }
            catch (StoreUnavailableException e)
            {
                joined?.Dispose();
                if (ClusterBootstrap.LoadLocal(options.DataDir, names) is { } local)
                {
                    LogServingUnready(logger, e.Message);
                    var authority = ClusterToken.HashOf(local.Certificates.Authority);
                    _ = Task.Run(() => FinishWhenAvailableAsync(options, names, authority, completeOnly: false, lifetime.ApplicationStopping), CancellationToken.None);
                    return (local.Certificates, local.Token, false);
                }

                LogWaiting(logger, e.Message);
                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Creates the system namespaces once the server listens; a datastore that fails meanwhile leaves the
    /// server unready and the rest to the background.
    /// </summary>
    public async Task CompleteAsync(ApiServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await bootstrapper.RunAsync(cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            LogStillUnavailable(logger, e.Message);
            _ = Task.Run(() => FinishWhenAvailableAsync(options, [options.BindAddress], null, completeOnly: true, lifetime.ApplicationStopping), CancellationToken.None);
        }
    }

    /// <summary>
    /// Development builds before 2026-11-28 kept objects under <c>/registry/</c> inside the datastore (and
    /// autoscaling/v1 HPAs and events.k8s.io events apart); this layout cannot be read, and starting over it
    /// would look like an empty cluster, so the server says so instead.
    /// </summary>
    private async Task RefuseOldLayoutAsync(CancellationToken cancellationToken)
    {
        if ((await store.RangeAsync(new RangeRequest("/registry/", null, 1), cancellationToken)).Items.Count > 0)
        {
            throw new BootstrapException(
                "the datastore holds objects in the key layout of an earlier Bosun development build (keys under /registry/), " +
                "which this version does not read: start with a new data dir or datastore");
        }
    }

    /// <summary>Loads the watch caches and starts following the store, once.</summary>
    private async Task StartCacheAsync(CancellationToken cancellationToken)
    {
        if (!_cacheStarted)
        {
            await hub.StartAsync(cancellationToken);
            _cacheStarted = true;
        }
    }

    private async Task FinishWhenAvailableAsync(ApiServerOptions options, string[] names, string? servingAuthority, bool completeOnly, CancellationToken stopping)
    {
        var identityChecked = completeOnly;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!identityChecked)
                {
                    var (certificates, _) = await ClusterBootstrap.ReconcileAsync(store, options.DataDir, options.Token, names, stopping);
                    var authority = ClusterToken.HashOf(certificates.Authority);
                    certificates.Dispose();
                    if (authority != servingAuthority)
                    {
                        Stop("the cluster CA in the datastore is not the one this server started with; start it again to take the datastore's");
                        return;
                    }

                    identityChecked = true;
                }

                await StartCacheAsync(stopping);
                await bootstrapper.RunAsync(stopping);
                LogReady(logger);
                return;
            }
            catch (BootstrapException e)
            {
                Stop(e.Message);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever it was (etcd gone again, a write whose outcome is unknown), the server stays unready
                // and tries again rather than staying unready for good.
                LogStillUnavailable(logger, e.Message);
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

    private void Stop(string reason)
    {
        Fatal = reason;
        LogRefused(logger, reason);
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "the datastore is not reachable ({Reason}); waiting for it before the first start")]
    private static partial void LogWaiting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the datastore is not reachable ({Reason}); serving with the certificates on disk, not ready until it is")]
    private static partial void LogServingUnready(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the datastore is still not reachable: {Reason}")]
    private static partial void LogStillUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "the datastore is reachable: caches loaded, server ready")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "stopping: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
