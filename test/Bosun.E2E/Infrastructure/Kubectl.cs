using System.Diagnostics;
using System.Text;

namespace Bosun.E2E.Infrastructure;

/// <summary>Runs a real kubectl.1.XX (the files beside the one `kubectl` on PATH resolves to) against a server.</summary>
public sealed class Kubectl
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<string?> Directory = new(FindDirectory);

    private readonly string _path;
    private readonly string _kubeconfig;
    private readonly string _cacheDir;

    private Kubectl(string path, string kubeconfig, string cacheDir)
    {
        _path = path;
        _kubeconfig = kubeconfig;
        _cacheDir = cacheDir;
    }

    /// <summary>kubectl at <paramref name="version"/> (e.g. "1.27"); a missing binary fails the test, never skips it.</summary>
    public static Kubectl For(string version, BosunServer server) =>
        For(version, server.Kubeconfig, Path.Combine(server.DataDir, "kubectl-cache", version));

    /// <summary>kubectl at <paramref name="version"/> against the server <paramref name="kubeconfig"/> names.</summary>
    public static Kubectl For(string version, string kubeconfig, string cacheDir)
    {
        var dir = Directory.Value;
        Assert.True(dir is not null, "kubectl is not on PATH; the E2E tests need kubectl.1.27 ... kubectl.1.33 beside it");
        var path = Path.Combine(dir!, "kubectl." + version);
        Assert.True(File.Exists(path), $"kubectl {version} is missing: expected {path} (beside the file `readlink -f $(command -v kubectl)` names)");
        return new Kubectl(path, kubeconfig, cacheDir);
    }

    /// <summary>
    /// Runs kubectl to completion; <paramref name="stdin"/> is written to its standard input when given,
    /// <paramref name="environment"/> is added to its environment (e.g. KUBE_EDITOR).
    /// </summary>
    public async Task<ProcessResult> RunAsync(string[] args, string? stdin = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, redirectStdin: stdin is not null, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"kubectl {string.Join(' ', args)} did not finish within {timeout ?? DefaultTimeout}\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and asserts it succeeded; returns its standard output.</summary>
    public async Task<string> SucceedAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    /// <summary>Runs kubectl and asserts it failed; returns both output streams.</summary>
    public async Task<string> FailAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode != 0, $"kubectl {string.Join(' ', args)} should have failed: {result}");
        return result.Output;
    }

    /// <summary>
    /// This kubectl with its kubeconfig, cache dir and <paramref name="args"/> as one POSIX shell command line (each
    /// word single-quoted), for programs that take a command string, such as <c>script -qec CMD /dev/null</c>.
    /// </summary>
    public string ShellCommand(params string[] args) =>
        string.Join(' ', new[] { _path, "--kubeconfig=" + _kubeconfig, "--cache-dir=" + _cacheDir }.Concat(args).Select(Quote));

    /// <summary>Starts a long-running kubectl (e.g. get -w) whose output is collected as it arrives.</summary>
    public BackgroundKubectl StartBackground(params string[] args) => new(Start(args, redirectStdin: false));

    private Process Start(string[] args, bool redirectStdin, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(_path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add("--kubeconfig=" + _kubeconfig);
        info.ArgumentList.Add("--cache-dir=" + _cacheDir);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {_path}");
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string? FindDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (!File.Exists(candidate))
            {
                continue;
            }

            var target = File.ResolveLinkTarget(candidate, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(candidate);
            return Path.GetDirectoryName(target);
        }

        return null;
    }
}
