using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bosun.ApiServer.Certificates;
using Bosun.Streaming.Security;
using Bosun.Testing;

namespace Bosun.ApiServer.Tests.Certificates;

public sealed class NodeCredentialsTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    private readonly TempDirectory _dir = new();
    private readonly ClusterCertificates _certificates;

    public NodeCredentialsTests() => _certificates = ClusterCertificates.LoadOrCreate(_dir.Path, []);

    public void Dispose()
    {
        _certificates.Dispose();
        _dir.Delete();
    }

    [Fact]
    public void IssueNodeCredentials_ServingCertificate_NamesTheAddressesAndNodeAndChainsToTheCa()
    {
        var credentials = _certificates.IssueNodeCredentials("node-a", ["10.0.0.7", "node-a.example"]);

        using var serving = X509Certificate2.CreateFromPem(credentials.ServingCertificatePem, credentials.ServingKeyPem);
        Assert.True(serving.HasPrivateKey);
        var names = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["node-a.example", "node-a"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.7")], names.EnumerateIPAddresses());
        Assert.True(ClusterTrust.IsIssuedBy(_certificates.Authority, serving, requiredUsage: ServerAuth));
        Assert.Equal(_certificates.Authority.ExportCertificatePem(), credentials.AuthorityPem);
    }

    [Fact]
    public void IssueNodeCredentials_ClientCertificate_IsSystemNodeInSystemNodes()
    {
        var credentials = _certificates.IssueNodeCredentials("node-a", ["10.0.0.7"]);

        using var client = X509Certificate2.CreateFromPem(credentials.ClientCertificatePem, credentials.ClientKeyPem);
        Assert.Equal("CN=system:node:node-a, O=system:nodes", client.Subject);
        Assert.True(ClusterTrust.IsIssuedBy(_certificates.Authority, client, requiredUsage: ClusterTrust.ClientAuthUsage));
        Assert.False(ClusterTrust.IsIssuedBy(_certificates.Authority, client, requiredUsage: ServerAuth));
    }

    [Fact]
    public void KubeletClient_IsTheOnlyCertificateAgentsAccept()
    {
        var node = _certificates.IssueNodeCredentials("node-a", ["10.0.0.7"]);
        using var nodeClient = X509Certificate2.CreateFromPem(node.ClientCertificatePem, node.ClientKeyPem);
        using var admin = X509Certificate2.CreateFromPem(File.ReadAllText(_certificates.AdminCertificatePemPath));
        using var otherDir = new DisposableDirectory();
        using var other = ClusterCertificates.LoadOrCreate(otherDir.Path, []);

        Assert.Equal(KubeletClientCertificate.Subject, _certificates.KubeletClient.Subject);
        Assert.True(KubeletClientCertificate.IsApiServerClient(_certificates.Authority, _certificates.KubeletClient));
        Assert.False(KubeletClientCertificate.IsApiServerClient(_certificates.Authority, admin));
        Assert.False(KubeletClientCertificate.IsApiServerClient(_certificates.Authority, nodeClient));
        Assert.False(KubeletClientCertificate.IsApiServerClient(_certificates.Authority, other.KubeletClient));
        Assert.False(KubeletClientCertificate.IsApiServerClient(_certificates.Authority, null));
    }

    [Fact]
    public void LoadOrCreate_Again_KeepsTheKubeletClientCertificate()
    {
        using var again = ClusterCertificates.LoadOrCreate(_dir.Path, []);

        Assert.Equal(_certificates.KubeletClient.Thumbprint, again.KubeletClient.Thumbprint);
        Assert.True(again.KubeletClient.HasPrivateKey);
    }

    private sealed class DisposableDirectory : IDisposable
    {
        private readonly TempDirectory _inner = new();

        public string Path => _inner.Path;

        public void Dispose() => _inner.Delete();
    }
}
