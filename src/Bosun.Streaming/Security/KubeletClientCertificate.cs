using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bosun.Streaming.Security;

/// <summary>
/// Who may call a node agent's streaming endpoint: only the API server, which presents the client certificate
/// <c>CN=kube-apiserver-kubelet-client, O=system:masters</c> issued by the cluster CA.
/// </summary>
public static class KubeletClientCertificate
{
    /// <summary>The common name of the API server's client certificate towards agents.</summary>
    public const string CommonName = "kube-apiserver-kubelet-client";

    /// <summary>The organization (group) of that certificate.</summary>
    public const string Organization = "system:masters";

    /// <summary>The client-authentication extended key usage.</summary>
    public const string ClientAuthUsage = "1.3.6.1.5.5.7.3.2";

    /// <summary>The subject the API server's kubelet-client certificate carries.</summary>
    public const string Subject = "CN=" + CommonName + ", O=" + Organization;

    /// <summary>
    /// True when <paramref name="certificate"/> chains to <paramref name="authority"/> alone (no system roots), is
    /// valid now (or at <paramref name="at"/>), allows client authentication and names the API server's
    /// kubelet client (common name and organization).
    /// </summary>
    public static bool IsApiServerClient(X509Certificate2 authority, X509Certificate? certificate, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != CommonName || !HasOrganization(leaf, Organization))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthUsage));
        if (at is { } time)
        {
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        }

        return chain.Build(leaf);
    }

    private static bool HasOrganization(X509Certificate2 certificate, string organization)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.10" && rdn.GetSingleElementValue() == organization)
            {
                return true;
            }
        }

        return false;
    }
}
