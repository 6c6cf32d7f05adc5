namespace Bosun.Streaming.Spdy;

/// <summary>SPDY/3 frame types: the control frame type numbers, plus <see cref="Data"/> for data frames.</summary>
internal enum SpdyFrameType : ushort
{
    Data = 0,
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}
