namespace Bosun.ApiServer;

/// <summary>Start-up progress the readiness checks report.</summary>
public sealed class ServerState
{
    /// <summary>True once default, kube-system, kube-public and kube-node-lease exist.</summary>
    public bool NamespacesReady { get; set; }
}
