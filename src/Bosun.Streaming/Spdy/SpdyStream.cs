using System.Threading.Channels;

namespace Bosun.Streaming.Spdy;

/// <summary>
/// One SPDY stream as a duplex <see cref="Stream"/>: reads return the peer's DATA until its FIN (or a reset, or the
/// connection's end, all read as end-of-stream as the Go implementation does); writes send DATA frames;
/// <see cref="CloseWriteAsync"/> half-closes with FIN. Disposing half-closes too.
/// </summary>
public sealed class SpdyStream : Stream
{
    private readonly SpdyConnection _connection;
    private readonly Channel<ReadOnlyMemory<byte>> _data = Channel.CreateBounded<ReadOnlyMemory<byte>>(64);
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, string>> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _opened;
    private ReadOnlyMemory<byte> _current;
    private int _writeClosed;
    private int _replySent;
    private volatile bool _reset;

    internal SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string> headers, bool opened)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
        _opened = opened;
    }

    /// <summary>The stream id (odd when the client opened it).</summary>
    public uint Id { get; }

    /// <summary>The SYN_STREAM headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>True once the peer reset the stream.</summary>
    public bool WasReset => _reset;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Accepts a stream the peer opened (SYN_REPLY); Kubernetes peers send nothing before it.</summary>
    public Task ReplyAsync(CancellationToken cancellationToken = default)
    {
        if (_opened)
        {
            throw new InvalidOperationException("only streams the peer opened are replied to");
        }

        return Interlocked.Exchange(ref _replySent, 1) == 0
            ? _connection.SendAsync(new SpdyFrame(SpdyFrameType.SynReply, Id) { Headers = SpdyHeaders.Empty }, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Half-closes: an empty DATA frame with FIN. Later writes fail; reads go on.</summary>
    public async Task CloseWriteAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _writeClosed, 1) != 0 || _reset)
        {
            return;
        }

        try
        {
            await _connection.SendDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The connection is gone; the peer sees the end anyway.
        }
    }

    /// <summary>Abandons the stream in both directions (RST_STREAM CANCEL).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _writeClosed, 1);
        OnReset();
        _connection.Forget(Id);
        try
        {
            await _connection.SendAsync(new SpdyFrame(SpdyFrameType.RstStream, Id) { Status = SpdyConnection.StatusCancel }, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nothing to reset on a closed connection.
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current.IsEmpty)
        {
            if (!await _data.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            _data.Reader.TryRead(out _current);
        }

        var n = Math.Min(buffer.Length, _current.Length);
        _current[..n].CopyTo(buffer);
        _current = _current[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_reset)
        {
            throw new IOException($"SPDY stream {Id} was reset");
        }

        if (Volatile.Read(ref _writeClosed) != 0)
        {
            throw new IOException($"SPDY stream {Id} is closed for writing");
        }

        if (!buffer.IsEmpty)
        {
            await _connection.SendDataAsync(Id, buffer, fin: false, cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await CloseWriteAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseWriteAsync().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    internal async Task WaitForReplyAsync(CancellationToken cancellationToken) => await _reply.Task.WaitAsync(cancellationToken);

    internal void OnReply(IReadOnlyDictionary<string, string> headers) => _reply.TrySetResult(headers);

    internal async ValueTask DeliverAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await _data.Writer.WriteAsync(data, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Data after FIN or reset is dropped, as the Go implementation does.
        }
    }

    internal void OnRemoteFin() => _data.Writer.TryComplete();

    internal void OnReset()
    {
        _reset = true;
        _data.Writer.TryComplete();
        _reply.TrySetException(new SpdyProtocolException($"SPDY stream {Id} was reset by the peer"));
    }

    internal void OnConnectionEnded()
    {
        _data.Writer.TryComplete();
        _reply.TrySetException(new SpdyProtocolException($"the SPDY connection ended before stream {Id} was answered"));
    }
}
