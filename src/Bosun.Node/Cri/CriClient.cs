using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;

namespace Bosun.Node.Cri;

/// <summary>
/// A connection to a CRI v1 runtime (containerd) on its unix socket: the runtime and image services over
/// one HTTP/2 channel. Calls carry a deadline so a hung runtime fails a sync instead of blocking it.
/// </summary>
public sealed class CriClient : IDisposable
{
    private readonly GrpcChannel _channel;

    private CriClient(string socketPath, GrpcChannel channel)
    {
        SocketPath = socketPath;
        _channel = channel;
        Runtime = new RuntimeService.RuntimeServiceClient(channel);
        Images = new ImageService.ImageServiceClient(channel);
    }

    /// <summary>The unix socket this client talks to.</summary>
    public string SocketPath { get; }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    /// <summary>The deadline of ordinary calls (pulls and stops pass their own).</summary>
    public static TimeSpan CallTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Opens a channel to <paramref name="socketPath"/> (a path, or <c>unix://</c> URL).</summary>
    public static CriClient Connect(string socketPath)
    {
        var path = socketPath.StartsWith("unix://", StringComparison.Ordinal) ? socketPath["unix://".Length..] : socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        };
        // The authority is a placeholder: the socket decides where calls go.
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            DisposeHttpClient = true,
        });
        return new CriClient(path, channel);
    }

    /// <summary>Call options with the standard deadline and the caller's cancellation.</summary>
    public static CallOptions Options(CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        new(deadline: DateTime.UtcNow + (timeout ?? CallTimeout), cancellationToken: cancellationToken);

    /// <summary>The runtime's name and version (e.g. containerd, 1.6.20).</summary>
    public async Task<(string Name, string Version, string ApiVersion)> VersionAsync(CancellationToken cancellationToken = default)
    {
        var response = await Runtime.VersionAsync(new VersionRequest { Version = "v1" }, Options(cancellationToken, TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        return (response.RuntimeName, response.RuntimeVersion, response.RuntimeApiVersion);
    }

    public void Dispose() => _channel.Dispose();
}
