using Microsoft.Extensions.Logging;

namespace Bosun.Storage.Etcd;

internal static partial class EtcdStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "etcd member {Endpoint} failed ({Reason}); switching to {Next}")]
    public static partial void FailedOver(ILogger logger, Uri endpoint, string reason, Uri next);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "watch on {Prefix} resumed after revision {Revision} on {Endpoint}")]
    public static partial void WatchResumed(ILogger logger, string prefix, long revision, Uri endpoint);
}
