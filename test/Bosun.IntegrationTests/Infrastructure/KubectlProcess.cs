using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Bosun.IntegrationTests.Infrastructure;

/// <summary>Runs a real kubectl.1.XX (beside the file `kubectl` on PATH resolves to); a missing one fails the test.</summary>
public sealed class KubectlProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();

    private KubectlProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Runs kubectl to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string version, string kubeconfig, string[] args, string? stdin = null)
    {
        var info = StartInfo(version, kubeconfig, args, redirectStdin: stdin is not null);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"kubectl {string.Join(' ', args)} did not finish\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a kubectl that keeps running (logs -f, port-forward); its output is read line by line.</summary>
    public static KubectlProcess Start(string version, string kubeconfig, params string[] args) =>
        new(Process.Start(StartInfo(version, kubeconfig, args, redirectStdin: false)) ?? throw new InvalidOperationException("kubectl did not start"));

    /// <summary>The next line of standard output, or null when kubectl ended; fails after a minute.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            return await _lines.Reader.WaitToReadAsync(timeout.Token) && _lines.Reader.TryRead(out var line) ? line : null;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"kubectl printed nothing more; stderr:\n{Stderr}");
            return null;
        }
    }

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string version, string kubeconfig, string[] args, bool redirectStdin)
    {
        var info = new ProcessStartInfo(PathOf(version))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        info.ArgumentList.Add("--cache-dir=" + Path.Combine(Path.GetDirectoryName(kubeconfig)!, "kubectl-cache", version));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static string PathOf(string version)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                var target = File.ResolveLinkTarget(candidate, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(candidate);
                var path = Path.Combine(Path.GetDirectoryName(target)!, "kubectl." + version);
                Assert.True(File.Exists(path), $"kubectl {version} is missing: expected {path}");
                return path;
            }
        }

        Assert.Fail("kubectl is not on PATH; these tests need kubectl.1.27 and kubectl.1.33 beside it");
        return "";
    }
}
