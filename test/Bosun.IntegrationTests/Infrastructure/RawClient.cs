using System.Net;
using System.Net.Http.Headers;
using Bosun.ApiServer.Certificates;
using Bosun.ApiServer.Hosting;

namespace Bosun.IntegrationTests.Infrastructure;

/// <summary>Plain HTTP/2 access to a test server (bearer admin token, cluster CA trusted), for what typed clients cannot send.</summary>
public static class RawClient
{
    public static HttpClient Create(ApiServerHost host, bool authenticated = true)
    {
        ArgumentNullException.ThrowIfNull(host);
        var authority = host.Certificates.Authority;
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => ClusterTrust.IsIssuedBy(authority, certificate),
            },
            EnableMultipleHttp2Connections = true,
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(host.Url),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (authenticated)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Certificates.AdminToken);
        }

        return client;
    }
}
