using System.Buffers;
using System.Text.Json;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Http;

/// <summary>Writes API responses: Status errors, single objects and lists in the negotiated format.</summary>
public static class ApiResponses
{
    /// <summary>Writes a body as is.</summary>
    public static async Task WriteBytesAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Writes an error as a Status object with its HTTP code.</summary>
    public static Task WriteStatusAsync(HttpContext context, ApiException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (error.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteBytesAsync(context, error.Code, StatusWriter.Failure(error), "application/json");
    }

    /// <summary>Writes one object in the negotiated format.</summary>
    public static Task WriteObjectAsync(HttpContext context, int statusCode, ResourceDefinition resource, ReadOnlyMemory<byte> stored, long revision, ResponseFormat format, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(format);
        byte[] body;
        switch (format.Kind)
        {
            case ResponseKind.Table:
                body = Build(w => TableWriter.Write(w, resource, [(new Storage.Cache.CachedObject<int>("", stored, revision, 0), revision)], revision, null, null, true, RowObjectOf(context), format.MetaVersion, now));
                break;
            case ResponseKind.PartialObjectMetadata:
                using (var document = JsonDocument.Parse(resource.ToServed(stored)))
                {
                    var root = document.RootElement;
                    body = Build(w => MetaWriter.WritePartialObjectMetadata(w, root, revision, format.MetaVersion));
                }

                break;
            case ResponseKind.Yaml:
                body = YamlBody.FromJson(ObjectJson.WithResourceVersion(resource.ToServed(stored).Span, revision));
                break;
            default:
                body = ObjectJson.WithResourceVersion(resource.ToServed(stored).Span, revision);
                break;
        }

        return WriteBytesAsync(context, statusCode, body, format.ContentType);
    }

    /// <summary>Writes a list (or its Table) without re-serializing the items.</summary>
    public static async Task WriteListAsync(HttpContext context, ResourceDefinition resource, ListResult list, ResponseFormat format, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(format);
        context.Response.StatusCode = 200;
        context.Response.ContentType = format.ContentType;
        switch (format.Kind)
        {
            case ResponseKind.Table:
                await WriteWithAsync(context, w => TableWriter.Write(w, resource, list.Items.Select(i => (i, i.Revision)), list.Revision, list.Continue, list.RemainingItemCount, true, RowObjectOf(context), format.MetaVersion, now));
                return;
            case ResponseKind.PartialObjectMetadata:
                await WriteWithAsync(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("kind", "PartialObjectMetadataList");
                    w.WriteString("apiVersion", $"meta.k8s.io/{format.MetaVersion}");
                    MetaWriter.WriteListMetadata(w, list.Revision, list.Continue, list.RemainingItemCount);
                    w.WriteStartArray("items");
                    foreach (var item in list.Items)
                    {
                        using var document = JsonDocument.Parse(resource.ToServed(item.Value));
                        MetaWriter.WritePartialObjectMetadata(w, document.RootElement, item.Revision, format.MetaVersion);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return;
            case ResponseKind.Yaml:
                using (var json = new MemoryStream())
                {
                    await WriteJsonListAsync(System.IO.Pipelines.PipeWriter.Create(json, new System.IO.Pipelines.StreamPipeWriterOptions(leaveOpen: true)), resource, list, context.RequestAborted);
                    var yaml = YamlBody.FromJson(json.ToArray());
                    await context.Response.Body.WriteAsync(yaml, context.RequestAborted);
                }

                return;
        }

        await WriteJsonListAsync(context.Response.BodyWriter, resource, list, context.RequestAborted);
    }

    /// <summary>The includeObject query parameter.</summary>
    public static RowObject RowObjectOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Query["includeObject"].ToString() switch
        {
            "Object" => RowObject.FullObject,
            "None" => RowObject.None,
            "" or "Metadata" => RowObject.Metadata,
            var other => throw ApiException.BadRequest($"includeObject: Unsupported value: \"{other}\": supported values: \"None\", \"Metadata\", \"Object\""),
        };
    }

    private static async Task WriteJsonListAsync(System.IO.Pipelines.PipeWriter output, ResourceDefinition resource, ListResult list, CancellationToken cancellationToken)
    {
        output.Write(System.Text.Encoding.UTF8.GetBytes($"{{\"kind\":\"{resource.ListKind}\",\"apiVersion\":\"{resource.ApiVersion}\","));
        // {"metadata":{...}} without its outer braces is the list's metadata member.
        var metadata = Build(w =>
        {
            w.WriteStartObject();
            MetaWriter.WriteListMetadata(w, list.Revision, list.Continue, list.RemainingItemCount);
            w.WriteEndObject();
        });
        output.Write(metadata.AsSpan(1, metadata.Length - 2));
        output.Write(",\"items\":["u8);
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            ObjectJson.WriteWithResourceVersion(output, resource.ToServed(list.Items[i].Value).Span, list.Items[i].Revision);
            if (output.UnflushedBytes > 256 * 1024)
            {
                // Large lists go out in chunks rather than being buffered whole.
                await output.FlushAsync(cancellationToken);
            }
        }

        output.Write("]}"u8);
        await output.FlushAsync(cancellationToken);
    }

    private static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteWithAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var body = Build(write);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
