using System.Net;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Controllers.ServiceAccounts;

/// <summary>
/// Keeps a ServiceAccount named "default" in every active namespace (kube-controller-manager's serviceaccount
/// controller): a new namespace gets one, and a deleted one is created again.
/// </summary>
internal sealed class ServiceAccountController : IController
{
    /// <summary>The ServiceAccount every namespace has.</summary>
    public const string DefaultName = "default";

    private readonly ControllerContext _context;
    private readonly int _workers;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public ServiceAccountController(ControllerContext context, int workers)
    {
        _context = context;
        _workers = workers;
        _queue = new WorkQueue<string>(time: context.Time);
        _logger = context.Loggers.CreateLogger<ServiceAccountController>();
        context.Namespaces.AddHandler(new InformerHandler<V1Namespace>(
            OnAdd: ns => _queue.Add(ns.Metadata.Name),
            OnUpdate: (_, ns) => _queue.Add(ns.Metadata.Name)));
        context.ServiceAccounts.AddHandler(new InformerHandler<V1ServiceAccount>(
            OnDelete: sa =>
            {
                if (sa.Metadata.Name == DefaultName)
                {
                    _queue.Add(sa.Metadata.NamespaceProperty);
                }
            }));
    }

    public string Name => "serviceaccount";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_context.Namespaces.WaitForSyncAsync(cancellationToken), _context.ServiceAccounts.WaitForSyncAsync(cancellationToken));
        await WorkQueueRunner.RunAsync(_queue, _workers, SyncAsync, _logger, Name, cancellationToken);
    }

    private async Task SyncAsync(string ns, CancellationToken cancellationToken)
    {
        var namespaceObject = _context.Namespaces.Cache.Get(ns);
        if (namespaceObject is null || namespaceObject.Metadata.DeletionTimestamp is not null || namespaceObject.Status?.Phase == "Terminating")
        {
            return;
        }

        if (_context.ServiceAccounts.Cache.Get(ObjectKey.For(ns, DefaultName)) is not null)
        {
            return;
        }

        try
        {
            await _context.Client.CoreV1.CreateNamespacedServiceAccountAsync(
                new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = DefaultName, NamespaceProperty = ns } }, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // 409: the cache was behind, it exists. 403/404: the namespace is terminating or gone.
        }
    }
}
