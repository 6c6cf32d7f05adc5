using System.Globalization;

namespace Bosun.Node.Logs;

/// <summary>One line of a CRI container log: "TIMESTAMP STREAM TAG CONTENT", TAG F (full) or P (partial).</summary>
public readonly record struct CriLogLine(DateTime Timestamp, string RawTimestamp, string Stream, bool Partial, string Content);

/// <summary>
/// The container log format the CRI runtime writes (k8s.io/cri-api logs spec): each line is an RFC 3339 nano
/// timestamp, the stream (stdout/stderr), F or P, and the content; a long line is split into P pieces ending
/// with an F piece.
/// </summary>
public static class CriLogFormat
{
    public static bool TryParse(string line, out CriLogLine parsed)
    {
        parsed = default;
        ArgumentNullException.ThrowIfNull(line);
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        if (first <= 0)
        {
            return false;
        }

        var second = line.IndexOf(' ', first + 1);
        if (second < 0)
        {
            return false;
        }

        var raw = line[..first];
        if (!DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return false;
        }

        var stream = line[(first + 1)..second];
        var third = line.IndexOf(' ', second + 1);
        string tag;
        string content;
        if (third < 0)
        {
            tag = line[(second + 1)..];
            content = "";
        }
        else
        {
            tag = line[(second + 1)..third];
            content = line[(third + 1)..];
        }

        var partial = tag.Split(':')[0] == "P";
        parsed = new CriLogLine(timestamp, raw, stream, partial, content);
        return true;
    }

    /// <summary>The messages of a whole log file (full lines end with a newline; partial pieces do not).</summary>
    public static IEnumerable<string> ReadMessages(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (TryParse(line, out var parsed))
            {
                yield return parsed.Partial ? parsed.Content : parsed.Content + "\n";
            }
        }
    }
}
