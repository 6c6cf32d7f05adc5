namespace Bosun.Streaming.RemoteCommand;

/// <summary>The names Kubernetes' streaming endpoints negotiate and the headers their streams carry.</summary>
public static class StreamProtocols
{
    /// <summary>The HTTP/1.1 upgrade token of SPDY.</summary>
    public const string Spdy31 = "SPDY/3.1";

    /// <summary>Request header listing the stream protocols a client speaks; the 101 names the chosen one.</summary>
    public const string ProtocolVersionHeader = "X-Stream-Protocol-Version";

    /// <summary>Remote command (exec, attach) v5: v4 plus the close-channel signal; WebSocket only (kubectl 1.30+).</summary>
    public const string V5 = "v5.channel.k8s.io";

    /// <summary>Remote command v4: the error stream carries a Status with the exit code.</summary>
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>Remote command v3: adds the resize stream.</summary>
    public const string V3 = "v3.channel.k8s.io";

    /// <summary>Remote command v2: one stream per standard stream, the error stream carries plain text.</summary>
    public const string V2 = "v2.channel.k8s.io";

    /// <summary>Remote command v1.</summary>
    public const string V1 = "channel.k8s.io";

    /// <summary>The WebSocket v4 channel protocol with base64 text frames (browsers).</summary>
    public const string Base64V4 = "v4.base64.channel.k8s.io";

    /// <summary>Port forwarding over SPDY.</summary>
    public const string PortForward = "portforward.k8s.io";

    /// <summary>WebSocket subprotocol prefix for SPDY tunnelled in binary messages (kubectl 1.31+ port-forward).</summary>
    public const string WebSocketSpdyTunnelPrefix = "SPDY/3.1+";

    /// <summary>SPDY stream header naming the stream's role.</summary>
    public const string StreamTypeHeader = "streamtype";

    /// <summary>Port-forward SPDY stream header: the pod port.</summary>
    public const string PortHeader = "port";

    /// <summary>Port-forward SPDY stream header: pairs a data stream with its error stream.</summary>
    public const string RequestIdHeader = "requestid";

    public const string StreamTypeError = "error";

    public const string StreamTypeStdin = "stdin";

    public const string StreamTypeStdout = "stdout";

    public const string StreamTypeStderr = "stderr";

    public const string StreamTypeResize = "resize";

    /// <summary>Port-forward data stream type.</summary>
    public const string StreamTypeData = "data";

    /// <summary>The remote-command protocols served over SPDY, most preferred first (v5 exists only on WebSockets).</summary>
    public static IReadOnlyList<string> SpdyRemoteCommand { get; } = [V4, V3, V2, V1];
}
