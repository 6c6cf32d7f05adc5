namespace Bosun.Streaming.Tunnels;

/// <summary>
/// The backend's answer to an upgrade request: the response (status and headers; its body when it refused), and
/// when it answered 101, the raw duplex connection the new protocol runs on.
/// </summary>
public sealed class UpgradeResponse(HttpResponseMessage response, Stream? connection) : IAsyncDisposable
{
    /// <summary>The backend's response; its content is the connection when <see cref="Upgraded"/>.</summary>
    public HttpResponseMessage Response { get; } = response;

    /// <summary>The upgraded connection (both directions), or null when the backend did not switch protocols.</summary>
    public Stream? Connection { get; } = connection;

    /// <summary>True when the backend answered 101 Switching Protocols.</summary>
    public bool Upgraded => Connection is not null;

    /// <summary>The first value of response header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        Response.Dispose();
    }
}
