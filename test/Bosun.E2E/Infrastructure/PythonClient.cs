using System.Diagnostics;

namespace Bosun.E2E.Infrastructure;

/// <summary>
/// Runs scripts of the test project's <c>Python/</c> folder with Debian's python3 and its
/// <c>python3-kubernetes</c> client (the official Kubernetes Python client) against a server.
/// </summary>
public static class PythonClient
{
    /// <summary>
    /// Debian's interpreter by its full path: a <c>python3</c> earlier on PATH (pyenv, a venv) does not see
    /// the packages apt installed.
    /// </summary>
    public const string Interpreter = "/usr/bin/python3";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Runs <c>Python/<paramref name="script"/></c> with <paramref name="args"/>; a missing interpreter or client
    /// module fails the test (never skips it), naming the package to install.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string script, params string[] args)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is missing: the Python client tests need Debian's python3 and python3-kubernetes (apt-get install python3-kubernetes)");
        var probe = await RunProcessAsync(["-c", "import kubernetes; print(kubernetes.__version__)"]);
        Assert.True(probe.ExitCode == 0, $"the kubernetes module is missing for {Interpreter} (apt-get install python3-kubernetes): {probe}");

        var path = Path.Combine(AppContext.BaseDirectory, "Python", script);
        Assert.True(File.Exists(path), $"{path} was not copied to the test output");
        return await RunProcessAsync([path, .. args]);
    }

    private static async Task<ProcessResult> RunProcessAsync(string[] args)
    {
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Unbuffered, so a script killed by the timeout still shows how far it got.
        info.Environment["PYTHONUNBUFFERED"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Interpreter}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{Interpreter} {string.Join(' ', args)} did not finish within {Timeout}\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
