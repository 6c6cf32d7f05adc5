using Bosun.Testing;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bosun.ApiServer.Certificates;

namespace Bosun.E2E.Infrastructure;

/// <summary>
/// The real bosun binary (Release build) serving on a free loopback port with a temporary data dir; one per test
/// class (xUnit class fixture). Disposal stops it by PID (SIGTERM, then SIGKILL) and deletes the data dir.
/// </summary>
public sealed class BosunServer : IAsyncLifetime
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <summary>Flags added to <c>bosun server</c> (e.g. a datastore endpoint and token); set before (re)starting.</summary>
    public IReadOnlyList<string> ExtraArguments { get; set; } = [];

    /// <summary>
    /// Whether the server runs its embedded node agent (containerd, real pods). Off unless a test needs real
    /// containers: most suites test the API and control loops, and one containerd per server would only slow them.
    /// </summary>
    public bool WithAgent { get; set; }

    /// <summary>The temporary data dir (state, TLS material, kubeconfig).</summary>
    public string DataDir { get; } = Directory.CreateTempSubdirectory("bosun-e2e-").FullName;

    /// <summary>The kubeconfig the server wrote for its admin user.</summary>
    public string Kubeconfig => Path.Combine(DataDir, "kubeconfig.yaml");

    /// <summary>https://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        await StartProcessAsync();
    }

    /// <summary>Builds the binary if needed and picks the port, without starting (then <see cref="LaunchAsync"/>).</summary>
    public async Task PrepareAsync()
    {
        await EnsureBinaryAsync();
        BaseAddress = new Uri($"https://127.0.0.1:{LoopbackPorts.Free()}");
    }

    /// <summary>Ends the server: SIGTERM (graceful) or SIGKILL (a crash). Returns the exit code.</summary>
    public async Task<int> StopAsync(bool kill)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        if (kill)
        {
            process.Kill();
        }
        else
        {
            Signals.Terminate(process.Id);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        var code = process.ExitCode;
        process.Dispose();
        _process = null;
        return code;
    }

    /// <summary>Starts the binary again on the same port and data dir (after <see cref="StopAsync"/>).</summary>
    public Task RestartAsync() => StartProcessAsync();

    /// <summary>Starts the binary without waiting for it to be ready (for tests that watch it come up).</summary>
    public Task LaunchAsync()
    {
        Launch();
        return Task.CompletedTask;
    }

    /// <summary>Starts a server that is expected to refuse to run; returns its exit code once it has exited.</summary>
    public async Task<int> RunUntilExitAsync(TimeSpan timeout)
    {
        await PrepareAsync();
        Launch();
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until /readyz answers 200 (after <see cref="LaunchAsync"/>).</summary>
    public Task WaitUntilReadyAsync() => WaitReadyAsync();

    private async Task StartProcessAsync()
    {
        Launch();
        await WaitReadyAsync();
    }

    private void Launch()
    {
        var info = new ProcessStartInfo(RepositoryRoot.BosunBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var agent = WithAgent ? Array.Empty<string>() : ["--disable-agent"];
        foreach (var arg in new[] { "server", "--data-dir", DataDir, "--https-listen-port", BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(agent).Concat(ExtraArguments))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start bosun");
        _process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        _process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                Signals.Terminate(_process.Id);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }

            _process.Dispose();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A straggling kubectl may still hold its cache dir; the temp dir is best-effort.
        }
    }

    /// <summary>An HttpClient that trusts only the server's CA (DIR/tls/ca.crt) and presents no credentials.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(DataDir, "tls", "ca.crt")));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => ClusterTrust.IsIssuedBy(ca, certificate),
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>An HTTP/2 client presenting the admin client certificate (DIR/tls/admin.crt), trusting only the CA.</summary>
    public HttpClient CreateAdminClient()
    {
        var tls = Path.Combine(DataDir, "tls");
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(tls, "ca.crt")));
        var admin = X509Certificate2.CreateFromPemFile(Path.Combine(tls, "admin.crt"), Path.Combine(tls, "admin.key"));
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions =
            {
                ClientCertificates = [admin],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => ClusterTrust.IsIssuedBy(ca, certificate),
            },
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"bosun exited with {_process.ExitCode} while starting:\n{Log}");
            }

            if (File.Exists(Kubeconfig) && File.Exists(Path.Combine(DataDir, "tls", "ca.crt")))
            {
                try
                {
                    using var client = CreateAnonymousClient();
                    using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"bosun was not ready within {StartTimeout}:\n{Log}");
    }

    private static async Task EnsureBinaryAsync()
    {
        await BuildLock.WaitAsync();
        try
        {
            if (File.Exists(RepositoryRoot.BosunBinary))
            {
                return;
            }

            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Path, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "build", "src/Bosun", "-c", "Release", "--nologo", "-v", "quiet" })
            {
                info.ArgumentList.Add(arg);
            }

            using var build = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet build");
            var stdout = build.StandardOutput.ReadToEndAsync();
            var stderr = build.StandardError.ReadToEndAsync();
            await build.WaitForExitAsync();
            if (build.ExitCode != 0 || !File.Exists(RepositoryRoot.BosunBinary))
            {
                throw new InvalidOperationException($"dotnet build src/Bosun -c Release failed ({build.ExitCode}):\n{await stdout}\n{await stderr}");
            }
        }
        finally
        {
            BuildLock.Release();
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
