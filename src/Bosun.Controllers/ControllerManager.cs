using Bosun.Client.LeaderElection;
using Bosun.Controllers.Deployment;
using Bosun.Controllers.Disruption;
using Bosun.Controllers.GarbageCollector;
using Bosun.Controllers.Namespaces;
using Bosun.Controllers.NodeIpam;
using Bosun.Controllers.NodeLifecycle;
using Bosun.Controllers.PodGc;
using Bosun.Controllers.ReplicaSet;
using Bosun.Controllers.ServiceAccounts;
using Bosun.Controllers.TaintEviction;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Controllers;

/// <summary>
/// kube-controller-manager's role: runs the controllers against an API server while holding the Lease
/// kube-system/kube-controller-manager, so of several servers only one reconciles. A term ends when the lease
/// is lost (the controllers stop and the manager campaigns again) or on <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class ControllerManager : IAsyncDisposable
{
    private readonly Kubernetes _client;
    private readonly ControllerManagerOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LeaderElectedRunner _runner;

    public ControllerManager(Kubernetes client, ControllerManagerOptions? options = null, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? new ControllerManagerOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<ControllerManager>();
        _time = time ?? TimeProvider.System;
        var election = new LeaderElectionOptions("kube-system", "kube-controller-manager", _options.Identity);
        _runner = new LeaderElectedRunner(client, _options.LeaderElection?.Invoke(election) ?? election, LeadAsync, _loggers, _time);
    }

    /// <summary>The identity written in the lease.</summary>
    public string Identity => _options.Identity;

    /// <summary>True while this manager holds the lease and runs the controllers.</summary>
    public bool IsLeader => _runner.IsLeader;

    /// <summary>Starts campaigning in the background.</summary>
    public void Start() => _runner.Start();

    /// <summary>Stops the controllers and gives the lease up.</summary>
    public ValueTask DisposeAsync() => _runner.DisposeAsync();

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        var context = new ControllerContext(_client, _loggers, _time);
        IController[] controllers =
        [
            new NamespaceController(context, _options.Workers),
            new ServiceAccountController(context, _options.Workers),
            new GarbageCollectorController(context, _options.Workers),
            new ReplicaSetController<V1ReplicaSet>(context, new ReplicaSetKind(context), _options.Workers),
            new ReplicaSetController<V1ReplicationController>(context, new ReplicationControllerKind(context), _options.Workers),
            new DeploymentController(context, _options.Workers),
            new DisruptionController(context, _options.Workers),
            new NodeLifecycleController(context, _options),
            new NodeIpamController(context, _options),
            new TaintEvictionController(context, _options.Workers),
            new PodGcController(context, _options),
        ];
        var names = string.Join(", ", controllers.Select(c => c.Name));
        LogStarting(_logger, names);
        var informers = context.RunInformersAsync(cancellationToken);
        await Task.WhenAll([informers, .. controllers.Select(c => RunControllerAsync(c, cancellationToken))]);
    }

    private async Task RunControllerAsync(IController controller, CancellationToken cancellationToken)
    {
        try
        {
            await controller.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            // One broken controller must not take the others down.
            LogControllerFailed(_logger, controller.Name, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "starting controllers: {Controllers}")]
    private static partial void LogStarting(ILogger logger, string controllers);

    [LoggerMessage(Level = LogLevel.Error, Message = "controller {Controller} stopped with an error")]
    private static partial void LogControllerFailed(ILogger logger, string controller, Exception exception);
}
