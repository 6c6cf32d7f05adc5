using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Routing;

namespace Bosun.ApiServer.Authorization;

/// <summary>Allows every authenticated request (RBAC comes in a later issue).</summary>
internal sealed class AllowAllAuthorizer : IAuthorizer
{
    public ValueTask<string?> AuthorizeAsync(UserInfo user, RequestInfo request, string path, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>(null);
}
