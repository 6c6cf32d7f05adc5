using Bosun.ApiServer;
using Bosun.ApiServer.Hosting;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests.Infrastructure;

/// <summary>An in-process API server on an ephemeral port plus a controller manager against it, shared by one test class.</summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "bosun-ctl-" + Guid.NewGuid().ToString("N"));
    private ApiServerHost? _host;
    private ControllerManager? _manager;
    private int _counter;

    /// <summary>How long the fixture's node lifecycle lets a node miss heartbeats.</summary>
    public static readonly TimeSpan NodeMonitorGracePeriod = TimeSpan.FromSeconds(2);

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = ApiServerHost.Create(new ApiServerOptions { DataDir = _dataDir, HttpsPort = 0, BookmarkInterval = TimeSpan.FromSeconds(1) }, _ => { });
        await _host.StartAsync();
        Client = NewClient();
        _manager = NewManager();
        _manager.Start();
    }

    /// <summary>The manager the fixture started.</summary>
    public ControllerManager Manager => _manager!;

    /// <summary>Another client of the same server (each manager owns its own).</summary>
    public Kubernetes NewClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(_host!.KubeconfigPath));

    /// <summary>
    /// A controller manager with short lease timings, so elections in tests take a second or two, and node
    /// lifecycle / pod GC periods of seconds instead of minutes.
    /// </summary>
    public ControllerManager NewManager(string? identity = null) => new(NewClient(), new ControllerManagerOptions
    {
        Identity = identity ?? $"test_{Guid.NewGuid():N}",
        NodeMonitorGracePeriod = NodeMonitorGracePeriod,
        NodeMonitorPeriod = TimeSpan.FromMilliseconds(250),
        NodeEvictionRate = 1000,
        PodGcPeriod = TimeSpan.FromMilliseconds(500),
        PodGcQuarantine = TimeSpan.FromSeconds(1),
        LeaderElection = o => o with
        {
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(250),
        },
    });

    /// <summary>Creates a fresh namespace.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }

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
