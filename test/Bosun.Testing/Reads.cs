using System.Net;
using k8s.Autorest;

namespace Bosun.Testing;

/// <summary>Reads through the official client that answer null for 404 instead of throwing.</summary>
public static class Reads
{
    public static async Task<T?> OrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
