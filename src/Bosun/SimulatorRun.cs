using Bosun.Node.Simulated;

namespace Bosun;

/// <summary>An in-process <see cref="SimulatedFleet"/> running until the server begins to stop (or disposal).</summary>
internal sealed class SimulatorRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _run;
    private readonly k8s.Kubernetes _client;

    private SimulatorRun(CancellationTokenSource stop, Task run, k8s.Kubernetes client) => (_stop, _run, _client) = (stop, run, client);

    /// <summary>Starts <paramref name="fleet"/>; it stops when <paramref name="stopping"/> fires, while the API still answers.</summary>
    public static SimulatorRun Start(SimulatedFleet fleet, k8s.Kubernetes client, CancellationToken stopping)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var run = Task.Run(async () =>
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
                Console.Error.WriteLine($"bosun server: simulated nodes stopped: {e.Message}");
            }
        }, CancellationToken.None);
        return new SimulatorRun(stop, run, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _client.Dispose();
    }
}
