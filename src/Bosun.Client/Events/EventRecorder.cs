using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Client.Events;

/// <summary>
/// Writes core/v1 Events as client-go's record.EventRecorder does: recording never blocks the caller (a bounded
/// queue, dropped when full — events are best effort), and the same (object, type, reason, message) seen again
/// within 10 minutes bumps count and lastTimestamp on the existing Event instead of creating another.
/// Call <see cref="RunAsync"/> to write.
/// </summary>
public sealed partial class EventRecorder
{
    private static readonly TimeSpan DedupWindow = TimeSpan.FromMinutes(10);
    private const int MaxRemembered = 4096;

    private readonly IKubernetes _client;
    private readonly V1EventSource _source;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<Corev1Event> _pending = Channel.CreateBounded<Corev1Event>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<string, Recorded> _recent = new(StringComparer.Ordinal);

    public EventRecorder(IKubernetes client, string component, string? host = null, ILogger? logger = null, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _source = new V1EventSource { Component = component, Host = host };
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Queues an event about <paramref name="involved"/> (type Normal or Warning).</summary>
    public void Record(V1ObjectReference involved, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(involved);
        var now = _time.GetUtcNow().UtcDateTime;
        _pending.Writer.TryWrite(new Corev1Event
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = string.IsNullOrEmpty(involved.NamespaceProperty) ? "default" : involved.NamespaceProperty },
            InvolvedObject = involved,
            Type = type,
            Reason = reason,
            Message = message,
            Source = _source,
            ReportingComponent = _source.Component,
            ReportingInstance = _source.Host ?? "",
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        });
    }

    /// <summary>A reference to <paramref name="obj"/> for <see cref="Record"/>.</summary>
    public static V1ObjectReference ReferenceTo(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new V1ObjectReference
        {
            ApiVersion = obj.ApiVersion,
            Kind = obj.Kind,
            NamespaceProperty = obj.Metadata?.NamespaceProperty,
            Name = obj.Metadata?.Name,
            Uid = obj.Metadata?.Uid,
            ResourceVersion = obj.Metadata?.ResourceVersion,
        };
    }

    /// <summary>Writes queued events until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await WriteAsync(e, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogWriteFailed(_logger, e.Reason, e.InvolvedObject.Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: queued events are dropped, as client-go's broadcaster does on shutdown.
        }
    }

    private async Task WriteAsync(Corev1Event e, CancellationToken cancellationToken)
    {
        var o = e.InvolvedObject;
        var key = string.Join('\u0000', e.Source.Component, o.Kind, o.NamespaceProperty, o.Name, o.Uid, e.Type, e.Reason, e.Message);
        var now = e.LastTimestamp!.Value;
        if (_recent.TryGetValue(key, out var seen) && now - seen.LastSeen <= DedupWindow)
        {
            var count = seen.Count + 1;
            var patch = new V1Patch(
                $$"""{"count":{{count}},"lastTimestamp":"{{now:yyyy-MM-ddTHH:mm:ssZ}}"}""",
                V1Patch.PatchType.MergePatch);
            try
            {
                await _client.CoreV1.PatchNamespacedEventAsync(patch, seen.Name, e.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
                _recent[key] = seen with { Count = count, LastSeen = now };
                return;
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // The event was deleted (or expired): start a new series.
            }
        }

        // client-go's naming: the object's name and the time in hex nanoseconds.
        e.Metadata.Name = $"{o.Name}.{(now - DateTime.UnixEpoch).Ticks * 100:x}";
        var created = await _client.CoreV1.CreateNamespacedEventAsync(e, e.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        if (_recent.Count >= MaxRemembered)
        {
            _recent.Clear();
        }

        _recent[key] = new Recorded(created.Metadata.Name, 1, now);
    }

    private sealed record Recorded(string Name, int Count, DateTime LastSeen);

    [LoggerMessage(Level = LogLevel.Information, Message = "could not write event {Reason} about {Name}: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string reason, string name, string error);
}
