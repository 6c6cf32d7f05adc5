using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace Bosun.Storage.Etcd;

/// <summary>Reads etcd's gRPC errors: which may be retried, and which store exception each one is.</summary>
internal static class EtcdErrors
{
    // etcd's error descriptions (etcdserver/api/v3rpc/rpctypes), stable across 3.x.
    public const string Compacted = "required revision has been compacted";
    public const string FutureRevision = "required revision is a future revision";
    private const string NoLeader = "etcdserver: no leader";
    private const string TooManyRequests = "etcdserver: too many requests";
    private const string RequestTooLarge = "etcdserver: request is too large";

    // Grpc.Net.Client's words for "no connection could be made", before anything was sent.
    private const string SubchannelConnectFailed = "Error connecting to subchannel";

    /// <summary>
    /// True when the call can go to another member: always when etcd provably did not start it (no connection
    /// was made, the member had no leader or shed load); for reads on any unavailability.
    /// </summary>
    public static bool IsRetryable(RpcException e, bool idempotent)
    {
        // etcd sheds load with ResourceExhausted "too many requests" before doing anything.
        if (e.StatusCode == StatusCode.ResourceExhausted && e.Status.Detail.Contains(TooManyRequests))
            return true;
        if (e.StatusCode != StatusCode.Unavailable)
            return false;
        return idempotent || NotSent(e);
    }

    /// <summary>The store exception for a failed call that will not be retried.</summary>
    public static Exception Translate(RpcException e, string endpoints, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return new OperationCanceledException(cancellationToken);
        var detail = e.Status.Detail;
        return e.StatusCode switch
        {
            StatusCode.OutOfRange when detail.Contains(FutureRevision) => new FutureRevisionException(detail),
            StatusCode.OutOfRange when detail.Contains(Compacted) => new CompactedException(detail, e),
            StatusCode.InvalidArgument when detail.Contains(RequestTooLarge) => new ValueTooLargeException(detail, e),
            StatusCode.ResourceExhausted when detail.Contains(TooManyRequests) => Unavailable(e, endpoints, timeout),
            // A message over gRPC's limit (etcd's --max-request-bytes plus framing) is also ResourceExhausted.
            StatusCode.ResourceExhausted when detail.Contains("message larger than max", StringComparison.OrdinalIgnoreCase)
                || detail.Contains(RequestTooLarge) => new ValueTooLargeException(detail, e),
            // "mvcc: database space exceeded" (the NOSPACE alarm) and anything else: etcd refuses writes.
            StatusCode.ResourceExhausted => new StoreException($"etcd refused the write: {detail}", e),
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Internal or StatusCode.Unknown
                => Unavailable(e, endpoints, timeout),
            _ => new StoreException($"etcd failed the request: {e.StatusCode}: {detail}", e),
        };
    }

    /// <summary>A <see cref="StoreUnavailableException"/> that says which endpoints and what went wrong.</summary>
    public static StoreUnavailableException Unavailable(RpcException e, string endpoints, TimeSpan timeout)
    {
        var why = e.StatusCode == StatusCode.DeadlineExceeded
            ? $"no answer within {timeout.TotalSeconds:0.#} s"
            : Describe(e);
        return new StoreUnavailableException($"etcd ({endpoints}) is unavailable: {why}", e);
    }

    /// <summary>The most telling message of an error: the connection failure under a gRPC status if any.</summary>
    public static string Describe(Exception e)
    {
        if (e is RpcException rpc)
        {
            var cause = (Exception?)Find<HttpRequestException>(rpc.Status.DebugException) ?? rpc.Status.DebugException;
            var root = cause?.InnerException;
            return cause is null ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : $"{rpc.Status.Detail} {cause.Message}{(root is null ? "" : $" ({root.Message})")}";
        }

        return e.Message;
    }

    private static bool NotSent(RpcException e)
    {
        if (e.Status.Detail.Contains(NoLeader) || e.Status.Detail.Contains(TooManyRequests) || e.Status.Detail.Contains(SubchannelConnectFailed))
            return true;
        if (Find<SocketException>(e.Status.DebugException)?.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut)
            return true;
        return Find<HttpRequestException>(e.Status.DebugException)?.HttpRequestError is
            HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }

        return null;
    }
}
