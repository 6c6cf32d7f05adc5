using Bosun.Streaming.RemoteCommand;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bosun.Streaming.Tunnels;

/// <summary>
/// Forwards an HTTP/1.1 upgrade request (SPDY or WebSocket) to a backend and, once the backend switched
/// protocols, relays the 101 and copies raw bytes both ways until either side closes — the way kube-apiserver
/// reaches kubelets and kubelets reach the runtime's streaming server when both ends speak the same protocol.
/// A refusal (any other status) is passed back to the client as it came.
/// </summary>
public static class UpgradeTunnel
{
    // Request headers that describe the upgrade; everything else (authentication above all) stays on this hop.
    private static readonly string[] ForwardedRequestHeaders =
    [
        "Upgrade", StreamProtocols.ProtocolVersionHeader, "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Origin",
    ];

    private static readonly string[] ForwardedResponseHeaders =
    [
        "Upgrade", StreamProtocols.ProtocolVersionHeader, "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions",
    ];

    /// <summary>True when <paramref name="context"/> is an HTTP/1.1 upgrade request (SPDY or WebSocket).</summary>
    public static bool IsUpgradeRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
    }

    /// <summary>
    /// Forwards the upgrade request in <paramref name="context"/> to <paramref name="target"/> through
    /// <paramref name="invoker"/> and relays the connection until it ends. The request must be an upgrade
    /// (see <see cref="IsUpgradeRequest"/>).
    /// </summary>
    public static async Task ProxyAsync(HttpContext context, Uri target, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<IHttpUpgradeFeature>();
        if (feature?.IsUpgradableRequest != true)
        {
            throw new InvalidOperationException("the request is not an HTTP/1.1 upgrade request");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in ForwardedRequestHeaders.Skip(1))
        {
            foreach (var value in context.Request.Headers[name])
            {
                if (value is not null)
                {
                    headers.Add(new(name, value));
                }
            }
        }

        var upgrade = context.Request.Headers.Upgrade.ToString();
        await using var backend = await UpgradeClient.SendAsync(invoker, new HttpMethod(context.Request.Method), target, upgrade, headers, cancellationToken);
        if (!backend.Upgraded)
        {
            await RelayRefusalAsync(context, backend.Response, cancellationToken);
            return;
        }

        foreach (var name in ForwardedResponseHeaders)
        {
            if (backend.Response.Headers.TryGetValues(name, out var values))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await using var client = await feature.UpgradeAsync();
        await PumpAsync(client, backend.Connection!, cancellationToken);
    }

    /// <summary>
    /// Copies bytes both ways between two connections until either direction ends (EOF or error), then closes both,
    /// as kube-apiserver's upgrade-aware proxy does: a half-closed upgrade has nobody left to talk to.
    /// </summary>
    public static async Task PumpAsync(Stream a, Stream b, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var forward = CopyAsync(a, b, done.Token);
        var backward = CopyAsync(b, a, done.Token);
        await Task.WhenAny(forward, backward);
        await done.CancelAsync();
        await a.DisposeAsync();
        await b.DisposeAsync();
        await Task.WhenAll(forward, backward);
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                await to.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or HttpRequestException)
        {
            // One side went away; the caller closes the other.
        }
    }

    private static async Task RelayRefusalAsync(HttpContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await response.Content.CopyToAsync(context.Response.Body, cancellationToken);
    }
}
