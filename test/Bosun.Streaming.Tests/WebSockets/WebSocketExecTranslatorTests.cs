using System.Net;
using System.Net.WebSockets;
using System.Text;
using Bosun.Streaming.RemoteCommand;
using Bosun.Streaming.Tunnels;
using Bosun.Streaming.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bosun.Streaming.Tests.WebSockets;

/// <summary>
/// A v5 WebSocket client against the translator in front of a SPDY backend (both on loopback Kestrel): resize
/// and stdin reach their streams, the close signal ends stdin, and the backend's exit code comes back as Status.
/// </summary>
public sealed class WebSocketExecTranslatorTests : IAsyncLifetime, IDisposable
{
    private WebApplication? _app;
    private Uri _base = null!;
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler());

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(async context =>
        {
            if (context.Request.Path == "/backend")
            {
                await BackendAsync(context);
            }
            else
            {
                var tty = context.Request.Query["tty"] == "1";
                await WebSocketExecTranslator.TranslateAsync(context, new Uri(_base, "/backend?input=1&output=1" + (tty ? "&tty=1" : "")), _invoker, new StreamOptions(true, true, false, tty), context.RequestAborted);
            }
        });
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync() => await _app!.DisposeAsync();

    public void Dispose() => _invoker.Dispose();

    [Fact]
    public async Task V5_ResizeStdinAndClose_ReachTheBackendAndExitCodeReturns()
    {
        using var socket = await ConnectAsync(StreamProtocols.V5, tty: true);

        await SendAsync(socket, ChannelProtocol.Resize, """{"Width":80,"Height":24}""");
        await SendAsync(socket, ChannelProtocol.Stdin, "hi");
        await socket.SendAsync(new byte[] { ChannelProtocol.Close, ChannelProtocol.Stdin }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (stdout, error) = await ReadAllAsync(socket);

        Assert.Equal("""resize {"Width":80,"Height":24}|hi""", stdout);
        Assert.Equal(5, ExecStatus.ExitCodeOf(error));
        Assert.Equal(StreamProtocols.V5, socket.SubProtocol);
    }

    [Fact]
    public async Task V4_CloseSignalIsNotPartOfTheProtocol_StdinStaysOpenUntilTheClientLeaves()
    {
        using var socket = await ConnectAsync(StreamProtocols.V4, tty: false);
        await SendAsync(socket, ChannelProtocol.Stdin, "x");
        // In v4, [255, 0] is a message on an unknown channel, ignored; the backend still waits for stdin.
        await socket.SendAsync(new byte[] { ChannelProtocol.Close, ChannelProtocol.Stdin }, WebSocketMessageType.Binary, true, CancellationToken.None);

        var first = await ReceiveAsync(socket);
        await SendAsync(socket, ChannelProtocol.Stdin, "y");
        var second = await ReceiveAsync(socket);

        Assert.Equal("\u0001x", Encoding.UTF8.GetString(first!));
        Assert.Equal("\u0001y", Encoding.UTF8.GetString(second!));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private async Task<ClientWebSocket> ConnectAsync(string protocol, bool tty)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(protocol);
        await socket.ConnectAsync(new Uri($"ws://{_base.Authority}/front?tty={(tty ? 1 : 0)}"), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(WebSocket socket, byte channel, string text) =>
        socket.SendAsync(new byte[] { channel }.Concat(Encoding.UTF8.GetBytes(text)).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);

    private static async Task<byte[]?> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var message = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }

    private static async Task<(string Stdout, byte[] Error)> ReadAllAsync(WebSocket socket)
    {
        var stdout = new StringBuilder();
        var error = Array.Empty<byte>();
        while (await ReceiveAsync(socket) is { } message)
        {
            switch (message[0])
            {
                case ChannelProtocol.Stdout:
                    stdout.Append(Encoding.UTF8.GetString(message.AsSpan(1)));
                    break;
                case ChannelProtocol.Error:
                    error = message[1..];
                    break;
            }
        }

        return (stdout.ToString(), error);
    }

    /// <summary>A SPDY exec backend: prints the first resize message (when a terminal), then echoes stdin, exits 5.</summary>
    private static async Task BackendAsync(HttpContext context)
    {
        var options = StreamOptions.FromKubeletQuery(context.Request.Query);
        if (await SpdyUpgrade.AcceptAsync(context, StreamProtocols.SpdyRemoteCommand) is not var (connection, protocol))
        {
            return;
        }

        var streams = await RemoteCommandStreams.AcceptAsync(connection, protocol, options, context.RequestAborted);
        if (streams?.Stdout is null || streams.Stdin is null)
        {
            await connection.DisposeAsync();
            return;
        }

        if (streams.Resize is not null)
        {
            var buffer = new byte[256];
            var n = await streams.Resize.ReadAsync(buffer);
            await streams.Stdout.WriteAsync(Encoding.UTF8.GetBytes("resize " + Encoding.UTF8.GetString(buffer, 0, n) + "|"));
        }

        await streams.Stdin.CopyToAsync(streams.Stdout);
        await streams.FinishAsync(5);
    }
}
