namespace Bosun.Streaming.WebSockets;

/// <summary>
/// The Kubernetes WebSocket channel protocols (channel.k8s.io ... v5.channel.k8s.io): every binary message starts
/// with a channel byte. v5 adds <see cref="Close"/>: a message [255, channel] half-closes that channel (stdin EOF).
/// </summary>
public static class ChannelProtocol
{
    public const byte Stdin = 0;

    public const byte Stdout = 1;

    public const byte Stderr = 2;

    public const byte Error = 3;

    public const byte Resize = 4;

    /// <summary>v5's close-channel signal.</summary>
    public const byte Close = 255;
}
