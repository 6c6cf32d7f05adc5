namespace Bosun.Streaming.Spdy;

/// <summary>Helpers for SPDY header blocks, which this library keeps as a name-to-value map.</summary>
public static class SpdyHeaders
{
    /// <summary>An empty header block.</summary>
    public static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// A header block from name/value pairs. SPDY/3 requires lower-case names, so names are lowered here; a name
    /// given twice keeps both values joined by NUL, the SPDY way of sending several values for one name.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Of(params (string Name, string Value)[] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            var lower = name.ToLowerInvariant();
            headers[lower] = headers.TryGetValue(lower, out var existing) ? existing + "\0" + value : value;
        }

        return headers;
    }

    /// <summary>The first value of <paramref name="name"/> (case-insensitive), or null.</summary>
    public static string? Get(this IReadOnlyDictionary<string, string> headers, string name)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(name);
        return headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value.Split('\0')[0] : null;
    }
}
