using k8s;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Infrastructure;

/// <summary>An in-process API server on an ephemeral port plus a scheduler against it, shared by one test class.</summary>
public sealed class SchedulerFixture : IAsyncLifetime
{
    private readonly InProcessApiServer _server = new();
    private int _counter;

    public Kubernetes Client => _server.Client;

    /// <summary>The scheduler the fixture started.</summary>
    public SchedulerHost Scheduler { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Scheduler = new SchedulerHost(NewClient(), new SchedulerOptions
        {
            Identity = $"test_{Guid.NewGuid():N}",
            LeaderElection = o => o with
            {
                LeaseDuration = TimeSpan.FromSeconds(3),
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(250),
            },
        });
        Scheduler.Start();
    }

    public Kubernetes NewClient() => _server.NewClient();

    /// <summary>A unique name prefix, so that tests sharing the fixture's nodes and namespaces do not collide.</summary>
    public string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = Unique(prefix);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        if (Scheduler is not null)
        {
            await Scheduler.DisposeAsync();
        }

        await _server.DisposeAsync();
    }
}
