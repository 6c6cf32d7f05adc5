using Bosun.Streaming.Spdy;

namespace Bosun.Streaming.RemoteCommand;

/// <summary>
/// The SPDY streams of one exec or attach session, by type. Null for a stream the options did not ask for.
/// Used on both sides: the server (a kubelet) receives them, the client (kubectl, or our WebSocket translator)
/// opens them.
/// </summary>
public sealed class RemoteCommandStreams
{
    /// <summary>The negotiated protocol (v4.channel.k8s.io ...).</summary>
    public required string Protocol { get; init; }

    /// <summary>The SPDY connection the streams run on.</summary>
    public required SpdyConnection Connection { get; init; }

    public required SpdyStream Error { get; init; }

    public SpdyStream? Stdin { get; init; }

    public SpdyStream? Stdout { get; init; }

    public SpdyStream? Stderr { get; init; }

    public SpdyStream? Resize { get; init; }

    /// <summary>
    /// Server side: reports how the command ended on the error stream (v4+: a Status; v1-v3: text, nothing on
    /// success), closes the output streams and then the connection.
    /// </summary>
    public async Task FinishAsync(int exitCode, CancellationToken cancellationToken = default)
    {
        if (Protocol is StreamProtocols.V4 or StreamProtocols.V5)
        {
            await Error.WriteAsync(ExecStatus.ForExitCode(exitCode), cancellationToken);
        }
        else if (exitCode != 0)
        {
            await Error.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"command terminated with non-zero exit code: exit status {exitCode}"), cancellationToken);
        }

        foreach (var stream in new[] { Stdout, Stderr, Error })
        {
            if (stream is not null)
            {
                await stream.CloseWriteAsync(cancellationToken);
            }
        }

        await Connection.CloseAsync(TimeSpan.FromSeconds(5), cancellationToken);
    }

    /// <summary>
    /// Server side: waits for the client to open every stream <paramref name="options"/> call for and accepts each
    /// (SYN_REPLY). Returns null when the connection ends first.
    /// </summary>
    public static async Task<RemoteCommandStreams?> AcceptAsync(SpdyConnection connection, string protocol, StreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var expected = options.StreamTypes(protocol).ToHashSet(StringComparer.Ordinal);
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        while (streams.Count < expected.Count)
        {
            var stream = await connection.AcceptStreamAsync(cancellationToken);
            if (stream is null)
            {
                return null;
            }

            var type = stream.Headers.Get(StreamProtocols.StreamTypeHeader) ?? "";
            if (!expected.Contains(type) || streams.ContainsKey(type))
            {
                await stream.ResetAsync(cancellationToken);
                continue;
            }

            await stream.ReplyAsync(cancellationToken);
            streams[type] = stream;
        }

        return new RemoteCommandStreams
        {
            Protocol = protocol,
            Connection = connection,
            Error = streams[StreamProtocols.StreamTypeError],
            Stdin = streams.GetValueOrDefault(StreamProtocols.StreamTypeStdin),
            Stdout = streams.GetValueOrDefault(StreamProtocols.StreamTypeStdout),
            Stderr = streams.GetValueOrDefault(StreamProtocols.StreamTypeStderr),
            Resize = streams.GetValueOrDefault(StreamProtocols.StreamTypeResize),
        };
    }

    /// <summary>Client side: opens the streams <paramref name="options"/> call for, error first, as kubectl does.</summary>
    public static async Task<RemoteCommandStreams> OpenAsync(SpdyConnection connection, string protocol, StreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        foreach (var type in options.StreamTypes(protocol))
        {
            streams[type] = await connection.OpenStreamAsync(SpdyHeaders.Of((StreamProtocols.StreamTypeHeader, type)), cancellationToken);
        }

        // Nothing is ever written to the error stream by the client.
        await streams[StreamProtocols.StreamTypeError].CloseWriteAsync(cancellationToken);
        return new RemoteCommandStreams
        {
            Protocol = protocol,
            Connection = connection,
            Error = streams[StreamProtocols.StreamTypeError],
            Stdin = streams.GetValueOrDefault(StreamProtocols.StreamTypeStdin),
            Stdout = streams.GetValueOrDefault(StreamProtocols.StreamTypeStdout),
            Stderr = streams.GetValueOrDefault(StreamProtocols.StreamTypeStderr),
            Resize = streams.GetValueOrDefault(StreamProtocols.StreamTypeResize),
        };
    }
}
