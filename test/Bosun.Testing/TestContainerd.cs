using System.Diagnostics;
using Xunit;

namespace Bosun.Testing;

/// <summary>
/// A private containerd (Debian's containerd 1.6 + runc) for one test class: generated minimal config, root, state
/// and socket in a temp directory, the CRI plugin on with <see cref="SandboxImage"/> as its sandbox image. It does
/// not touch a containerd already running on the machine. Dispose kills what runs in it, stops it by PID, kills
/// leftover shims, unmounts what it mounted and deletes the directory. Missing root or packages fail the test.
/// </summary>
public sealed class TestContainerd : IAsyncLifetime
{
    public const string Binary = "/usr/bin/containerd";
    public const string CtrBinary = "/usr/bin/ctr";
    public const string RuncBinary = "/usr/sbin/runc";
    public const string CniBinDir = "/usr/lib/cni";

    /// <summary>The CRI sandbox image the config names (Bosun's pause image, see Bosun.Node.Images.TestImages).</summary>
    public const string SandboxImage = "bosun.local/pause:3.9";

    /// <summary>containerd's CRI namespace, where pods' images live.</summary>
    public const string Namespace = "k8s.io";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private Process? _process;

    public string Directory => _directory.Path;

    /// <summary>The containerd socket (CRI and containerd's own API).</summary>
    public string Socket => _directory.File("containerd.sock");

    /// <summary>containerd's log (stdout and stderr).</summary>
    public string LogFile => _directory.File("containerd.log");

    public async Task InitializeAsync()
    {
        Tools.RequireRoot("containerd runs containers");
        Tools.Require(Binary, "containerd");
        Tools.Require(CtrBinary, "containerd");
        Tools.Require(RuncBinary, "runc");
        Tools.Require(Path.Combine(CniBinDir, "bridge"), "containernetworking-plugins");
        System.IO.Directory.CreateDirectory(_directory.File("cni"));
        var config = _directory.File("config.toml");
        await File.WriteAllTextAsync(config, Config());

        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            // exec: the shell becomes containerd, so the PID we hold is containerd's; output goes to the log file.
            ArgumentList = { "-c", "exec \"$0\" --config \"$1\" >>\"$2\" 2>&1", Binary, config, LogFile },
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary}");

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"containerd exited with {_process.ExitCode} at start:\n{Tail()}");
            if (File.Exists(Socket) && (await CtrAsync("version")).ExitCode == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"containerd did not answer on {Socket} within {StartTimeout.TotalSeconds:F0} s:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs <c>ctr -a SOCKET -n k8s.io ARGS</c>.</summary>
    public Task<ToolResult> CtrAsync(params string[] args) => CtrInAsync(Namespace, args);

    /// <summary>Runs <c>ctr -a SOCKET -n NAMESPACE ARGS</c>.</summary>
    public Task<ToolResult> CtrInAsync(string ns, params string[] args) =>
        Tools.RunAsync(CtrBinary, ["-a", Socket, "-n", ns, .. args]);

    /// <summary>The last lines of containerd's log, for failure messages.</summary>
    public string Tail(int lines = 30) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    public async Task DisposeAsync()
    {
        try
        {
            if (_process is { HasExited: false })
                await RemoveEverythingRunningAsync();
        }
        finally
        {
            StopContainerd();
            KillLeftoverShims();
            Mounts.UnmountUnder(Directory);
            _directory.Delete();
        }
    }

    /// <summary>
    /// Kills and deletes every task and container in every namespace, so the shims exit and runc removes the cgroups;
    /// containerd stopping alone would leave both behind.
    /// </summary>
    private async Task RemoveEverythingRunningAsync()
    {
        var namespaces = await Tools.RunAsync(CtrBinary, ["-a", Socket, "namespaces", "ls", "-q"]);
        foreach (var ns in Lines(namespaces.Output))
        {
            foreach (var task in Lines((await CtrInAsync(ns, "tasks", "ls", "-q")).Output))
            {
                await CtrInAsync(ns, "tasks", "kill", "-s", "SIGKILL", "--all", task);
                await CtrInAsync(ns, "tasks", "delete", "--force", task);
            }

            foreach (var container in Lines((await CtrInAsync(ns, "containers", "ls", "-q")).Output))
                await CtrInAsync(ns, "containers", "delete", container);
        }
    }

    private void StopContainerd()
    {
        if (_process is null)
            return;
        try
        {
            if (!_process.HasExited)
            {
                Signals.Terminate(_process.Id);
                if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
                    _process.Kill();
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Shims of this containerd (their command line names its socket) still running after it stopped.</summary>
    private void KillLeftoverShims()
    {
        foreach (var pid in System.IO.Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            string cmdline;
            try
            {
                cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (cmdline.Contains(Socket, StringComparison.Ordinal))
            {
                try
                {
                    using var shim = Process.GetProcessById(int.Parse(pid!, System.Globalization.CultureInfo.InvariantCulture));
                    shim.Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                    // Exited meanwhile.
                }
                catch (InvalidOperationException)
                {
                    // Exited meanwhile.
                }
            }
        }
    }

    private string Config() => $"""
        # Generated for one test: everything under {Directory}; nothing shared with a containerd on the machine.
        version = 2
        root = "{_directory.File("root")}"
        state = "{_directory.File("state")}"

        [grpc]
          address = "{Socket}"

        [plugins."io.containerd.internal.v1.opt"]
          path = "{_directory.File("opt")}"

        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{SandboxImage}"
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "{CniBinDir}"
            conf_dir = "{_directory.File("cni")}"
          [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
            runtime_type = "io.containerd.runc.v2"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
              SystemdCgroup = false
        """;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
