using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Bosun.Streaming.Spdy;

/// <summary>
/// A SPDY/3.1 session over a byte stream (an upgraded HTTP/1.1 connection), in the client role (odd stream ids,
/// the side that sent the upgrade request) or the server role (even ids). Streams the peer opens arrive through
/// <see cref="AcceptStreamAsync"/>; <see cref="OpenStreamAsync"/> opens one and waits for the peer's SYN_REPLY.
/// Like the Go implementation Kubernetes uses, there is no flow control: WINDOW_UPDATE and SETTINGS are read and
/// ignored, and a reader that falls behind slows the whole connection down (TCP back-pressure) instead.
/// </summary>
public sealed class SpdyConnection : IAsyncDisposable
{
    /// <summary>RST_STREAM status: the stream is no longer needed.</summary>
    public const uint StatusCancel = 5;

    /// <summary>RST_STREAM status: the frame broke the protocol.</summary>
    public const uint StatusProtocolError = 1;

    // Data frames above this size are split; Go's reader takes any size, smaller frames interleave streams better.
    private const int MaxDataFrame = 32 * 1024;

    private readonly Stream _transport;
    private readonly bool _isServer;
    private readonly SpdyFrameCodec _codec = new(new SpdyHeaderCodec());
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private readonly Channel<SpdyStream> _incoming = Channel.CreateUnbounded<SpdyStream>();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource> _pings = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _readLoop;
    private uint _nextStreamId;
    private uint _nextPingId;
    private uint _lastPeerStreamId;
    private int _goAwaySent;
    private int _disposed;

    private SpdyConnection(Stream transport, bool isServer)
    {
        _transport = transport;
        _isServer = isServer;
        _nextStreamId = isServer ? 2u : 1u;
        _nextPingId = isServer ? 2u : 1u;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>True in the server role.</summary>
    public bool IsServer => _isServer;

    /// <summary>Completes when the peer closed the connection or it failed; streams then read end-of-stream.</summary>
    public Task Completion => _readLoop;

    /// <summary>A client-role session on <paramref name="transport"/> (after a 101 to our SPDY/3.1 upgrade request).</summary>
    public static SpdyConnection CreateClient(Stream transport) => new(transport ?? throw new ArgumentNullException(nameof(transport)), false);

    /// <summary>A server-role session on <paramref name="transport"/> (after answering an upgrade request with 101).</summary>
    public static SpdyConnection CreateServer(Stream transport) => new(transport ?? throw new ArgumentNullException(nameof(transport)), true);

    /// <summary>The next stream the peer opened (not yet replied to), or null once the connection has ended.</summary>
    public async Task<SpdyStream?> AcceptStreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _incoming.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Opens a stream with <paramref name="headers"/> and waits for the peer's SYN_REPLY.</summary>
    /// <exception cref="SpdyProtocolException">the peer reset the stream or the connection ended first.</exception>
    public async Task<SpdyStream> OpenStreamAsync(IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        SpdyStream stream;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // Ids must rise in the order SYN_STREAMs go out, so the id is taken under the write lock.
            var id = _nextStreamId;
            _nextStreamId += 2;
            stream = new SpdyStream(this, id, headers, opened: true);
            _streams[id] = stream;
            if (_readLoop.IsCompleted)
            {
                stream.OnConnectionEnded();
            }

            await WriteLockedAsync(new SpdyFrame(SpdyFrameType.SynStream, id) { Headers = headers }, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }

        await stream.WaitForReplyAsync(cancellationToken);
        return stream;
    }

    /// <summary>Sends a PING and waits for the echo (a liveness check; the reply carries no data).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var id = Interlocked.Add(ref _nextPingId, 2) - 2;
        var echoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[id] = echoed;
        try
        {
            await SendAsync(new SpdyFrame(SpdyFrameType.Ping) { Value = id }, cancellationToken);
            await echoed.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pings.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Ends the session politely: GOAWAY, then waits (at most <paramref name="linger"/>) for the peer to close its
    /// side, so bytes it is still sending do not turn our close into a TCP reset that loses our last frames.
    /// </summary>
    public async Task CloseAsync(TimeSpan linger, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _goAwaySent, 1) == 0)
        {
            try
            {
                await SendAsync(new SpdyFrame(SpdyFrameType.GoAway) { Value = _lastPeerStreamId }, cancellationToken);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The transport is already gone: nothing to say goodbye on.
            }
        }

        try
        {
            await _readLoop.WaitAsync(linger, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The peer keeps the connection open; closing is ours to do.
        }

        await DisposeAsync();
    }

    /// <summary>Closes the transport at once; every stream reads end-of-stream and writes fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _transport.DisposeAsync();
        try
        {
            await _readLoop;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SpdyProtocolException)
        {
            // Ending the read loop by closing its transport is expected to surface as a failed read.
        }

        _stopping.Dispose();
    }

