namespace Bosun.Storage;

/// <summary>Parses the server's <c>--datastore-endpoint</c> (k3s's spelling).</summary>
internal static class DatastoreEndpoint
{
    private const string SqliteScheme = "sqlite://";

    /// <summary>
    /// The SQLite file named by <c>sqlite://&lt;path&gt;</c> (<c>sqlite:///abs/path</c> is absolute; a query
    /// string such as k3s's <c>?_journal=WAL</c> is ignored) or by a bare path.
    /// </summary>
    public static string ParseSqlitePath(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint, nameof(endpoint));
        string path;
        if (endpoint.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase))
        {
            path = endpoint[SqliteScheme.Length..];
            var query = path.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0)
                path = path[..query];
        }
        else
        {
            var separator = endpoint.IndexOf("://", StringComparison.Ordinal);
            if (separator >= 0)
            {
                throw new ArgumentException(
                    $"unsupported datastore endpoint scheme '{endpoint[..separator]}' in '{endpoint}': " +
                    "use sqlite://<path> or a file path (etcd endpoints are not supported yet)",
                    nameof(endpoint));
            }

            path = endpoint;
        }

        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"datastore endpoint '{endpoint}' names no file", nameof(endpoint));
        return path;
    }
}
