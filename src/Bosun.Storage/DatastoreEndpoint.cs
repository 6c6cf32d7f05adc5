namespace Bosun.Storage;

/// <summary>Parses the server's <c>--datastore-endpoint</c> (k3s's spelling).</summary>
internal static class DatastoreEndpoint
{
    private const string SqliteScheme = "sqlite://";
    private const string EtcdScheme = "etcd://";

    /// <summary>
    /// The etcd members named by <c>etcd://h1:2379,h2:2379</c> (plain HTTP), or by comma-separated
    /// <c>http://</c> / <c>https://</c> URLs; a member without a scheme takes the previous one's. Null when the
    /// endpoint is not an etcd one.
    /// </summary>
    public static IReadOnlyList<Uri>? ParseEtcdEndpoints(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint, nameof(endpoint));
        var scheme = endpoint.StartsWith(EtcdScheme, StringComparison.OrdinalIgnoreCase) ? "http"
            : endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http"
            : endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https"
            : null;
        if (scheme is null)
            return null;

        var members = new List<Uri>();
        foreach (var part in endpoint.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = part;
            if (text.StartsWith(EtcdScheme, StringComparison.OrdinalIgnoreCase))
                text = text[EtcdScheme.Length..];
            var separator = text.IndexOf("://", StringComparison.Ordinal);
            if (separator >= 0)
                scheme = text[..separator].ToLowerInvariant();
            else
                text = $"{scheme}://{text}";
            if (scheme is not ("http" or "https") || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
                throw new ArgumentException($"'{part}' in datastore endpoint '{endpoint}' is not an etcd member address (host:port)", nameof(endpoint));
            members.Add(uri);
        }

        if (members.Count == 0)
            throw new ArgumentException($"datastore endpoint '{endpoint}' names no etcd member", nameof(endpoint));
        return members;
    }

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
                    "use sqlite://<path>, a file path, etcd://host:port[,host:port...] or http(s)://host:port[,...]",
                    nameof(endpoint));
            }

            path = endpoint;
        }

        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"datastore endpoint '{endpoint}' names no file", nameof(endpoint));
        return path;
    }
}
