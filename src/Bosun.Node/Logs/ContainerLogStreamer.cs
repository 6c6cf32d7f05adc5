using System.Text;

namespace Bosun.Node.Logs;

/// <summary>
/// Writes a container's CRI log file to a stream as <c>kubectl logs</c> expects it: the content of each line
/// (stdout and stderr interleaved, partial lines joined), optionally prefixed with its RFC 3339 timestamp,
/// filtered by since, cut to the last N lines and to a byte limit; with follow, keeps writing new lines until
/// the container stops (its <c>stillRunning</c> check says false) and the file is drained.
/// </summary>
public static class ContainerLogStreamer
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(100);

    public static async Task StreamAsync(string path, LogOptions options, Stream output, Func<Task<bool>> stillRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(stillRunning);
        long written = 0;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: false);
        var start = options.TailLines is { } tail ? TailOffset(file, tail, options.Since) : 0;
        file.Position = start;
        var pending = new StringBuilder();
        var buffer = new byte[64 * 1024];
        var carry = new List<byte>();
        while (true)
        {
            var read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (!options.Follow)
                {
                    return;
                }

                if (!await stillRunning().ConfigureAwait(false))
                {
                    // One last read: lines written just before the container stopped.
                    if (await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) is var last and > 0)
                    {
                        file.Position -= last;
                        continue;
                    }

                    // A partial line the container never finished is still its output.
                    if (pending.Length > 0)
                    {
                        await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(pending.ToString()), cancellationToken).ConfigureAwait(false);
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                await Task.Delay(FollowPoll, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var from = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                carry.AddRange(buffer.AsSpan(from, i - from).ToArray());
                from = i + 1;
                var line = Encoding.UTF8.GetString(carry.ToArray());
                carry.Clear();
                var bytes = Render(line, options, pending);
                if (bytes is null)
                {
                    continue;
                }

                if (options.LimitBytes is { } limit && written + bytes.Length >= limit)
                {
                    await output.WriteAsync(bytes.AsMemory(0, (int)(limit - written)), cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }

                await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                written += bytes.Length;
            }

            carry.AddRange(buffer.AsSpan(from, read - from).ToArray());
            if (options.Follow)
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // One CRI line -> the bytes to send (null: filtered out, or a partial piece held until its full line).
    private static byte[]? Render(string line, LogOptions options, StringBuilder pending)
    {
        if (!CriLogFormat.TryParse(line, out var parsed))
        {
            return null;
        }

        if (options.Since is { } since && parsed.Timestamp < since)
        {
            return null;
        }

        if (parsed.Partial)
        {
            pending.Append(parsed.Content);
            return null;
        }

        var content = pending.Length > 0 ? pending.Append(parsed.Content).ToString() : parsed.Content;
        pending.Clear();
        var text = options.Timestamps
            ? parsed.RawTimestamp + " " + content + "\n"
            : content + "\n";
        return Encoding.UTF8.GetBytes(text);
    }

    // The offset of the first line of the last N full lines (counted after the since filter).
    private static long TailOffset(FileStream file, long lines, DateTime? since)
    {
        if (lines <= 0)
        {
            return file.Length;
        }

        file.Position = 0;
        var offsets = new Queue<long>();
        using var reader = new StreamReader(file, Encoding.UTF8, false, 64 * 1024, leaveOpen: true);
        long position = 0;
        while (reader.ReadLine() is { } line)
        {
            var lineStart = position;
            position += Encoding.UTF8.GetByteCount(line) + 1;
            if (!CriLogFormat.TryParse(line, out var parsed) || parsed.Partial || (since is { } s && parsed.Timestamp < s))
            {
                continue;
            }

            offsets.Enqueue(lineStart);
            if (offsets.Count > lines)
            {
                offsets.Dequeue();
            }
        }

        // A line split in P pieces starts at its first piece; going back over them keeps the line whole.
        var first = offsets.Count > 0 ? offsets.Peek() : position;
        return BackOverPartials(file, first);
    }

    private static long BackOverPartials(FileStream file, long offset)
    {
        // Re-read from the start and find the earliest P piece directly before offset.
        file.Position = 0;
        using var reader = new StreamReader(file, Encoding.UTF8, false, 64 * 1024, leaveOpen: true);
        long position = 0;
        long? runStart = null;
        while (reader.ReadLine() is { } line && position < offset)
        {
            var isPartial = CriLogFormat.TryParse(line, out var parsed) && parsed.Partial;
            runStart = isPartial ? runStart ?? position : null;
            position += Encoding.UTF8.GetByteCount(line) + 1;
        }

        return runStart ?? offset;
    }
}
