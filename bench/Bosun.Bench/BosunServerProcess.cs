using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Bosun.ApiServer.Certificates;

namespace Bosun.Bench;

/// <summary>The real bosun binary started as a child process on a loopback port, with an HTTP/2 client holding the admin credential.</summary>
internal sealed partial class BosunServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BosunServerProcess(Process process, string dataDir, int port, HttpClient client)
    {
        _process = process;
        DataDir = dataDir;
        Port = port;
        Client = client;
    }

    public string DataDir { get; }

    public int Port { get; }

    public HttpClient Client { get; }

    public int Pid => _process.Id;

    /// <summary>Starts <paramref name="binary"/> and waits until /readyz answers.</summary>
    public static async Task<BosunServerProcess> StartAsync(string binary, string dataDir, int port, params string[] extraArguments)
    {
        Directory.CreateDirectory(dataDir);
        var start = new ProcessStartInfo(binary, ["server", "--data-dir", dataDir, "--https-listen-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. (extraArguments.Contains("--with-agent") ? extraArguments.Where(a => a != "--with-agent") : ["--disable-agent", .. extraArguments])])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var kubeconfig = Path.Combine(dataDir, "kubeconfig.yaml");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!File.Exists(kubeconfig))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("bosun server did not start");
            await Task.Delay(100);
        }

        var client = CreateClient(dataDir, port);
        while ((await client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
            await Task.Delay(100);
        return new BosunServerProcess(process, dataDir, port, client);
    }

    /// <summary>Resident set size of the server process, in MiB.</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            var match = RssLine().Match(line);
            if (match.Success)
                return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM first (a graceful stop), then make sure.
            _ = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit(5000);
            if (!_process.WaitForExit(20_000))
                _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>An HTTP/2 client that presents the admin certificate and trusts only the cluster CA.</summary>
    public static HttpClient CreateClient(string dataDir, int port)
    {
        var tls = Path.Combine(dataDir, "tls");
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(tls, "ca.crt"));
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
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    [GeneratedRegex(@"^VmRSS:\s+(\d+) kB")]
    private static partial Regex RssLine();
}
