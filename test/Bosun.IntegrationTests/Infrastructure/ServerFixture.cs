using Bosun.ApiServer;
using Bosun.ApiServer.Hosting;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests.Infrastructure;

/// <summary>A real API server on an ephemeral port with its own data directory, shared by one test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "bosun-integ-" + Guid.NewGuid().ToString("N"));
    private ApiServerHost? _host;
    private int _namespaceCounter;

    public Kubernetes Client { get; private set; } = null!;

    public ApiServerHost Host => _host!;

    public async Task InitializeAsync()
    {
        _host = ApiServerHost.Create(
            new ApiServerOptions { DataDir = _dataDir, HttpsPort = 0, BookmarkInterval = TimeSpan.FromSeconds(1) },
            _ => { });
        await _host.StartAsync();
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_host.KubeconfigPath));
    }

    /// <summary>Creates a fresh namespace so tests in a class do not see each other's objects.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaceCounter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory does not fail the run.
        }
    }
}
