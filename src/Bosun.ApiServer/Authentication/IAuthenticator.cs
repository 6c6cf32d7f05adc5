using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Authentication;

/// <summary>One way of recognising a caller; returns null when the request carries no credential of its kind.</summary>
public interface IAuthenticator
{
    /// <summary>The user, null if this authenticator does not apply; throws <c>ApiException</c> 401 for a bad credential.</summary>
    ValueTask<UserInfo?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}
