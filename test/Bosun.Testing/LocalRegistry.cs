using System.Diagnostics;
using Xunit;

namespace Bosun.Testing;

/// <summary>
/// A private image registry (Debian's docker-registry, distribution 2.8) over plain HTTP on a free 127.0.0.1 port,
/// storing in a temp directory, and <see cref="PushAsync"/> to put OCI archives in it with skopeo. Dispose stops it
/// by PID and deletes the directory. Missing packages fail the test.
/// </summary>
public sealed class LocalRegistry : IAsyncLifetime, IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    public const string SkopeoBinary = "/usr/bin/skopeo";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private Process? _process;

    /// <summary>The port it listens on (valid after <see cref="InitializeAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>host:port, the prefix of image names in this registry.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        Tools.Require(Binary, "docker-registry");
        Tools.Require(SkopeoBinary, "skopeo");
        // A free port can be taken between the check and the bind; a fresh port is tried then.
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPorts.Free();
            var log = _directory.File($"registry-{Port}.log");
            var config = _directory.File("config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: {_directory.File("data")}
                  delete:
                    enabled: true
                http:
                  addr: {Host}
                  # Fixed, so the registry does not warn about a random one; uploads never cross instances here.
                  secret: bosun-test-registry
                """);
            var start = new ProcessStartInfo("/bin/sh")
            {
                UseShellExecute = false,
                ArgumentList = { "-c", "exec \"$0\" serve \"$1\" >>\"$2\" 2>&1", Binary, config, log },
            };
            _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary}");
            if (await WaitReadyAsync())
                return;
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";
            Stop();
            if (attempt == 3 || !tail.Contains("address already in use", StringComparison.Ordinal))
                throw new InvalidOperationException($"docker-registry did not start on {Host}:\n{tail}");
        }
    }

    /// <summary>
    /// Copies the image of an OCI archive into this registry as <paramref name="repositoryAndTag"/> (e.g.
    /// <c>test/busybox:1</c>); returns the full name to pull, <c>127.0.0.1:PORT/test/busybox:1</c>.
    /// </summary>
    public async Task<string> PushAsync(string archivePath, string repositoryAndTag)
    {
        var reference = $"{Host}/{repositoryAndTag}";
        // --insecure-policy: no /etc/containers/policy.json is needed for a private test registry.
        (await Tools.RunAsync(SkopeoBinary, ["--insecure-policy", "copy", "--dest-tls-verify=false", $"oci-archive:{archivePath}", $"docker://{reference}"]))
            .EnsureSuccess();
        return reference;
    }

    public Task DisposeAsync()
    {
        Stop();
        _directory.Delete();
        return Task.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<bool> WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && _process is { HasExited: false })
        {
            try
            {
                // The registry API's base endpoint: 200 once it serves.
                using var response = await http.GetAsync(new Uri($"http://{Host}/v2/"));
                if (response.IsSuccessStatusCode)
                    return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(50);
        }

        return false;
    }

    private void Stop()
    {
        if (_process is null)
            return;
        try
        {
            if (!_process.HasExited)
            {
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
}
