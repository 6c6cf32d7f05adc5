using System.Net;
using System.Net.Sockets;

namespace Bosun.Testing;

/// <summary>Ports on 127.0.0.1 for the servers tests start.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on (right now).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
