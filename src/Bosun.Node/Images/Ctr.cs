using System.Diagnostics;

namespace Bosun.Node.Images;

/// <summary>
/// Runs containerd's own client, <c>ctr</c> (shipped in Debian's containerd package), against one socket and
/// namespace. Image import through ctr needs no gRPC content-store client of our own.
/// </summary>
internal static class Ctr
{
    /// <summary>The ctr executable: the first <c>ctr</c> on PATH, or null.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "ctr"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs <c>ctr -a SOCKET -n NAMESPACE ARGS...</c>, feeding <paramref name="input"/> to its stdin when given.</summary>
    public static async Task<CtrResult> RunAsync(string socket, string ns, IEnumerable<string> args, Stream? input, CancellationToken cancellationToken)
    {
        var ctr = Find() ?? throw new ImageToolException("ctr is missing: install the Debian package containerd (apt-get install containerd), which ships it");
        if (!File.Exists(socket))
            throw new ImageToolException($"no containerd socket at {socket}: is containerd running there?");

        var start = new ProcessStartInfo(ctr)
        {
            UseShellExecute = false,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["-a", socket, "-n", ns, .. args])
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new ImageToolException($"could not start {ctr}");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            if (input is not null)
            {
                await input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync(cancellationToken);
            return new CtrResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            // A cancelled import must not leave ctr running (it holds a lease on the content store).
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
