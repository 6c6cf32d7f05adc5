using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Node;

/// <summary>A node's heartbeat Lease in kube-node-lease, as the kubelet keeps it (shared by the real and simulated agents).</summary>
public static class NodeLeases
{
    public const string Namespace = "kube-node-lease";

    /// <summary>The Lease of a node, owned by its Node so it goes when the node is deleted.</summary>
    public static V1Lease Lease(string nodeName, string nodeUid, int durationSeconds, DateTime now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = nodeName,
            NamespaceProperty = Namespace,
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = nodeName, Uid = nodeUid }],
        },
        Spec = new V1LeaseSpec { HolderIdentity = nodeName, LeaseDurationSeconds = durationSeconds, RenewTime = now },
    };

    /// <summary>Creates the Lease unless it exists (a restarted agent keeps the one it had).</summary>
    public static async Task EnsureAsync(IKubernetes client, string nodeName, string nodeUid, int durationSeconds, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await client.CoordinationV1.CreateNamespacedLeaseAsync(Lease(nodeName, nodeUid, durationSeconds, now), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there; the next renewal refreshes it.
        }
    }

    /// <summary>Renews the Lease (renewTime = now), creating it when it is missing.</summary>
    public static async Task RenewAsync(IKubernetes client, string nodeName, string nodeUid, int durationSeconds, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var renewal = $$$"""{"spec":{"holderIdentity":"{{{nodeName}}}","leaseDurationSeconds":{{{durationSeconds}}},"renewTime":"{{{now:yyyy-MM-ddTHH:mm:ss.ffffff}}}Z"}}""";
        try
        {
            await client.CoordinationV1.PatchNamespacedLeaseAsync(new V1Patch(renewal, V1Patch.PatchType.MergePatch), nodeName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            await EnsureAsync(client, nodeName, nodeUid, durationSeconds, now, cancellationToken).ConfigureAwait(false);
        }
    }
}
