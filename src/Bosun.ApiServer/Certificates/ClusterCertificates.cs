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

    private ClusterCertificates(X509Certificate2 authority, X509Certificate2 serving, string directory, string adminToken)
    {
        Authority = authority;
        Serving = serving;
        Directory = directory;
        AdminToken = adminToken;
    }

    /// <summary>The CA certificate (public part; its key stays on disk).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate with its private key.</summary>
    public X509Certificate2 Serving { get; }

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

        var tokenPath = Path.Combine(directory, "admin.token");
        if (!File.Exists(tokenPath))
        {
            WriteSecret(tokenPath, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        }

        var serving = X509Certificate2.CreateFromPemFile(servingCrt, servingKey);
        return new ClusterCertificates(authority, serving, directory, File.ReadAllText(tokenPath).Trim());
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
    }

    private static void Issue(X509Certificate2 authority, string subject, IEnumerable<string> names, string usage, string crtPath, string keyPath)
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
        WriteSecret(crtPath, issued.ExportCertificatePem());
        WriteSecret(keyPath, key.ExportPkcs8PrivateKeyPem());
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
