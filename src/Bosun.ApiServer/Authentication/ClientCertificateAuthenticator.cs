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
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, (UserInfo User, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return ValueTask.FromResult<UserInfo?>(null);
        }

        var now = time.GetUtcNow();
        var thumbprint = certificate.Thumbprint;
        if (_verified.TryGetValue(thumbprint, out var entry) && entry.Until >= now)
        {
            return ValueTask.FromResult<UserInfo?>(entry.User);
        }

        // Only certificates that verified are remembered (for a while), so strangers cannot grow the cache.
        var user = Verify(certificate, now) ?? throw ApiException.Unauthorized();
        if (_verified.Count >= MaxCached)
        {
            _verified.Clear();
        }

        _verified[thumbprint] = (user, now.AddMinutes(5));
        return ValueTask.FromResult<UserInfo?>(user);
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
