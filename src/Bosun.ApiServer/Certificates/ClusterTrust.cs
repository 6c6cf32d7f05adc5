using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bosun.ApiServer.Certificates;

/// <summary>Checks that a certificate chains to the cluster CA (and nothing else), for servers and clients alike.</summary>
public static class ClusterTrust
{
    /// <summary>The client-authentication extended key usage.</summary>
    public const string ClientAuthUsage = "1.3.6.1.5.5.7.3.2";

    /// <summary>True when <paramref name="certificate"/> was issued by <paramref name="authority"/> and is valid at <paramref name="at"/>.</summary>
    public static bool IsIssuedBy(X509Certificate2 authority, X509Certificate? certificate, DateTimeOffset? at = null, string? requiredUsage = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (at is { } time)
        {
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        }

        if (requiredUsage is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(requiredUsage));
        }

        return chain.Build(leaf);
    }
}
