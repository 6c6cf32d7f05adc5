using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Node.Simulated;

/// <summary>
/// A <see cref="SimulatedFleet"/> running in the background (in <c>bosun server --simulated-nodes</c> and in tests)
/// until <see cref="DisposeAsync"/> or the token given to <see cref="Start"/>; it owns the client it was given.
/// </summary>
public sealed partial class SimulatedFleetRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _run;
    private readonly Kubernetes _client;

    private SimulatedFleetRun(SimulatedFleet fleet, CancellationTokenSource stop, Task run, Kubernetes client) =>
        (Fleet, _stop, _run, _client) = (fleet, stop, run, client);

    public SimulatedFleet Fleet { get; }

    /// <summary>Completes once every node is registered (faults if registration failed).</summary>
    public Task Registered => Fleet.Registered;

    public static SimulatedFleetRun Start(Kubernetes client, SimulatedNodeOptions options, ILogger? logger = null, CancellationToken stopping = default)
    {
        var log = logger ?? NullLogger.Instance;
        var fleet = new SimulatedFleet(client, options, log);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var run = Task.Run(
            async () =>
            {
                try
                {
                    await fleet.RunAsync(stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopping.
                }
                catch (Exception e)
                {
                    LogStopped(log, e);
                }
            },
            CancellationToken.None);
        return new SimulatedFleetRun(fleet, stop, run, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _client.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "simulated nodes stopped")]
    private static partial void LogStopped(ILogger logger, Exception exception);
}
