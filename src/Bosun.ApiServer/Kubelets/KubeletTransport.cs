using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Bosun.ApiServer.Certificates;

namespace Bosun.ApiServer.Kubelets;

/// <summary>
/// The HTTPS client the API server calls node agents with (logs, exec, attach, port-forward): it presents the
/// kubelet-client certificate and accepts only a serving certificate issued by the cluster CA that names the
/// address dialled — kube-apiserver's <c>--kubelet-certificate-authority</c> behaviour.
/// </summary>
internal sealed class KubeletTransport : IDisposable
{
    private const string ServerAuthUsage = "1.3.6.1.5.5.7.3.1";

    private readonly SocketsHttpHandler _handler;

    public KubeletTransport(ClusterCertificates certificates)
    {
        var authority = certificates.Authority;
        _handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { certificates.KubeletClient },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    // The chain is judged against the cluster CA alone; the platform only decides the name match.
                    (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                    && ClusterTrust.IsIssuedBy(authority, certificate, requiredUsage: ServerAuthUsage),
            },
        };
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
        Client = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>For upgrade requests (one connection each).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>For plain requests (logs), responses streamed.</summary>
    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Invoker.Dispose();
        _handler.Dispose();
    }
}
