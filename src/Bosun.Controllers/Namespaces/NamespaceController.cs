using System.Net;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Controllers.Namespaces;

/// <summary>
/// Empties namespaces that are being deleted, as kube-controller-manager's namespace controller does: for a namespace
/// with a deletionTimestamp and the "kubernetes" finalizer, delete every namespaced object, report progress in the
/// namespace's status conditions, and once nothing is left remove the finalizer through namespaces/{name}/finalize,
/// which lets the server remove the namespace.
/// </summary>
internal sealed partial class NamespaceController : IController
{
    /// <summary>The finalizer this controller owns (spec.finalizers).</summary>
    public const string KubernetesFinalizer = "kubernetes";

    // Content that remains (finalizers, graceful pod deletion) is checked again after this long.
    private static readonly TimeSpan RemainingRecheck = TimeSpan.FromSeconds(1);

    private readonly ControllerContext _context;
    private readonly int _workers;
    private readonly WorkQueue<string> _queue;
    private readonly NamespacedContentDeleter _deleter;
    private readonly ILogger _logger;

    public NamespaceController(ControllerContext context, int workers)
    {
        _context = context;
        _workers = workers;
        _queue = new WorkQueue<string>(time: context.Time);
        _deleter = new NamespacedContentDeleter(context.Dynamic);
        _logger = context.Loggers.CreateLogger<NamespaceController>();
        context.Namespaces.AddHandler(new InformerHandler<V1Namespace>(
            OnAdd: Enqueue,
            OnUpdate: (_, ns) => Enqueue(ns)));
    }

    public string Name => "namespace";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _context.Namespaces.WaitForSyncAsync(cancellationToken);
        await WorkQueueRunner.RunAsync(_queue, _workers, SyncAsync, _logger, Name, cancellationToken);
    }

    private void Enqueue(V1Namespace ns)
    {
        if (ns.Metadata.DeletionTimestamp is not null)
        {
            _queue.Add(ns.Metadata.Name);
        }
    }

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        // A live read: the cache may be older than a finalize this controller just did.
        V1Namespace ns;
        try
        {
            ns = await _context.Client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        if (ns.Metadata.DeletionTimestamp is null || ns.Spec?.Finalizers?.Contains(KubernetesFinalizer) != true)
        {
            return;
        }

        var outcome = await _deleter.DeleteAllAsync(name, cancellationToken);
        ns = await UpdateConditionsAsync(ns, outcome, cancellationToken);
        if (!outcome.IsEmpty)
        {
            LogRemaining(_logger, name, outcome.RemainingCount);
            _queue.AddAfter(name, RemainingRecheck);
            return;
        }

        ns.Spec.Finalizers = [.. ns.Spec.Finalizers.Where(f => f != KubernetesFinalizer)];
        await _context.Client.CoreV1.ReplaceNamespaceFinalizeAsync(ns, name, cancellationToken: cancellationToken);
        LogFinalized(_logger, name);
    }

    private async Task<V1Namespace> UpdateConditionsAsync(V1Namespace ns, DeletionOutcome outcome, CancellationToken cancellationToken)
    {
        ns.Status ??= new V1NamespaceStatus();
        if (!NamespaceConditions.Apply(ns.Status, outcome, _context.Time.GetUtcNow().UtcDateTime))
        {
            return ns;
        }

        try
        {
            return await _context.Client.CoreV1.ReplaceNamespaceStatusAsync(ns, ns.Metadata.Name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            // Changed meanwhile: the next pass writes the conditions again.
            return await _context.Client.CoreV1.ReadNamespaceAsync(ns.Metadata.Name, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "namespace {Namespace}: {Count} objects remain")]
    private static partial void LogRemaining(ILogger logger, string @namespace, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "namespace {Namespace} is empty and finalized")]
    private static partial void LogFinalized(ILogger logger, string @namespace);
}