    internal async Task SendAsync(SpdyFrame frame, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await WriteLockedAsync(frame, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal async Task SendDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        do
        {
            var chunk = data[..Math.Min(data.Length, MaxDataFrame)];
            data = data[chunk.Length..];
            var flags = fin && data.IsEmpty ? SpdyFrame.FlagFin : (byte)0;
            await SendAsync(new SpdyFrame(SpdyFrameType.Data, streamId, flags) { Data = chunk }, cancellationToken);
        }
        while (!data.IsEmpty);
    }

    internal void Forget(uint streamId) => _streams.TryRemove(streamId, out _);

    private async Task WriteLockedAsync(SpdyFrame frame, CancellationToken cancellationToken)
    {
        // Encoding happens under the lock: header compression is one zlib stream whose order the peer replays.
        var bytes = _codec.Encode(frame);
        await _transport.WriteAsync(bytes, cancellationToken);
        await _transport.FlushAsync(cancellationToken);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _codec.ReadAsync(_transport, _stopping.Token) is { } frame)
            {
                await HandleAsync(frame);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            // The transport closed under us: the same end as a clean EOF.
        }
        finally
        {
            _incoming.Writer.TryComplete();
            foreach (var stream in _streams.Values)
            {
                stream.OnConnectionEnded();
            }

            foreach (var ping in _pings.Values)
            {
                ping.TrySetException(new SpdyProtocolException("the SPDY connection ended before the ping was answered"));
            }
        }
    }

    private async Task HandleAsync(SpdyFrame frame)
    {
        switch (frame.Type)
        {
            case SpdyFrameType.SynStream:
            {
                var peerParity = _isServer ? 1u : 0u;
                if (frame.StreamId == 0 || (frame.StreamId & 1) != peerParity || frame.StreamId <= _lastPeerStreamId || _streams.ContainsKey(frame.StreamId))
                {
                    await TrySendAsync(new SpdyFrame(SpdyFrameType.RstStream, frame.StreamId) { Status = StatusProtocolError });
                    return;
                }

                _lastPeerStreamId = frame.StreamId;
                var stream = new SpdyStream(this, frame.StreamId, frame.Headers, opened: false);
                _streams[frame.StreamId] = stream;
                if (frame.IsFin)
                {
                    stream.OnRemoteFin();
                }

                await _incoming.Writer.WriteAsync(stream, _stopping.Token);
                return;
            }

            case SpdyFrameType.SynReply:
                if (_streams.TryGetValue(frame.StreamId, out var replied))
                {
                    replied.OnReply(frame.Headers);
                    if (frame.IsFin)
                    {
                        replied.OnRemoteFin();
                    }
                }

                return;
            case SpdyFrameType.Data:
                if (_streams.TryGetValue(frame.StreamId, out var target))
                {
                    if (!frame.Data.IsEmpty)
                    {
                        await target.DeliverAsync(frame.Data, _stopping.Token);
                    }

                    if (frame.IsFin)
                    {
                        target.OnRemoteFin();
                    }
                }

                return;
            case SpdyFrameType.Headers:
                if (frame.IsFin && _streams.TryGetValue(frame.StreamId, out var finished))
                {
                    finished.OnRemoteFin();
                }

                return;
            case SpdyFrameType.RstStream:
                if (_streams.TryRemove(frame.StreamId, out var reset))
                {
                    reset.OnReset();
                }

                return;
            case SpdyFrameType.Ping:
                if ((frame.Value & 1) != (_nextPingId & 1))
                {
                    await TrySendAsync(frame);
                }
                else if (_pings.TryGetValue(frame.Value, out var ping))
                {
                    ping.TrySetResult();
                }

                return;
            case SpdyFrameType.GoAway:
                // No new streams will come; the ones open finish normally.
                _incoming.Writer.TryComplete();
                return;
            default:
                // SETTINGS, WINDOW_UPDATE and unknown control frames: no flow control here (see the class remarks).
                return;
        }
    }

    private async Task TrySendAsync(SpdyFrame frame)
    {
        try
        {
            await SendAsync(frame, _stopping.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The reply is best effort; the read loop notices a dead transport by itself.
        }
    }
}
