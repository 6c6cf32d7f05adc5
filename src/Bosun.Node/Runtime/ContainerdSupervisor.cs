using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Bosun.Node.Cri;
using Microsoft.Extensions.Logging;

namespace Bosun.Node.Runtime;

/// <summary>
/// Runs the agent's own containerd: writes its configuration, starts it, waits until its CRI plugin
/// answers, restarts it if it dies, and stops it with SIGTERM. Stopping containerd does not stop
/// containers (their shims keep running), so an agent restart finds its pods still running. A containerd
/// left running by a previous agent (pid file, socket answering) is adopted rather than started twice.
/// </summary>
public sealed partial class ContainerdSupervisor : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly ContainerdConfig _config;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Process? _process;
    private int _pid;
    private Task? _watch;

    public ContainerdSupervisor(ContainerdConfig config, ILogger logger)
    {
        _config = config;
        _logger = logger;
    }

    /// <summary>The socket the CRI client connects to.</summary>
    public string SocketPath => _config.SocketPath;

    /// <summary>The PID of the containerd process (started or adopted).</summary>
    public int ProcessId => _pid;

    private string PidFile => Path.Combine(_config.Directory, "containerd.pid");

    private string LogFile => Path.Combine(_config.Directory, "containerd.log");

    /// <summary>Starts (or adopts) containerd and returns once its CRI service answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_config.Directory);
        Directory.CreateDirectory(_config.CniConfigDirectory);
        await File.WriteAllTextAsync(_config.ConfigPath, _config.Render(), cancellationToken).ConfigureAwait(false);

        if (TryAdopt())
        {
            Log.Adopted(_logger, _pid);
        }
        else
        {
            Launch();
        }

        await WaitUntilServingAsync(cancellationToken).ConfigureAwait(false);
        _watch = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
    }

    private bool TryAdopt()
    {
        if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (!IsContainerd(pid))
        {
            File.Delete(PidFile);
            return false;
        }

        _pid = pid;
        return true;
    }

    // A recycled PID must not be mistaken for our containerd: its command line must name our config.
    private bool IsContainerd(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("containerd", StringComparison.Ordinal) && commandLine.Contains(_config.ConfigPath, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Launch()
    {
        if (File.Exists(_config.SocketPath))
        {
            File.Delete(_config.SocketPath);
        }

        var start = new ProcessStartInfo(FindContainerd(), ["--config", _config.ConfigPath, "--log-level", "warn"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("containerd did not start");
        var log = new StreamWriter(new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        void Write(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                lock (log)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += Write;
        process.ErrorDataReceived += Write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        _process = process;
        _pid = process.Id;
        File.WriteAllText(PidFile, _pid.ToString(CultureInfo.InvariantCulture));
        Log.Started(_logger, _pid, _config.SocketPath);
    }

    /// <summary>The containerd binary: on PATH, or Debian's /usr/bin/containerd.</summary>
    public static string FindContainerd()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(directory, "containerd");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("containerd is not installed: install the Debian packages containerd, runc and containernetworking-plugins (apt-get install containerd runc containernetworking-plugins), or pass --container-runtime-endpoint");
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"containerd exited with code {exited.ExitCode} while starting; see {LogFile}");
            }

            if (File.Exists(_config.SocketPath))
            {
                try
                {
                    using var client = CriClient.Connect(_config.SocketPath);
                    await client.VersionAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Grpc.Core.RpcException e)
                {
                    last = e;
                }
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"containerd did not answer on {_config.SocketPath} within 60 s; see {LogFile}", last);
    }

    // Restarts containerd when it dies; containers survive in their shims and are found again.
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                if (IsAlive(_pid))
                {
                    delay = TimeSpan.FromSeconds(1);
                    continue;
                }

                Log.Died(_logger, _pid, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
                Launch();
                await WaitUntilServingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                Log.RestartFailed(_logger, e);
            }
        }
    }

    private bool IsAlive(int pid) =>
        _process is { } process && process.Id == pid ? !process.HasExited : IsContainerd(pid);

    /// <summary>Stops containerd (SIGTERM, then SIGKILL after 10 s). Running containers are left to their shims.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_watch is not null)
        {
            await _watch.ConfigureAwait(false);
        }

        if (_pid > 0 && IsAlive(_pid))
        {
            _ = Kill(_pid, SigTerm);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (IsAlive(_pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }

            if (IsAlive(_pid))
            {
                _ = Kill(_pid, 9);
            }
        }

        if (_process is not null)
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            _process.Dispose();
        }

        File.Delete(PidFile);
        _stopping.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "containerd started (pid {Pid}) on {Socket}")]
        public static partial void Started(ILogger logger, int pid, string socket);

        [LoggerMessage(Level = LogLevel.Information, Message = "containerd already running (pid {Pid}); adopted")]
        public static partial void Adopted(ILogger logger, int pid);

        [LoggerMessage(Level = LogLevel.Warning, Message = "containerd (pid {Pid}) died; restarting in {Seconds} s")]
        public static partial void Died(ILogger logger, int pid, double seconds);

        [LoggerMessage(Level = LogLevel.Error, Message = "containerd restart failed")]
        public static partial void RestartFailed(ILogger logger, Exception exception);
    }
}
