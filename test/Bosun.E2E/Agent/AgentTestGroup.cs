namespace Bosun.E2E.Agent;

/// <summary>
/// The agent tests share one server with a real agent and run one after another: the CNI bridge, the pod cgroup
/// root and the runtime's cgroup paths are machine-wide, so two agent servers at once would step on each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AgentTestGroup : ICollectionFixture<AgentCluster>
{
    public const string Name = "node agent";
}
