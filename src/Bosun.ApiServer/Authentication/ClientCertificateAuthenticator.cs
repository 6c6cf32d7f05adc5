using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Bosun.Api.Errors;
using Bosun.ApiServer.Certificates;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Authentication;

/// <summary>
/// X.509 client certificates signed by the cluster CA: CN is the user, O entries are groups
/// (as kube-apiserver's x509 authenticator). Chain checks are cached per certificate.
/// </summary>
internal sealed class ClientCertificateAuthenticator(ClusterCertificates certificates, TimeProvider time) : IAuthenticator
{
    private readonly ConcurrentDictionary<string, (UserInfo? User, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return ValueTask.FromResult<UserInfo?>(null);
        }

        var now = time.GetUtcNow();
        var thumbprint = certificate.Thumbprint;
        if (!_verified.TryGetValue(thumbprint, out var entry) || entry.Until < now)
        {
            entry = (Verify(certificate, now), now.AddMinutes(5));
            _verified[thumbprint] = entry;
        }

        return entry.User is null ? throw ApiException.Unauthorized() : ValueTask.FromResult<UserInfo?>(entry.User);
    }

    private UserInfo? Verify(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (!ClusterTrust.IsIssuedBy(certificates.Authority, certificate, now, ClusterTrust.ClientAuthUsage))
        {
            return null;
        }

        var name = certificate.GetNameInfo(X509NameType.SimpleName, false);
        var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.10")
            .Select(r => r.GetSingleElementValue() ?? "")
            .Where(g => g.Length > 0)
            .Append("system:authenticated")
            .ToList();
        return new UserInfo(name, groups);
    }
}
