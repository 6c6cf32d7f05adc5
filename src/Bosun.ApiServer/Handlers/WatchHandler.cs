using System.Buffers;
using System.Text.Json;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.ApiServer.Http;
using Bosun.ApiServer.Registry;
using Bosun.Storage;
using Bosun.Storage.Cache;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bosun.ApiServer.Handlers;

/// <summary>
/// Watch streams: one JSON event per line (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR), served from the
/// watch cache, with Kubernetes' resourceVersion rules, bookmarks, sendInitialEvents and timeouts.
/// </summary>
internal sealed class WatchHandler(ResourceReader reader, IOptions<ApiServerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, ResourceDefinition resource, string ns, string name, ListOptions list)
    {
        var format = AcceptNegotiator.Negotiate(context.Request.Headers.Accept, allowMetaKinds: true);
        if (format.Kind == ResponseKind.Yaml)
        {
            throw ApiException.NotAcceptable(["application/json", "application/json;as=Table;v=v1;g=meta.k8s.io"]);
        }

        var rowObject = format.Kind == ResponseKind.Table ? ApiResponses.RowObjectOf(context) : RowObject.Metadata;
        var filter = ObjectFilter.Create(resource, ns, list, name.Length > 0 ? name : null);
        var cache = reader.CacheOf(resource);
        var settings = options.Value;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var timeout = list.TimeoutSeconds is > 0 and var seconds
            ? TimeSpan.FromSeconds(seconds)
            : settings.MinRequestTimeout * (1 + Random.Shared.NextDouble());
        stop.CancelAfter(timeout);
        var ct = stop.Token;

        CacheWatcher<ObjectAttributes>? watcher = null;
        ApiException? startError = null;
        try
        {
            var initialState = list.SendInitialEvents ?? list.Revision is null or 0;
            if (list.Revision is null)
            {
                // Behind only by writes it never sees (or a moment of lag): start from what the cache has,
                // which loses no event of this cluster's resources.
                await reader.WaitConsistentAsync(ct);
            }
            else if (list.Revision is > 0 and var revision)
            {
                await reader.WaitForWatchStartAsync(revision, ct);
            }

            // sendInitialEvents=false without a version: changes only, from the latest state on.
            var after = list.Revision is null or 0 ? reader.Hub.Revision : list.Revision.Value;
            watcher = cache.Watch(after, initialState, list.SendInitialEvents is true, filter, settings.WatcherCapacity);
        }
        catch (CompactedException e)
        {
            startError = ApiException.Expired($"too old resource version: {e.RequestedRevision} ({e.CompactedRevision})");
        }
        catch (ApiException e) when (e.Code == 504)
        {
            startError = e;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = format.ContentType;
        context.Response.Headers.CacheControl = "no-cache, private";
        var output = context.Response.BodyWriter;
        var state = new StreamState(resource, format, rowObject, time);
        if (startError is not null)
        {
            // Kubernetes reports a watch that cannot start as an ERROR event on a 200 stream.
            WriteError(output, startError);
            await output.FlushAsync(CancellationToken.None);
            return;
        }

        using (watcher)
        {
            try
            {
                foreach (var e in watcher!.InitialEvents)
                {
                    Write(output, e, state);
                    if (output.UnflushedBytes > 64 * 1024)
                    {
                        await output.FlushAsync(ct);
                    }
                }

                await output.FlushAsync(ct);
                var events = watcher.Events;
                var nextBookmark = time.GetUtcNow() + settings.BookmarkInterval;
                while (true)
                {
                    while (events.TryRead(out var e))
                    {
                        Write(output, e, state);
                        if (output.UnflushedBytes > 64 * 1024)
                        {
                            await output.FlushAsync(ct);
                        }
                    }

                    if (output.UnflushedBytes > 0)
                    {
                        await output.FlushAsync(ct);
                    }

                    var wait = nextBookmark - time.GetUtcNow();
                    using var pause = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    pause.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                    try
                    {
                        if (!await events.WaitToReadAsync(pause.Token))
                        {
                            // Ended by the cache (slow watcher or relist): the client resumes from its last version.
                            return;
                        }
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        if (list.AllowWatchBookmarks)
                        {
                            cache.Bookmark(watcher);
                        }

                        nextBookmark = time.GetUtcNow() + settings.BookmarkInterval;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout, client gone or server stopping: end the stream.
            }
        }
    }

    private static void Write(IBufferWriter<byte> output, CacheEvent<ObjectAttributes> e, StreamState state)
    {
        var type = e.Type switch
        {
            CacheEventType.Added => "ADDED",
            CacheEventType.Modified => "MODIFIED",
            CacheEventType.Deleted => "DELETED",
            _ => "BOOKMARK",
        };
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WritePropertyName("object");
            if (e.Type == CacheEventType.Bookmark)
            {
                WriteBookmarkObject(w, state, e);
            }
            else if (state.Format.Kind == ResponseKind.Table)
            {
                TableWriter.Write(w, state.Resource, [(e.Item!, e.Revision)], e.Revision, null, null, !state.ColumnsSent, state.RowObject, state.Format.MetaVersion, state.Time.GetUtcNow());
                state.ColumnsSent = true;
            }
            else if (state.Format.Kind == ResponseKind.PartialObjectMetadata)
            {
                using var document = JsonDocument.Parse(state.Resource.ToServed(e.Item!.Value));
                MetaWriter.WritePartialObjectMetadata(w, document.RootElement, e.Revision, state.Format.MetaVersion);
            }
            else
            {
                MetaWriter.WriteObject(w, state.Resource.ToServed(e.Item!.Value).Span, e.Revision);
            }

            w.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>A bookmark carries an object of the watched kind with only its resourceVersion (and annotations for the initial-events end).</summary>
    private static void WriteBookmarkObject(Utf8JsonWriter w, StreamState state, CacheEvent<ObjectAttributes> e)
    {
        w.WriteStartObject();
        if (state.Format.Kind == ResponseKind.Table || state.Format.Kind == ResponseKind.PartialObjectMetadata)
        {
            w.WriteString("kind", "PartialObjectMetadata");
            w.WriteString("apiVersion", $"meta.k8s.io/{state.Format.MetaVersion}");
        }
        else
        {
            w.WriteString("kind", state.Resource.Kind);
            w.WriteString("apiVersion", state.Resource.ApiVersion);
        }

        w.WriteStartObject("metadata");
        w.WriteString("resourceVersion", e.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteNull("creationTimestamp");
        if (e.InitialEventsEnd)
        {
            w.WriteStartObject("annotations");
            w.WriteString("k8s.io/initial-events-end", "true");
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteError(IBufferWriter<byte> output, ApiException error)
    {
        output.Write("{\"type\":\"ERROR\",\"object\":"u8);
        output.Write(StatusWriter.Failure(error));
        output.Write("}\n"u8);
    }

    private sealed class StreamState(ResourceDefinition resource, ResponseFormat format, RowObject rowObject, TimeProvider time)
    {
        public ResourceDefinition Resource { get; } = resource;

        public ResponseFormat Format { get; } = format;

        public RowObject RowObject { get; } = rowObject;

        public TimeProvider Time { get; } = time;

        public bool ColumnsSent { get; set; }
    }
}
