namespace Bosun.Streaming.Spdy;

/// <summary>The peer sent something SPDY/3.1 does not allow, or the connection ended while a stream was opening.</summary>
public sealed class SpdyProtocolException : Exception
{
    public SpdyProtocolException()
    {
    }

    public SpdyProtocolException(string message) : base(message)
    {
    }

    public SpdyProtocolException(string message, Exception inner) : base(message, inner)
    {
    }
}
