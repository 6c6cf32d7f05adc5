using Bosun.Api.Errors;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Authorization;
using Bosun.ApiServer.Handlers;
using Bosun.ApiServer.Http;
using Bosun.ApiServer.Routing;
using Bosun.ApiServer.Registry;
using Bosun.Storage;
using Bosun.Storage.Cache;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bosun.ApiServer.Hosting;

/// <summary>
/// Every request's path: authenticate, authorize, route (health, version, discovery, OpenAPI, resources),
/// and turn every failure into a Kubernetes Status in this one place.
/// </summary>
internal sealed partial class ApiRequestPipeline(
    IEnumerable<IAuthenticator> authenticators,
    IAuthorizer authorizer,
    ResourceHandler resources,
    DiscoveryHandler discovery,
    HealthHandler health,
    NodeJoinHandler nodeJoin,
    CacheHub<ObjectAttributes> hub,
    ILogger<ApiRequestPipeline> logger)
{
    private static readonly HashSet<string> PublicPaths = ["/healthz", "/livez", "/readyz", "/version"];

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var path = context.Request.Path.Value ?? "/";
            if (path == NodeJoinHandler.Path)
            {
                // Authenticated by the cluster token, which is no user of the API.
                await nodeJoin.HandleAsync(context);
                return;
            }

            if (path == NodeJoinHandler.AuthorityPath && HttpMethods.IsGet(context.Request.Method))
            {
                await nodeJoin.HandleAuthorityAsync(context);
                return;
            }

            var user = await AuthenticateAsync(context, path);
            var info = RequestInfoParser.Parse(context.Request.Method, path, IsWatchQuery(context))
                ?? new RequestInfo { Verb = context.Request.Method.ToLowerInvariant() };
            if (await authorizer.AuthorizeAsync(user, info, path, context.RequestAborted) is { } denied)
            {
                throw ApiException.Forbidden(denied);
            }

            if (info.IsResourceRequest && !hub.Ready)
            {
                throw ApiException.ServiceUnavailable("the server is starting: the datastore has not been reached yet");
            }

            await RouteAsync(context, path, info, user);
        }
        catch (ApiException e)
        {
            await TryWriteStatusAsync(context, e);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (ValueTooLargeException e)
        {
            // The object fits the request body limit but not the datastore's (etcd's --max-request-bytes).
            await TryWriteStatusAsync(context, ApiException.RequestEntityTooLarge($"the object is too large for the datastore: {e.Message}"));
        }
        catch (Exception e) when (e is StoreUnavailableException or TimeoutException)
        {
            await TryWriteStatusAsync(context, ApiException.ServiceUnavailable($"the datastore is not available: {e.Message}"));
        }
        catch (Exception e)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path.Value ?? "", e);
            await TryWriteStatusAsync(context, ApiException.Internal(e.Message));
        }
    }

    private async Task RouteAsync(HttpContext context, string path, RequestInfo info, UserInfo user)
    {
        var method = context.Request.Method;
        if (info.IsResourceRequest)
        {
            await resources.HandleAsync(context, info, user);
            return;
        }

        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            if (info.Prefix.Length > 0)
            {
                throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");
            }

            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        switch (trimmed)
        {
            case "/version":
                await ApiResponses.WriteBytesAsync(context, 200, ServerVersion.Json(), "application/json");
                return;
            case "/healthz" or "/livez" or "/readyz":
                await health.HandleAsync(context, trimmed[1..], null);
                return;
            case "/openapi/v2":
                // kubectl 1.27 and 1.28 need a (protobuf) v2 document before create/apply/replace; newer ones use v3.
                await discovery.HandleOpenApiV2Async(context);
                return;
        }

        foreach (var endpoint in new[] { "/healthz/", "/livez/", "/readyz/" })
        {
            if (trimmed.StartsWith(endpoint, StringComparison.Ordinal))
            {
                await health.HandleAsync(context, endpoint.Trim('/'), trimmed[endpoint.Length..]);
                return;
            }
        }

        if (info.Prefix.Length > 0)
        {
            await discovery.HandleDiscoveryAsync(context, trimmed);
            return;
        }

        if (trimmed == "/openapi/v3" || trimmed.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            await discovery.HandleOpenApiAsync(context, trimmed);
            return;
        }

        throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }

    private async Task<UserInfo> AuthenticateAsync(HttpContext context, string path)
    {
        foreach (var authenticator in authenticators)
        {
            if (await authenticator.AuthenticateAsync(context, context.RequestAborted) is { } user)
            {
                return user;
            }
        }

        // Health and version are public, as Kubernetes' system:public-info-viewer role makes them (exact paths only).
        if (PublicPaths.Contains(path) || path == "/version/")
        {
            return UserInfo.Anonymous;
        }

        throw ApiException.Unauthorized();
    }

    private static bool IsWatchQuery(HttpContext context) =>
        context.Request.Query.TryGetValue("watch", out var watch) && watch.ToString() is "" or "1" or "true" or "True";

    private static async Task TryWriteStatusAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            // Too late for a status code (a stream was already answering): end it.
            context.Abort();
            return;
        }

        context.Response.Clear();
        await ApiResponses.WriteStatusAsync(context, error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "unhandled error serving {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception error);
}
