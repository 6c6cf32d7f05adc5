namespace Bosun.Scheduler.Framework;

/// <summary>A filter's rejection of one node: the plugin, the code and the reasons shown in the pod's message.</summary>
internal sealed record NodeStatus(string Plugin, StatusCode Code, string[] Reasons)
{
    public NodeStatus(string plugin, StatusCode code, string reason)
        : this(plugin, code, [reason])
    {
    }
}
