using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.ApiServer.Kubelets;
using Bosun.ApiServer.Registry;
using Bosun.ApiServer.Routing;
using Bosun.Streaming.RemoteCommand;
using Bosun.Streaming.Tunnels;
using Bosun.Streaming.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bosun.ApiServer.Handlers;

/// <summary>
/// pods/log, pods/exec, pods/attach and pods/portforward: find the pod, its container and its node's agent (as
/// kube-apiserver's LogLocation/ExecLocation/AttachLocation/PortForwardLocation do), then stream the agent's
/// log body through, or carry the upgraded connection — tunnelled unchanged when the client speaks what the agent
/// speaks (SPDY), translated when it speaks WebSocket channels (v5/v4), or SPDY wrapped in WebSocket messages.
/// </summary>
internal sealed class PodStreamingHandler(ResourceReader reader, ResourceCatalog catalog, KubeletLocator locator, KubeletTransport transport)
{
    public async Task HandleAsync(HttpContext context, RequestInfo info, string subresource)
    {
        var ct = context.RequestAborted;
        switch (subresource)
        {
            case "log":
            {
                var options = PodLogQuery.Parse(context.Request.Query, info.Name);
                var pod = await PodAsync(info, ct);
                var container = PodContainers.Resolve(pod, info.Name, options.Container);
                if (NodeOf(pod) is not { } node)
                {
                    // Upstream streams nothing for a pod no kubelet runs yet.
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "text/plain";
                    return;
                }

                var url = new Uri(await BackendAsync(node, ct), $"/containerLogs/{Segment(info.Namespace)}/{Segment(info.Name)}/{Segment(container)}{options.KubeletQuery()}");
                await StreamLogAsync(context, url, info.Name, ct);
                return;
            }

            case "exec" or "attach":
            {
                var exec = subresource == "exec";
                var query = context.Request.Query;
                var command = query["command"].Where(c => c is not null).Select(c => c!).ToList();
                if (exec && command.Count == 0)
                {
                    throw ApiException.BadRequest("you must specify at least 1 command");
                }

                var tty = QueryValues.Bool(query, "tty");
                var options = new StreamOptions(QueryValues.Bool(query, "stdin"), QueryValues.Bool(query, "stdout"), QueryValues.Bool(query, "stderr") && !tty, tty);
                if (!options.Stdin && !options.Stdout && !options.Stderr)
                {
                    throw ApiException.BadRequest("you must specify at least one of stdin, stdout, stderr");
                }

                var pod = await PodAsync(info, ct);
                var container = PodContainers.Resolve(pod, info.Name, query["container"].ToString());
                var node = NodeOf(pod) ?? throw ApiException.BadRequest($"pod {info.Name} does not have a host assigned");
                var url = new Uri(await BackendAsync(node, ct), $"/{subresource}/{Segment(info.Namespace)}/{Segment(info.Name)}/{Segment(container)}{KubeletStreamQuery(command, options)}");
                await UpgradeAsync(context, url, options, ct);
                return;
            }

            case "portforward":
            {
                var ports = PortsOf(context.Request.Query);
                var pod = await PodAsync(info, ct);
                var node = NodeOf(pod) ?? throw ApiException.BadRequest($"pod {info.Name} does not have a host assigned");
                var query = string.Join('&', ports.Select(p => "port=" + p.ToString(CultureInfo.InvariantCulture)));
                var url = new Uri(await BackendAsync(node, ct), $"/portForward/{Segment(info.Namespace)}/{Segment(info.Name)}{(query.Length > 0 ? "?" + query : "")}");
                await UpgradeAsync(context, url, null, ct);
                return;
            }

            default:
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
    }

    private async Task UpgradeAsync(HttpContext context, Uri url, StreamOptions? options, CancellationToken ct)
    {
        try
        {
            if (options is not null && WebSocketExecTranslator.CanTranslate(context))
            {
                await WebSocketExecTranslator.TranslateAsync(context, url, transport.Invoker, options, ct);
            }
            else if (options is null && WebSocketSpdyTunnel.IsTunnelRequest(context))
            {
                await WebSocketSpdyTunnel.ProxyAsync(context, url, transport.Invoker, ct);
            }
            else if (UpgradeTunnel.IsUpgradeRequest(context))
            {
                await UpgradeTunnel.ProxyAsync(context, url, transport.Invoker, ct);
            }
            else
            {
                throw ApiException.BadRequest("Upgrade request required");
            }
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(500, "InternalError", $"error dialing backend: {e.Message}");
        }
    }

    private async Task StreamLogAsync(HttpContext context, Uri url, string podName, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            response = await transport.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(500, "", $"Get \"{url}\": {e.Message}");
        }

        using (response)
        {
            var code = (int)response.StatusCode;
            if (code is < 200 or > 206)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw response.StatusCode switch
                {
                    HttpStatusCode.BadRequest => ApiException.BadRequest(text),
                    HttpStatusCode.InternalServerError => ApiException.Internal(text),
                    HttpStatusCode.NotFound => new ApiException(404, "NotFound", text) { DetailsName = podName, DetailsKind = "pods/log" },
                    _ => new ApiException(code, "", text) { DetailsName = podName, DetailsKind = "pods/log" },
                };
            }

            // Each chunk goes out as it comes, so `kubectl logs -f` shows lines at once.
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[16 * 1024];
            int n;
            try
            {
                while ((n = await body.ReadAsync(buffer, ct)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, n), ct);
                    await context.Response.Body.FlushAsync(ct);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The agent went away mid-stream: the log simply ends.
            }
        }
    }

    private async Task<JsonObject> PodAsync(RequestInfo info, CancellationToken ct)
    {
        var pods = catalog.Find("", "v1", "pods") ?? throw ApiException.Internal("pods are not served");
        var stored = await reader.GetAsync(pods, info.Namespace, info.Name, null, ct) ?? throw ApiException.NotFound("", "pods", info.Name);
        return JsonNode.Parse(stored.Value.Span) as JsonObject ?? [];
    }

    private async Task<Uri> BackendAsync(string node, CancellationToken ct) => await locator.LocateAsync(node, ct);

    private static string? NodeOf(JsonObject pod) => pod["spec"]?["nodeName"]?.ToString() is { Length: > 0 } node ? node : null;

    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>The kubelet's exec/attach query: repeated <c>command</c>, and input/output/error/tty set to 1 when on.</summary>
    private static string KubeletStreamQuery(IReadOnlyList<string> command, StreamOptions options)
    {
        var query = new StringBuilder();
        foreach (var part in command)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append("command=").Append(Uri.EscapeDataString(part));
        }

        foreach (var (name, on) in new[] { ("input", options.Stdin), ("output", options.Stdout), ("error", options.Stderr), ("tty", options.Tty) })
        {
            if (on)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append("=1");
            }
        }

        return query.ToString();
    }

    private static List<int> PortsOf(IQueryCollection query)
    {
        var ports = new List<int>();
        foreach (var text in query["ports"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw ApiException.BadRequest($"invalid port \"{text}\": ports must be in the range 1-65535");
            }

            ports.Add(port);
        }

        return ports;
    }
}
