using Bosun.Node.Agent;
using Bosun.Node.Images;
using Bosun.Node.Server;
using Microsoft.Extensions.Logging;

namespace Bosun;

/// <summary>
/// Runs a node agent in the background of a command: starts it (containerd, node registration, pod network),
/// then runs its loops until stopped. The pause and busybox images are built from the machine's
/// busybox-static and catatonit and imported when missing, since nothing can be pulled from the internet.
/// </summary>
internal sealed partial class AgentRun : IAsyncDisposable
{
    private readonly NodeAgent _agent;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly ILogger _logger;
    private int _disposed;

    private AgentRun(NodeAgent agent, ILogger logger)
    {
        _agent = agent;
        _logger = logger;
        _run = Task.Run(RunAsync);
    }

    /// <summary>Completes when the agent has registered its node and has a pod network (or failed to).</summary>
    public Task Started => _started.Task;

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static AgentRun Start(NodeAgentOptions options, k8s.Kubernetes client, AgentCredentials credentials, ILoggerFactory loggers)
    {
        var agent = new NodeAgent(options, client, loggers)
        {
            Credentials = credentials,
            EnsureSandboxImage = async (_, socket, ct) => await TestImages.ImportMissingAsync(socket, ct).ConfigureAwait(false),
        };
        return new AgentRun(agent, loggers.CreateLogger("agent"));
    }

    private async Task RunAsync()
    {
        try
        {
            await _agent.StartAsync(TestImages.Pause, _stop.Token).ConfigureAwait(false);
            _started.TrySetResult();
            await _agent.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _started.TrySetCanceled();
        }
        catch (Exception e)
        {
            _started.TrySetException(e);
            LogFailed(_logger, e);
        }
    }

    /// <summary>Stops the agent's loops and its containerd; running containers keep running in their shims.</summary>
    public async ValueTask DisposeAsync()
    {
        // Called from the server's stopping hook and again at the end of its scope.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        await _agent.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "node agent failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
