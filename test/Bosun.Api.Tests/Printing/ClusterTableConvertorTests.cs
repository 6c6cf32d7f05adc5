using Bosun.Api.Printing;
using Bosun.Api.Printing.Cluster;

namespace Bosun.Api.Tests.Printing;

public class ClusterTableConvertorTests
{
    [Fact]
    public void Node_ReadyWithRolesAndWideInfo()
    {
        var row = Rows.Of(NodeTableConvertor.Instance, """
            {"metadata":{"name":"node-1","creationTimestamp":"CREATED",
              "labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/worker":"","kubernetes.io/role":"edge","kubernetes.io/os":"linux"}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
               "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"node-1"}],
               "nodeInfo":{"kubeletVersion":"v1.33.1","osImage":"Ubuntu 24.04 LTS","kernelVersion":"6.8.0","containerRuntimeVersion":"containerd://2.0.0"}}}
            """);

        Assert.Equal(
            ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP*", "EXTERNAL-IP*", "OS-IMAGE*", "KERNEL-VERSION*", "CONTAINER-RUNTIME*"],
            Rows.Headers(NodeTableConvertor.Instance));
        Assert.Equal(
            ["node-1", "Ready,SchedulingDisabled", "control-plane,edge,worker", "10m", "v1.33.1", "192.168.1.10", "<none>", "Ubuntu 24.04 LTS", "6.8.0", "containerd://2.0.0"],
            row);
    }

    [Theory]
    [InlineData("""[{"type":"Ready","status":"False"}]""", "NotReady")]
    [InlineData("""[{"type":"Ready","status":"Unknown"}]""", "NotReady")]
    [InlineData("[]", "Unknown")]
    public void Node_Status_FromTheReadyCondition(string conditions, string expected)
    {
        var row = Rows.Of(NodeTableConvertor.Instance, """{"metadata":{"name":"n"},"status":{"conditions":CONDITIONS}}""".Replace("CONDITIONS", conditions, StringComparison.Ordinal));

        Assert.Equal(expected, row[1]);
        Assert.Equal("<none>", row[2]);
        Assert.Equal("<unknown>", row[7]);
    }

    [Fact]
    public void Namespace_Phase()
    {
        var row = Rows.Of(NamespaceTableConvertor.Instance, """{"metadata":{"name":"prod","creationTimestamp":"CREATED"},"status":{"phase":"Terminating"}}""");

        Assert.Equal(["NAME", "STATUS", "AGE"], Rows.Headers(NamespaceTableConvertor.Instance));
        Assert.Equal(["prod", "Terminating", "10m"], row);
    }

    [Fact]
    public void Lease_Holder()
    {
        var row = Rows.Of(LeaseTableConvertor.Instance, """{"metadata":{"name":"kube-scheduler","creationTimestamp":"CREATED"},"spec":{"holderIdentity":"bosun_1"}}""");

        Assert.Equal(["NAME", "HOLDER", "AGE"], Rows.Headers(LeaseTableConvertor.Instance));
        Assert.Equal(["kube-scheduler", "bosun_1", "10m"], row);
    }

    [Fact]
    public void PriorityClass_ValueDefaultAndPreemption()
    {
        var row = Rows.Of(PriorityClassTableConvertor.Instance, """{"metadata":{"name":"system-cluster-critical","creationTimestamp":"CREATED"},"value":2000000000}""");

        Assert.Equal(["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], Rows.Headers(PriorityClassTableConvertor.Instance));
        Assert.Equal(["system-cluster-critical", 2000000000L, false, "10m", "PreemptLowerPriority"], row);
    }

    [Fact]
    public void RuntimeClass_Handler()
    {
        var row = Rows.Of(RuntimeClassTableConvertor.Instance, """{"metadata":{"name":"gvisor"},"handler":"runsc"}""");

        Assert.Equal(["NAME", "HANDLER", "AGE"], Rows.Headers(RuntimeClassTableConvertor.Instance));
        Assert.Equal(["gvisor", "runsc", "<unknown>"], row);
    }

    [Fact]
    public void CreatedAt_PrintsRfc3339()
    {
        var row = Rows.Of(CreatedAtTableConvertor.Instance, """{"metadata":{"name":"admin","creationTimestamp":"CREATED"}}""");

        Assert.Equal(["NAME", "CREATED AT"], Rows.Headers(CreatedAtTableConvertor.Instance));
        Assert.Equal(["admin", "2026-01-01T11:50:00Z"], row);
    }
}
