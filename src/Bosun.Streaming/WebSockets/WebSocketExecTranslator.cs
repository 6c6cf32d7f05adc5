using System.Net.WebSockets;
using Bosun.Streaming.RemoteCommand;
using Bosun.Streaming.Spdy;
using Bosun.Streaming.Tunnels;
using Microsoft.AspNetCore.Http;

namespace Bosun.Streaming.WebSockets;

/// <summary>
/// Serves a WebSocket exec/attach client (v5.channel.k8s.io from kubectl 1.30+, v4.channel.k8s.io from the C#
/// client) from a backend that speaks only SPDY, as kube-apiserver's stream translator does: it opens the SPDY
/// session as a client would, relays channels to streams and back, and ends with the Status on the error channel.
/// </summary>
public static class WebSocketExecTranslator
{
    /// <summary>The WebSocket protocols translated, most preferred first.</summary>
    public static IReadOnlyList<string> Protocols { get; } = [StreamProtocols.V5, StreamProtocols.V4];

    /// <summary>True when <paramref name="context"/> is a WebSocket request offering a translated protocol.</summary>
    public static bool CanTranslate(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WebSockets.IsWebSocketRequest && context.WebSockets.WebSocketRequestedProtocols.Any(Protocols.Contains);
    }

    /// <summary>
    /// Translates the WebSocket request in <paramref name="context"/> to a SPDY session with
    /// <paramref name="backend"/> (a kubelet-style exec or attach URL) through <paramref name="invoker"/>.
    /// A backend refusal is passed back as the HTTP answer, before any WebSocket exists.
    /// </summary>
    public static async Task TranslateAsync(HttpContext context, Uri backend, HttpMessageInvoker invoker, StreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var protocol = context.WebSockets.WebSocketRequestedProtocols.First(Protocols.Contains);
        var offered = StreamProtocols.SpdyRemoteCommand.Select(p => new KeyValuePair<string, string>(StreamProtocols.ProtocolVersionHeader, p));
        await using var upgrade = await UpgradeClient.SendAsync(invoker, HttpMethod.Post, backend, StreamProtocols.Spdy31, offered, cancellationToken);
        if (!upgrade.Upgraded)
        {
            context.Response.StatusCode = (int)upgrade.Response.StatusCode;
            await upgrade.Response.Content.CopyToAsync(context.Response.Body, cancellationToken);
            return;
        }

        var backendProtocol = upgrade.Header(StreamProtocols.ProtocolVersionHeader) ?? StreamProtocols.V1;
        var spdy = SpdyConnection.CreateClient(upgrade.Connection!);
        await using var _ = spdy;
        var streams = await RemoteCommandStreams.OpenAsync(spdy, backendProtocol, options, cancellationToken);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        using var messages = new WebSocketMessages(socket);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var input = PumpInputAsync(messages, streams, protocol == StreamProtocols.V5, stop.Token);
        var stdout = PumpOutputAsync(streams.Stdout, ChannelProtocol.Stdout, messages, stop.Token);
        var stderr = PumpOutputAsync(streams.Stderr, ChannelProtocol.Stderr, messages, stop.Token);
        var error = ReadAllAsync(streams.Error, stop.Token);
        // The session ends when the backend has said everything. The input pump ends only when the client closed
        // or lost the socket (stdin EOF is a v5 signal, not the end of the socket), and then nobody is left to
        // answer: the backend session is torn down, as upstream does when the client goes away.
        var backendDone = Task.WhenAll(stdout, stderr, error);
        await Task.WhenAny(backendDone, input);
        if (backendDone.IsCompletedSuccessfully)
        {
            var status = StatusFor(backendProtocol, await error);
            await messages.SendChannelAsync(ChannelProtocol.Error, status, stop.Token);
            await messages.CloseAsync(stop.Token);
            // Wait for the client's close so the status is not cut off by a reset.
            await Task.WhenAny(input, Task.Delay(TimeSpan.FromSeconds(5), stop.Token));
        }

        await stop.CancelAsync();
        await spdy.CloseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await Task.WhenAll(input, backendDone).ContinueWith(_ => { }, TaskScheduler.Default);
        socket.Abort();
    }

    private static byte[] StatusFor(string backendProtocol, byte[] error)
    {
        if (backendProtocol is StreamProtocols.V4 || error.Length == 0)
        {
            return error.Length == 0 ? ExecStatus.ForExitCode(0) : error;
        }

        // v1-v3 backends report failures as text.
        return ExecStatus.ForError(System.Text.Encoding.UTF8.GetString(error));
    }

    private static async Task PumpInputAsync(WebSocketMessages messages, RemoteCommandStreams streams, bool closeSignals, CancellationToken cancellationToken)
    {
        try
        {
            while (await messages.ReceiveAsync(cancellationToken) is { } message)
            {
                if (message.Length == 0)
                {
                    continue;
                }

                var payload = message.AsMemory(1);
                switch (message[0])
                {
                    case ChannelProtocol.Stdin when streams.Stdin is not null && !payload.IsEmpty:
                        await streams.Stdin.WriteAsync(payload, cancellationToken);
                        break;
                    case ChannelProtocol.Resize when streams.Resize is not null && !payload.IsEmpty:
                        await streams.Resize.WriteAsync(payload, cancellationToken);
                        break;
                    case ChannelProtocol.Close when closeSignals && payload.Length > 0 && payload.Span[0] == ChannelProtocol.Stdin && streams.Stdin is not null:
                        await streams.Stdin.CloseWriteAsync(cancellationToken);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or WebSocketException)
        {
            // The backend or the client went away; the session is ending.
        }

        if (streams.Stdin is not null)
        {
            await streams.Stdin.CloseWriteAsync(CancellationToken.None);
        }
    }

    private static async Task PumpOutputAsync(SpdyStream? stream, byte channel, WebSocketMessages messages, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            return;
        }

        var buffer = new byte[32 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (!await messages.SendChannelAsync(channel, buffer.AsSpan(0, n), cancellationToken))
            {
                return;
            }
        }
    }

    private static async Task<byte[]> ReadAllAsync(SpdyStream stream, CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        await stream.CopyToAsync(all, cancellationToken);
        return all.ToArray();
    }
}
