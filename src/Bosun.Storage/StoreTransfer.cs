using System.Text;
using System.Text.Json;

namespace Bosun.Storage;

/// <summary>
/// Copies a whole store through a file, for moving a cluster between datastores (SQLite to etcd and back):
/// JSON lines, a header and then one line per key with its value in base64, read from one consistent
/// snapshot. Revisions are not carried over: the target numbers the writes itself, as a restore from an etcd
/// snapshot into a new cluster would, and clients relist.
/// </summary>
public static class StoreTransfer
{
    private const string Kind = "BosunDatastoreExport";
    private const int PageSize = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes every key of <paramref name="store"/> as of one revision; returns the number of keys.</summary>
    public static async Task<long> ExportAsync(IStore store, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var revision = await store.GetRevisionAsync(cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync(JsonSerializer.Serialize(new Header(Kind, 1, revision), Json));
        long count = 0;
        string? start = null;
        while (true)
        {
            var page = await store.RangeAsync(new RangeRequest("/", start, PageSize, revision), cancellationToken);
            foreach (var item in page.Items)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(new Entry(item.Key, Convert.ToBase64String(item.Value.Span)), Json));
                count++;
            }

            if (!page.More || page.Items.Count == 0)
            {
                return count;
            }

            start = page.Items[^1].Key + "\0";
        }
    }

    /// <summary>
    /// Creates every key of an export in <paramref name="store"/>, which must hold no keys (nothing is
    /// overwritten); returns the number of keys. A malformed file fails before anything is written.
    /// </summary>
    public static async Task<long> ImportAsync(Stream input, IStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = await ReadAsync(input, cancellationToken);
        if ((await store.RangeAsync(new RangeRequest("/", null, 1), cancellationToken)).Items.Count > 0)
        {
            throw new InvalidOperationException("the target datastore is not empty: import only into a new datastore");
        }

        // Keys under /bootstrap/ (the cluster's identity) go last: a server can only join an import that finished.
        foreach (var (key, value) in entries.OrderBy(e => e.Key.StartsWith("/bootstrap/", StringComparison.Ordinal)))
        {
            await store.CreateAsync(key, value, cancellationToken);
        }

        return entries.Count;
    }

    private static async Task<List<(string Key, byte[] Value)>> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, leaveOpen: true);
        var first = await reader.ReadLineAsync(cancellationToken);
        var header = Parse<Header>(first, 1);
        if (header.Kind != Kind || header.Version != 1)
        {
            throw new InvalidDataException($"line 1: not a Bosun datastore export (kind {header.Kind}, version {header.Version})");
        }

        var entries = new List<(string, byte[])>();
        var line = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var entry = Parse<Entry>(text, line);
            if (string.IsNullOrEmpty(entry.Key) || !entry.Key.StartsWith('/') || entry.Value is null)
            {
                throw new InvalidDataException($"line {line}: an entry needs a key starting with '/' and a value");
            }

            try
            {
                entries.Add((entry.Key, Convert.FromBase64String(entry.Value)));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"line {line}: the value of {entry.Key} is not base64", e);
            }
        }

        return entries;
    }

    private static T Parse<T>(string? text, int line)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text ?? "", Json) ?? throw new InvalidDataException($"line {line}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"line {line}: {e.Message}", e);
        }
    }

    private sealed record Header(string Kind, int Version, long Revision);

    private sealed record Entry(string Key, string Value);
}
