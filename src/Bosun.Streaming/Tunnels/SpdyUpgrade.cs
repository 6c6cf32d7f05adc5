using Bosun.Streaming.RemoteCommand;
using Bosun.Streaming.Spdy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Bosun.Streaming.Tunnels;

/// <summary>
/// The server half of a SPDY/3.1 upgrade, as Kubernetes' httpstream handshake does it: negotiate a stream
/// protocol from the client's <c>X-Stream-Protocol-Version</c> list (client order wins), answer 101, and run a
/// server-role <see cref="SpdyConnection"/> on the connection.
/// </summary>
public static class SpdyUpgrade
{
    /// <summary>
    /// Upgrades <paramref name="context"/> to SPDY speaking one of <paramref name="protocols"/>. On failure the
    /// HTTP answer (400 not an upgrade, 403 no common protocol) is written and null returned. A client that names
    /// no protocol gets the oldest, as Kubernetes' handshake assumes.
    /// </summary>
    public static async Task<(SpdyConnection Connection, string Protocol)?> AcceptAsync(HttpContext context, IReadOnlyList<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(protocols);
        var feature = context.Features.Get<IHttpUpgradeFeature>();
        if (feature?.IsUpgradableRequest != true
            || !context.Request.Headers.Upgrade.ToString().Contains(StreamProtocols.Spdy31, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("unable to upgrade: missing upgrade headers in request");
            return null;
        }

        var offered = ClientProtocols(context.Request.Headers[StreamProtocols.ProtocolVersionHeader]);
        var chosen = offered.Count == 0 ? protocols[^1] : offered.FirstOrDefault(protocols.Contains);
        if (chosen is null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', offered)}], server supports [{string.Join(' ', protocols)}]");
            return null;
        }

        context.Response.Headers.Upgrade = StreamProtocols.Spdy31;
        context.Response.Headers[StreamProtocols.ProtocolVersionHeader] = chosen;
        var connection = await feature.UpgradeAsync();
        return (SpdyConnection.CreateServer(connection), chosen);
    }

    /// <summary>The protocols of every <c>X-Stream-Protocol-Version</c> header, comma-separated lists split.</summary>
    public static IReadOnlyList<string> ClientProtocols(StringValues headers) =>
        headers.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
}
