using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bosun.Streaming.WebSockets;

/// <summary>
/// The server side of the RFC 6455 handshake done by hand, for subprotocols .NET refuses to name: its validation
/// rejects '/', and kubectl's port-forward tunnel protocol is <c>SPDY/3.1+portforward.k8s.io</c>.
/// </summary>
public static class RawWebSocketHandshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Answers 101 with <paramref name="subProtocol"/> and returns the server-side WebSocket.</summary>
    public static async Task<WebSocket> AcceptAsync(HttpContext context, string? subProtocol)
    {
        ArgumentNullException.ThrowIfNull(context);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade?.IsUpgradableRequest != true || key.Length == 0)
        {
            throw new InvalidOperationException("not a WebSocket upgrade request");
        }

        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = AcceptKey(key);
        if (!string.IsNullOrEmpty(subProtocol))
        {
            context.Response.Headers.SecWebSocketProtocol = subProtocol;
        }

        var stream = await upgrade.UpgradeAsync();
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
    }

    /// <summary>The Sec-WebSocket-Accept value for a client's key (RFC 6455 section 4.2.2).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6455 fixes SHA-1 for the handshake; it protects nothing.")]
    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + AcceptGuid)));
}
