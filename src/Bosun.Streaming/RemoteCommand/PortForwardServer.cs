using System.Globalization;
using System.Text;
using Bosun.Streaming.Spdy;

namespace Bosun.Streaming.RemoteCommand;

/// <summary>
/// The server side of SPDY port forwarding (portforward.k8s.io), as a kubelet serves it: the client opens an
/// error stream and a data stream per connection, both naming the pod port and sharing a request id; each pair
/// is handed to a forwarder, whose failure is reported as text on the error stream.
/// </summary>
public static class PortForwardServer
{
    /// <summary>
    /// Serves pairs on <paramref name="connection"/> until it ends, calling <paramref name="forward"/> (port, data
    /// stream) for each; the data stream is half-closed when the forwarder returns.
    /// </summary>
    public static async Task ServeAsync(SpdyConnection connection, Func<int, SpdyStream, CancellationToken, Task> forward, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(forward);
        var pending = new Dictionary<string, (SpdyStream? Error, SpdyStream? Data)>(StringComparer.Ordinal);
        var running = new List<Task>();
        while (await connection.AcceptStreamAsync(cancellationToken) is { } stream)
        {
            await stream.ReplyAsync(cancellationToken);
            var requestId = stream.Headers.Get(StreamProtocols.RequestIdHeader) ?? "";
            var pair = pending.GetValueOrDefault(requestId);
            switch (stream.Headers.Get(StreamProtocols.StreamTypeHeader))
            {
                case StreamProtocols.StreamTypeError:
                    pair.Error = stream;
                    break;
                case StreamProtocols.StreamTypeData:
                    pair.Data = stream;
                    break;
                default:
                    await stream.ResetAsync(cancellationToken);
                    continue;
            }

            if (pair.Error is null || pair.Data is null)
            {
                pending[requestId] = pair;
                continue;
            }

            pending.Remove(requestId);
            running.Add(RunAsync(pair.Error, pair.Data, forward, cancellationToken));
        }

        await Task.WhenAll(running);
    }

    private static async Task RunAsync(SpdyStream error, SpdyStream data, Func<int, SpdyStream, CancellationToken, Task> forward, CancellationToken cancellationToken)
    {
        var portText = data.Headers.Get(StreamProtocols.PortHeader) ?? "";
        try
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"invalid port header value \"{portText}\"");
            }

            await Task.Yield();
            await forward(port, data, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            try
            {
                await error.WriteAsync(Encoding.UTF8.GetBytes($"error forwarding port {portText}: {e.Message}"), cancellationToken);
            }
            catch (IOException)
            {
                // The client is gone; nobody to tell.
            }
        }
        finally
        {
            await data.CloseWriteAsync(CancellationToken.None);
            await error.CloseWriteAsync(CancellationToken.None);
        }
    }
}
