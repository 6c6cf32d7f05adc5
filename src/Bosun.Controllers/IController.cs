namespace Bosun.Controllers;

/// <summary>One control loop. Built when its manager starts leading (registering its informer handlers), then run.</summary>
internal interface IController
{
    /// <summary>The name in logs (kube-controller-manager's, e.g. "namespace").</summary>
    string Name { get; }

    /// <summary>Waits for its informers, then reconciles until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
