using System.Net;
using System.Net.Sockets;

namespace Bosun.Testing;

/// <summary>Ports on 127.0.0.1 for the servers tests start.</summary>
public static class LoopbackPorts
{
    // Below Linux's ephemeral range (32768-60999): a port the OS hands out for "any free port" is soon reused
    // for some outgoing connection's local end, and the server meant to listen on it fails with
    // "address already in use" (seen with etcd members while other tests ran).
    private const int First = 20000;
    private const int Last = 32000;

    /// <summary>A loopback port nothing listens on (right now), outside the range the OS gives to outgoing connections.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }
}
