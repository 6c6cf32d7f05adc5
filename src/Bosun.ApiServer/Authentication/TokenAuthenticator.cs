using System.Security.Cryptography;
using System.Text;
using Bosun.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Authentication;

/// <summary>Static bearer tokens (the admin token in the data dir); a wrong token is a 401.</summary>
internal sealed class TokenAuthenticator(IReadOnlyDictionary<string, UserInfo> tokens) : IAuthenticator
{
    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult<UserInfo?>(null);
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        foreach (var (token, user) in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token)))
            {
                return ValueTask.FromResult<UserInfo?>(user);
            }
        }

        throw ApiException.Unauthorized();
    }
}
