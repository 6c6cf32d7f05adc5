using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Bosun.Storage.Etcd;

/// <summary>
/// The members of one etcd cluster and the failover between them: every call goes to the current member;
/// when it cannot be reached the next one becomes current. Calls are retried on another member only when
/// that cannot apply a write twice (see <see cref="CallAsync"/>).
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    /// <summary>
    /// etcd's "require leader" metadata: a member that has lost its leader refuses the call at once (and ends
    /// watches) with "no leader" instead of letting it hang; the call then moves to another member.
    /// </summary>
    private static readonly Metadata RequireLeader = new() { { "hasleader", "true" } };

    private readonly EtcdEndpoint[] _endpoints;
    private readonly ILogger _logger;
    private int _current;

    public EtcdConnection(EtcdStoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints.Count == 0)
            throw new ArgumentException("no etcd endpoint given", nameof(options));
        _logger = logger;
        RequestTimeout = options.RequestTimeout;
        AttemptTimeout = options.AttemptTimeout < options.RequestTimeout ? options.AttemptTimeout : options.RequestTimeout;
        _endpoints = options.Endpoints.Select(uri => new EtcdEndpoint(uri, CreateChannel(uri, options))).ToArray();
    }

    public TimeSpan RequestTimeout { get; }

    /// <summary>How long one member may take to answer before it is left for the next (a hung member).</summary>
    public TimeSpan AttemptTimeout { get; }

    public string Describe => string.Join(",", _endpoints.Select(e => e.Address));

    public EtcdEndpoint Current => _endpoints[Volatile.Read(ref _current)];

    /// <summary>Options for one call: the leader requirement, the overall deadline and the caller's token.</summary>
    public static CallOptions Options(DateTime deadline, CancellationToken cancellationToken) =>
        new(RequireLeader, deadline, cancellationToken);

    /// <summary>Options for a watch stream, which has no deadline.</summary>
    public static CallOptions StreamOptions(CancellationToken cancellationToken) => new(RequireLeader, cancellationToken: cancellationToken);

    /// <summary>Makes the member after <paramref name="failed"/> current, unless another call already moved on.</summary>
    public void Failover(EtcdEndpoint failed, string reason)
    {
        var index = Array.IndexOf(_endpoints, failed);
        var next = (index + 1) % _endpoints.Length;
        if (Interlocked.CompareExchange(ref _current, next, index) == index && _endpoints.Length > 1)
            EtcdStoreLog.FailedOver(_logger, failed.Address, reason, _endpoints[next].Address);
    }

    /// <summary>
    /// Runs a unary call on the current member within <see cref="RequestTimeout"/>. A failure that proves the
    /// request never reached etcd's state machine (no connection, no leader) is retried on the next member for
    /// any call; other unavailability only when <paramref name="idempotent"/> (reads), since a write may have
    /// been applied before its answer was lost. Errors are translated by <see cref="EtcdErrors"/>.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<EtcdEndpoint, CallOptions, AsyncUnaryCall<T>> call, bool idempotent, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RequestTimeout;
        for (var attempt = 1; ; attempt++)
        {
            var endpoint = Current;
            var attemptDeadline = DateTime.UtcNow + AttemptTimeout;
            try
            {
                return await call(endpoint, Options(attemptDeadline < deadline ? attemptDeadline : deadline, cancellationToken));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                // This member did not answer in time (hung, partitioned, overloaded): later calls go to the next.
                // A read is retried there; a write may have been applied, so its outcome stays unknown.
                Failover(endpoint, $"no answer within {AttemptTimeout.TotalSeconds:0.#} s");
                if (!idempotent)
                    throw EtcdErrors.Unavailable(e, Describe, AttemptTimeout);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && EtcdErrors.IsRetryable(e, idempotent))
            {
                Failover(endpoint, e.Status.Detail);
                var pause = TimeSpan.FromMilliseconds(Math.Min(1000, 25 * (1 << Math.Min(attempt, 6))));
                if (DateTime.UtcNow + pause >= deadline)
                    throw EtcdErrors.Unavailable(e, Describe, RequestTimeout);
                await Task.Delay(pause, cancellationToken);
            }
            catch (RpcException e)
            {
                throw EtcdErrors.Translate(e, Describe, RequestTimeout, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        foreach (var endpoint in _endpoints)
            endpoint.Dispose();
    }

    private static GrpcChannel CreateChannel(Uri address, EtcdStoreOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.DialTimeout,
            // A member that vanishes without closing its sockets (power loss, partition) is noticed by the
            // missing ping answer instead of waiting on TCP timeouts; the watch then moves to another member.
            // etcd answers pings more often than every 5 s (--grpc-keepalive-min-time) with GOAWAY.
            KeepAlivePingDelay = TimeSpan.FromSeconds(6),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(3),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
        };
        if (address.Scheme == Uri.UriSchemeHttps)
            handler.SslOptions = TlsOptions(options);
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // Lists of big objects exceed gRPC's 4 MB default; etcd itself sends responses of any size.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
    }

    private static SslClientAuthenticationOptions TlsOptions(EtcdStoreOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if (options.CertFile is not null)
        {
            if (options.KeyFile is null)
                throw new ArgumentException("an etcd client certificate needs its key file (KeyFile)", nameof(options));
            tls.ClientCertificates = [X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile)];
        }

        if (options.CaFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(options.CaFile);
            if (authorities.Count == 0)
                throw new ArgumentException($"no certificate found in the etcd CA file {options.CaFile}", nameof(options));
            tls.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust };
            tls.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        return tls;
    }
}
