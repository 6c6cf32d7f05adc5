using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Routing;

namespace Bosun.ApiServer.Authorization;

/// <summary>Decides whether a user may do what a request asks.</summary>
public interface IAuthorizer
{
    /// <summary>Null when allowed; otherwise the reason (the 403 message).</summary>
    ValueTask<string?> AuthorizeAsync(UserInfo user, RequestInfo request, string path, CancellationToken cancellationToken);
}
