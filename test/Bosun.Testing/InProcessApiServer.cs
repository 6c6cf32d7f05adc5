using Bosun.ApiServer;
using Bosun.ApiServer.Hosting;
using k8s;
using k8s.Models;
using Xunit;

namespace Bosun.Testing;

/// <summary>
/// A real API server in this process (SQLite in a temp directory, an ephemeral HTTPS port) for tests that drive
/// components through the official client; one per test class as a fixture.
/// </summary>
public sealed class InProcessApiServer : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = new();
    private ApiServerHost? _host;
    private int _counter;

    /// <summary>A client of the server (the admin credential).</summary>
    public Kubernetes Client { get; private set; } = null!;

    /// <summary>The admin kubeconfig the server wrote.</summary>
    public string KubeconfigPath => _host!.KubeconfigPath;

    public async Task InitializeAsync()
    {
        _host = ApiServerHost.Create(new ApiServerOptions { DataDir = _dataDir.Path, HttpsPort = 0, BookmarkInterval = TimeSpan.FromSeconds(1) }, _ => { });
        await _host.StartAsync();
        Client = NewClient();
    }

    /// <summary>Another client of the same server (components each own theirs, as they would in production).</summary>
    public Kubernetes NewClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));

    /// <summary>Creates a namespace with a unique name starting with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _dataDir.Delete();
    }
}
