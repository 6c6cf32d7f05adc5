using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bosun.ApiServer.Certificates;

/// <summary>
/// The cluster CA, the server's serving certificate and the admin client credential, generated on first
/// start under <c>&lt;data-dir&gt;/tls</c> and reused afterwards. The serving certificate is reissued when
/// the addresses it must name change.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    private const string KubeletClientSubject = "CN=kube-apiserver-kubelet-client, O=system:masters";

    private ClusterCertificates(X509Certificate2 authority, X509Certificate2 serving, X509Certificate2 kubeletClient, string directory, string adminToken)
    {
        Authority = authority;
        Serving = serving;
        KubeletClient = kubeletClient;
        Directory = directory;
        AdminToken = adminToken;
    }

    /// <summary>The CA certificate (public part; its key stays on disk).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate with its private key.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>
    /// The client certificate (with its key) the API server presents to node agents for logs, exec, attach and
    /// port-forward: <c>CN=kube-apiserver-kubelet-client, O=system:masters</c>, as kube-apiserver's
    /// <c>--kubelet-client-certificate</c>. Agents accept no other caller.
    /// </summary>
    public X509Certificate2 KubeletClient { get; }

    /// <summary>The folder holding the PEM files.</summary>
    public string Directory { get; }

    /// <summary>A bearer token for the admin user (for tools that prefer tokens).</summary>
    public string AdminToken { get; }

    public string AuthorityPemPath => Path.Combine(Directory, "ca.crt");

    public string AdminCertificatePemPath => Path.Combine(Directory, "admin.crt");

    public string AdminKeyPemPath => Path.Combine(Directory, "admin.key");

    /// <summary>The folder of the PEM files under a data directory.</summary>
    public static string DirectoryOf(string dataDir) => Path.Combine(dataDir, "tls");

    /// <summary>Loads the certificates from <paramref name="dataDir"/>, creating what is missing.</summary>
    public static ClusterCertificates LoadOrCreate(string dataDir, IEnumerable<string> extraNames)
    {
        var directory = DirectoryOf(dataDir);
        System.IO.Directory.CreateDirectory(directory);
        var caCrt = Path.Combine(directory, "ca.crt");
        var caKey = Path.Combine(directory, "ca.key");
        if (!File.Exists(caCrt) || !File.Exists(caKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=bosun-ca", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(10));
            WriteSecret(caCrt, ca.ExportCertificatePem());
            WriteSecret(caKey, key.ExportPkcs8PrivateKeyPem());
        }

        using var authorityWithKey = X509Certificate2.CreateFromPemFile(caCrt, caKey);
        var authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);

        var names = new SortedSet<string>(StringComparer.Ordinal) { "127.0.0.1", "::1", "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local" };
        names.Add(Dns.GetHostName());
        foreach (var name in extraNames)
        {
            if (!string.IsNullOrWhiteSpace(name) && name is not ("0.0.0.0" or "::"))
            {
                names.Add(name);
            }
        }

        var servingCrt = Path.Combine(directory, "serving.crt");
        var servingKey = Path.Combine(directory, "serving.key");
        var servingNames = Path.Combine(directory, "serving.names");
        var wanted = string.Join('\n', names);
        if (!File.Exists(servingCrt) || !File.Exists(servingKey) || !File.Exists(servingNames) || File.ReadAllText(servingNames) != wanted)
        {
            Issue(authorityWithKey, "CN=bosun-apiserver", names, ServerAuthOid, servingCrt, servingKey);
            File.WriteAllText(servingNames, wanted);
        }

        var adminCrt = Path.Combine(directory, "admin.crt");
        var adminKey = Path.Combine(directory, "admin.key");
        if (!File.Exists(adminCrt) || !File.Exists(adminKey))
        {
            Issue(authorityWithKey, "CN=system:admin, O=system:masters", [], ClusterTrust.ClientAuthUsage, adminCrt, adminKey);
        }

        var kubeletClientCrt = Path.Combine(directory, "kubelet-client.crt");
        var kubeletClientKey = Path.Combine(directory, "kubelet-client.key");
        if (!File.Exists(kubeletClientCrt) || !File.Exists(kubeletClientKey))
        {
            Issue(authorityWithKey, KubeletClientSubject, [], ClusterTrust.ClientAuthUsage, kubeletClientCrt, kubeletClientKey);
        }

        var tokenPath = Path.Combine(directory, "admin.token");
        if (!File.Exists(tokenPath))
        {
            WriteSecret(tokenPath, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        }

        var serving = X509Certificate2.CreateFromPemFile(servingCrt, servingKey);
        var kubeletClient = LoadWithKey(kubeletClientCrt, kubeletClientKey);
        return new ClusterCertificates(authority, serving, kubeletClient, directory, File.ReadAllText(tokenPath).Trim());
    }

    /// <summary>
    /// Issues a node agent's credentials from the cluster CA: a serving certificate naming
    /// <paramref name="addresses"/> and the node name (the API server checks it when it calls the agent), a client
    /// certificate <c>CN=system:node:&lt;node&gt;, O=system:nodes</c> for the agent's API calls, and the CA
    /// certificate. Nothing is written to disk; the CA key is read from it.
    /// </summary>
    public NodeCredentials IssueNodeCredentials(string nodeName, IReadOnlyList<string> addresses)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        ArgumentNullException.ThrowIfNull(addresses);
        using var authority = X509Certificate2.CreateFromPemFile(AuthorityPemPath, Path.Combine(Directory, "ca.key"));
        var names = addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Append(nodeName).Distinct(StringComparer.Ordinal).ToList();
        var (servingCrt, servingKey) = IssuePem(authority, $"CN={nodeName}", names, ServerAuthOid);
        var (clientCrt, clientKey) = IssuePem(authority, $"CN=system:node:{nodeName}, O=system:nodes", [], ClusterTrust.ClientAuthUsage);
        return new NodeCredentials(servingCrt, servingKey, clientCrt, clientKey, Authority.ExportCertificatePem());
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
        KubeletClient.Dispose();
    }

    // A key loaded from PEM is ephemeral; a TLS client on Linux needs it in a form SslStream can use, so the pair is
    // round-tripped through PKCS#12 as .NET recommends for client certificates.
    private static X509Certificate2 LoadWithKey(string crtPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(crtPath, keyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static void Issue(X509Certificate2 authority, string subject, IEnumerable<string> names, string usage, string crtPath, string keyPath)
    {
        var (crt, key) = IssuePem(authority, subject, names, usage);
        WriteSecret(crtPath, crt);
        WriteSecret(keyPath, key);
    }

    private static (string Certificate, string Key) IssuePem(X509Certificate2 authority, string subject, IEnumerable<string> names, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var san = new SubjectAlternativeNameBuilder();
        var any = false;
        foreach (var name in names)
        {
            any = true;
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        if (any)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signer = authority.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the cluster CA has no private key");
        using var issued = request.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(signer), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1), serial);
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Writes a secret file readable by the owner only: created with that mode (never readable by others, not
    /// even for a moment) under a temporary name and renamed over the old one, so a reader sees the whole old
    /// file or the whole new one. Unchanged contents are not rewritten.
    /// </summary>
    internal static void WriteSecret(string path, string text)
    {
        text += "\n";
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
