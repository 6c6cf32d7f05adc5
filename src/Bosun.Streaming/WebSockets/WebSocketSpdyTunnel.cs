using Bosun.Streaming.RemoteCommand;
using Bosun.Streaming.Tunnels;
using Microsoft.AspNetCore.Http;

namespace Bosun.Streaming.WebSockets;

/// <summary>
/// Port forwarding for kubectl 1.31+: a WebSocket with subprotocol <c>SPDY/3.1+portforward.k8s.io</c> whose binary
/// messages carry a SPDY session's bytes. As kube-apiserver's stream tunnel does, the backend gets a plain SPDY/3.1
/// upgrade for the protocols after the prefix, and the bytes are relayed unchanged both ways.
/// </summary>
public static class WebSocketSpdyTunnel
{
    /// <summary>True when <paramref name="context"/> is a WebSocket request for SPDY tunnelling.</summary>
    public static bool IsTunnelRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WebSockets.IsWebSocketRequest && SpdyProtocols(context).Count > 0;
    }

    /// <summary>Tunnels the WebSocket in <paramref name="context"/> to a SPDY upgrade of <paramref name="backend"/>.</summary>
    public static async Task ProxyAsync(HttpContext context, Uri backend, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var protocols = SpdyProtocols(context);
        if (protocols.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("unable to upgrade: no tunneling spdy protocols provided", cancellationToken);
            return;
        }

        var offered = protocols.Select(p => new KeyValuePair<string, string>(StreamProtocols.ProtocolVersionHeader, p));
        await using var upgrade = await UpgradeClient.SendAsync(invoker, HttpMethod.Post, backend, StreamProtocols.Spdy31, offered, cancellationToken);
        if (!upgrade.Upgraded)
        {
            context.Response.StatusCode = (int)upgrade.Response.StatusCode;
            await upgrade.Response.Content.CopyToAsync(context.Response.Body, cancellationToken);
            return;
        }

        var chosen = upgrade.Header(StreamProtocols.ProtocolVersionHeader);
        using var socket = await RawWebSocketHandshake.AcceptAsync(context, string.IsNullOrEmpty(chosen) ? null : StreamProtocols.WebSocketSpdyTunnelPrefix + chosen);
        using var messages = new WebSocketMessages(socket);
        var connection = upgrade.Connection!;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = UpAsync(messages, connection, stop.Token);
        var down = DownAsync(connection, messages, stop.Token);
        await Task.WhenAny(up, down);
        await stop.CancelAsync();
        await messages.CloseAsync(CancellationToken.None);
        await connection.DisposeAsync();
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
        socket.Abort();
    }

    // Sec-WebSocket-Protocol is read by hand: ASP.NET Core's parsed list treats '/' as a token separator and
    // loses "SPDY/3.1+portforward.k8s.io".
    private static List<string> SpdyProtocols(HttpContext context) =>
        context.Request.Headers.SecWebSocketProtocol
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.StartsWith(StreamProtocols.WebSocketSpdyTunnelPrefix, StringComparison.Ordinal) && p.EndsWith(".k8s.io", StringComparison.Ordinal))
            .Select(p => p[StreamProtocols.WebSocketSpdyTunnelPrefix.Length..])
            .ToList();

    private static async Task UpAsync(WebSocketMessages messages, Stream backend, CancellationToken cancellationToken)
    {
        try
        {
            while (await messages.ReceiveAsync(cancellationToken) is { } message)
            {
                await backend.WriteAsync(message, cancellationToken);
                await backend.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side left; the caller closes both.
        }
    }

    private static async Task DownAsync(Stream backend, WebSocketMessages messages, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int n;
            while ((n = await backend.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (!await messages.SendAsync(buffer.AsMemory(0, n), cancellationToken))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side left; the caller closes both.
        }
    }
}
