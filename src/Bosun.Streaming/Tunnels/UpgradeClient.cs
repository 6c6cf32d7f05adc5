using System.Net;

namespace Bosun.Streaming.Tunnels;

/// <summary>
/// Sends an HTTP/1.1 upgrade request through an <see cref="HttpMessageInvoker"/> (so TLS, client certificates and
/// certificate checks are the handler's): SocketsHttpHandler hands the connection itself back as the response
/// content when the server answers 101.
/// </summary>
public static class UpgradeClient
{
    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="target"/> with <c>Connection: Upgrade</c>, <c>Upgrade:
    /// <paramref name="upgrade"/></c> and <paramref name="headers"/> (a name may repeat), and returns the answer.
    /// </summary>
    public static async Task<UpgradeResponse> SendAsync(
        HttpMessageInvoker invoker,
        HttpMethod method,
        Uri target,
        string upgrade,
        IEnumerable<KeyValuePair<string, string>> headers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(headers);
        using var request = new HttpRequestMessage(method, target)
        {
            // Upgrades exist only in HTTP/1.1; HTTP/2 would need extended CONNECT, which kubelets do not speak.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", upgrade);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await invoker.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            return new UpgradeResponse(response, null);
        }

        var connection = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new UpgradeResponse(response, connection);
    }
}
