using System.Text;

namespace Bosun.Node.Pods;

/// <summary>
/// Termination messages: each container attempt gets an empty host file mounted at its terminationMessagePath;
/// after it exits the agent reads up to 4 KiB from it, or with FallbackToLogsOnError and an empty file after a
/// failure, the last 80 lines (at most 2 KiB) of its log.
/// </summary>
public static class TerminationMessages
{
    private const int MaxBytes = 4096;
    private const int FallbackBytes = 2048;
    private const int FallbackLines = 80;

    public static string Create(PodPaths paths, string uid, string container, int attempt)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var directory = paths.ContainerDirectory(uid, container);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"termination-{attempt}");
        File.WriteAllBytes(path, []);
        // Writable by whatever user the container runs as.
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("666", 8));
        return path;
    }

    public static string Read(ObservedContainer container, string? file, string? policy)
    {
        ArgumentNullException.ThrowIfNull(container);
        var logPath = container.LogPath;
        var message = "";
        if (file is not null && File.Exists(file))
        {
            using var stream = File.OpenRead(file);
            var buffer = new byte[MaxBytes];
            var read = stream.ReadAtLeast(buffer, MaxBytes, throwOnEndOfStream: false);
            message = Encoding.UTF8.GetString(buffer, 0, read);
        }

        if (message.Length == 0 && policy == "FallbackToLogsOnError" && container.ExitCode != 0 && !string.IsNullOrEmpty(logPath) && File.Exists(logPath))
        {
            var lines = Logs.CriLogFormat.ReadMessages(logPath).TakeLast(FallbackLines);
            var text = string.Concat(lines);
            var bytes = Encoding.UTF8.GetBytes(text);
            message = bytes.Length > FallbackBytes ? Encoding.UTF8.GetString(bytes, bytes.Length - FallbackBytes, FallbackBytes) : text;
        }

        return message;
    }
}
