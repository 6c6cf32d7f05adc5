using System.Diagnostics;

namespace Bosun.Testing;

/// <summary>
/// The real programs tests drive (containerd, ctr, skopeo, docker-registry...): checks that they are installed,
/// failing with the Debian package to install rather than skipping, and runs them.
/// </summary>
public static class Tools
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns <paramref name="path"/>; throws naming <paramref name="package"/> when the file is missing.</summary>
    public static string Require(string path, string package) => File.Exists(path)
        ? path
        : throw new InvalidOperationException($"{path} is missing: install the Debian package {package} (.ci/run does)");

    /// <summary>Throws unless the test runs as root (containerd, mounts and network namespaces need it; CI runs as root).</summary>
    public static void RequireRoot(string why)
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
            throw new InvalidOperationException($"this test must run as root ({why}); CI runs as root");
    }

    /// <summary>Runs a program to completion and captures its output; kills it after the timeout.</summary>
    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var command = string.Join(' ', [file, .. start.ArgumentList]);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"`{command}` did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:F0} s\nstdout: {await output}\nstderr: {await error}");
        }

        return new ToolResult(command, process.ExitCode, await output, await error);
    }
}
