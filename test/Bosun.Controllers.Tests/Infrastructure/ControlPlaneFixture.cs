using k8s;

namespace Bosun.Controllers.Tests.Infrastructure;

/// <summary>An in-process API server on an ephemeral port plus a controller manager against it, shared by one test class.</summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private readonly InProcessApiServer _server = new();
    private ControllerManager? _manager;

    /// <summary>How long the fixture's node lifecycle lets a node miss heartbeats.</summary>
    public static readonly TimeSpan NodeMonitorGracePeriod = TimeSpan.FromSeconds(2);

    public Kubernetes Client => _server.Client;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _manager = NewManager();
        _manager.Start();
    }

    /// <summary>The manager the fixture started.</summary>
    public ControllerManager Manager => _manager!;

    /// <summary>Another client of the same server (each manager owns its own).</summary>
    public Kubernetes NewClient() => _server.NewClient();

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
    public Task<string> CreateNamespaceAsync(string prefix) => _server.CreateNamespaceAsync(prefix);

    public async Task DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }

        await _server.DisposeAsync();
    }
}
