using Bosun.Api.Discovery;
using Bosun.Api.Errors;
using Bosun.Api.OpenApi;
using Bosun.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Handlers;

/// <summary>Discovery (legacy and aggregated) and OpenAPI v3 documents, with ETags.</summary>
internal sealed class DiscoveryHandler(DiscoveryDocuments discovery, OpenApiV3Documents openApi)
{
    private readonly ReadOnlyMemory<byte> _openApiV2 = OpenApiV2Document.Create(ServerVersion.GitVersion);

    /// <summary>/api, /apis, /api/v1, /apis/g, /apis/g/v.</summary>
    public Task HandleDiscoveryAsync(HttpContext context, string path)
    {
        var root = path.TrimEnd('/') is "/api" or "/apis";
        var format = DiscoveryNegotiation.Negotiate(context.Request.Headers.Accept, allowAggregated: root);
        if (format == DiscoveryFormat.NotAcceptable)
        {
            throw ApiException.NotAcceptable(["application/json", DiscoveryNegotiation.AggregatedV2ContentType, DiscoveryNegotiation.AggregatedV2Beta1ContentType]);
        }

        if (!discovery.TryGet(path, format, out var document))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        return WriteAsync(context, document.Body, document.ContentType, document.ETag, document.IsNotModified(context.Request.Headers.IfNoneMatch));
    }

    /// <summary>/openapi/v3 and /openapi/v3/&lt;group-version path&gt;.</summary>
    public Task HandleOpenApiAsync(HttpContext context, string path)
    {
        var rest = path["/openapi/v3".Length..].Trim('/');
        var document = rest.Length == 0 ? openApi.Root : openApi.TryGet(rest, out var found) ? found : null;
        if (document is null)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        return WriteAsync(context, document.Body, document.ContentType, document.ETag, document.IsNotModified(context.Request.Headers.IfNoneMatch));
    }

    /// <summary>/openapi/v2 as protobuf (the form kubectl asks for).</summary>
    public Task HandleOpenApiV2Async(HttpContext context)
    {
        var hash = Api.Discovery.EntityTag.Quote(Api.Discovery.EntityTag.ComputeHash(_openApiV2.Span));
        return WriteAsync(context, _openApiV2, OpenApiV2Document.ContentType, hash, Api.Discovery.EntityTag.IfNoneMatchMatches(context.Request.Headers.IfNoneMatch, hash));
    }

    private static Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> body, string contentType, string etag, bool notModified)
    {
        context.Response.Headers.ETag = etag;
        context.Response.Headers.Vary = "Accept";
        context.Response.Headers.CacheControl = "no-cache, private";
        if (notModified)
        {
            context.Response.StatusCode = 304;
            return Task.CompletedTask;
        }

        return ApiResponses.WriteBytesAsync(context, 200, body, contentType);
    }
}
