using System.Text;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// A half-open key interval [Start, End) in SQLite's BINARY order (UTF-8 bytes, i.e. code point order).
/// A prefix becomes [prefix, prefix with its last character incremented), which lets SQLite seek an index.
/// </summary>
internal readonly record struct KeyRange(string Start, string? End)
{
    public static KeyRange ForPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
            return new KeyRange("", null);

        var last = prefix[^1];
        // Incrementing a surrogate, U+D7FF or U+FFFF does not give the next code point; such prefixes do not
        // occur in Kubernetes keys, so refuse them rather than answer wrongly.
        if (char.IsSurrogate(last) || last == '\uD7FF' || last == char.MaxValue)
            throw new ArgumentException($"unsupported last character U+{(int)last:X4} in key prefix", nameof(prefix));
        return new KeyRange(prefix, prefix[..^1] + (char)(last + 1));
    }

    /// <summary>This range narrowed to start at <paramref name="startKey"/> when that lies after <see cref="Start"/>.</summary>
    public KeyRange From(string? startKey) =>
        startKey is null || CompareUtf8(startKey, Start) <= 0 ? this : this with { Start = startKey };

    /// <summary>True when a key falls inside the range (same order as SQLite's).</summary>
    public bool Contains(string key) =>
        CompareUtf8(key, Start) >= 0 && (End is null || CompareUtf8(key, End) < 0);

    /// <summary>The SQL condition on <paramref name="column"/>, using parameters $start and $end.</summary>
    public string Where(string column) =>
        End is null ? $"{column} >= $start" : $"{column} >= $start AND {column} < $end";

    public void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("$start", Start);
        if (End is not null)
            command.Parameters.AddWithValue("$end", End);
    }

    private static int CompareUtf8(string a, string b)
    {
        if (Ascii.IsValid(a) && Ascii.IsValid(b))
            return string.CompareOrdinal(a, b);
        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }
}
