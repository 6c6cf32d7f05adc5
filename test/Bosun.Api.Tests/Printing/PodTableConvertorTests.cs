using Bosun.Api.Printing.Workloads;

namespace Bosun.Api.Tests.Printing;

public class PodTableConvertorTests
{
    private static object?[] Row(string spec, string status, string extraMetadata = "") =>
        Rows.Of(PodTableConvertor.Instance, $$"""
            {"metadata":{"name":"web","creationTimestamp":"{{Rows.Created}}"{{extraMetadata}}},
             "spec":{{spec}},"status":{{status}}}
            """);

    private const string OneContainer = """{"containers":[{"name":"app","image":"nginx"}]}""";

    [Fact]
    public void Columns_MatchKubectl_WideColumnsAtPriorityOne()
    {
        Assert.Equal(
            ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP*", "NODE*", "NOMINATED NODE*", "READINESS GATES*"],
            Rows.Headers(PodTableConvertor.Instance));
    }

    [Fact]
    public void Cells_Pending_ShowsPhaseAndPlaceholders()
    {
        var row = Row(OneContainer, """{"phase":"Pending"}""");

        Assert.Equal(["web", "0/1", "Pending", "0", "10m", "<none>", "<none>", "<none>", "<none>"], row);
    }

    [Fact]
    public void Cells_ContainerCreating_ShowsWaitingReason()
    {
        var row = Row(OneContainer, """
            {"phase":"Pending","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}
            """);

        Assert.Equal("ContainerCreating", row[2]);
        Assert.Equal("0/1", row[1]);
    }

    [Fact]
    public void Cells_Running_ShowsReadyCountIpAndNode()
    {
        var spec = """{"nodeName":"node-1","containers":[{"name":"a"},{"name":"b"}]}""";
        var row = Row(spec, """
            {"phase":"Running","podIPs":[{"ip":"10.244.0.5"}],
             "containerStatuses":[
               {"name":"a","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2026-01-01T11:51:00Z"}}},
               {"name":"b","ready":false,"restartCount":0,"state":{"running":{"startedAt":"2026-01-01T11:51:00Z"}}}]}
            """);

        Assert.Equal(["web", "1/2", "Running", "0", "10m", "10.244.0.5", "node-1", "<none>", "<none>"], row);
    }

    [Fact]
    public void Cells_Completed_ShowsTerminatedReason()
    {
        var row = Row(OneContainer, """
            {"phase":"Succeeded","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """);

        Assert.Equal("Completed", row[2]);
    }

    [Fact]
    public void Cells_Error_ShowsTerminatedReason()
    {
        var row = Row(OneContainer, """
            {"phase":"Failed","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}
            """);

        Assert.Equal("Error", row[2]);
    }

    [Fact]
    public void Cells_TerminatedWithoutReason_ShowsExitCodeOrSignal()
    {
        var exit = Row(OneContainer, """{"phase":"Failed","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":137}}}]}""");
        var signal = Row(OneContainer, """{"phase":"Failed","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":0,"signal":9}}}]}""");

        Assert.Equal("ExitCode:137", exit[2]);
        Assert.Equal("Signal:9", signal[2]);
    }

    [Fact]
    public void Cells_CrashLoopBackOff_ShowsRestartsWithLastRestartAge()
    {
        var row = Row(OneContainer, """
            {"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":3,
              "state":{"waiting":{"reason":"CrashLoopBackOff"}},
              "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2026-01-01T11:55:00Z"}}}]}
            """);

        Assert.Equal("CrashLoopBackOff", row[2]);
        Assert.Equal("3 (5m ago)", row[3]);
    }

    [Theory]
    [InlineData("ImagePullBackOff")]
    [InlineData("ErrImagePull")]
    [InlineData("CreateContainerConfigError")]
    public void Cells_WaitingReasons_AreShownAsTheStatus(string reason)
    {
        var row = Row(OneContainer, """{"phase":"Pending","containerStatuses":[{"name":"app","state":{"waiting":{"reason":"REASON"}}}]}""".Replace("REASON", reason, StringComparison.Ordinal));

        Assert.Equal(reason, row[2]);
    }

    [Fact]
    public void Cells_Deleting_ShowsTerminating()
    {
        var row = Row(OneContainer, """
            {"phase":"Running","containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}
            """, ""","deletionTimestamp":"2026-01-01T11:59:00Z" """);

        Assert.Equal("Terminating", row[2]);
    }

    [Fact]
    public void Cells_DeletingOnLostNode_ShowsUnknown()
    {
        var row = Row(OneContainer, """{"phase":"Running","reason":"NodeLost"}""", ""","deletionTimestamp":"2026-01-01T11:59:00Z" """);

        Assert.Equal("Unknown", row[2]);
    }

    [Fact]
    public void Cells_DeletingFinishedPod_KeepsItsStatus()
    {
        var row = Row(OneContainer, """
            {"phase":"Succeeded","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """, ""","deletionTimestamp":"2026-01-01T11:59:00Z" """);

        Assert.Equal("Completed", row[2]);
    }

    [Fact]
    public void Cells_InitContainerRunning_ShowsInitProgress()
    {
        var spec = """{"initContainers":[{"name":"init-a"},{"name":"init-b"}],"containers":[{"name":"app"}]}""";
        var row = Row(spec, """
            {"phase":"Pending","initContainerStatuses":[
              {"name":"init-a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
              {"name":"init-b","state":{"running":{}}}],
             "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]}
            """);

        Assert.Equal("Init:1/2", row[2]);
        Assert.Equal("0/1", row[1]);
    }

    [Fact]
    public void Cells_InitContainerNotStarted_ShowsInitZeroOfOne()
    {
        var spec = """{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]}""";
        var row = Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"init","state":{"waiting":{"reason":"PodInitializing"}}}]}""");

        Assert.Equal("Init:0/1", row[2]);
    }

    [Fact]
    public void Cells_InitContainerFailing_ShowsInitReason()
    {
        var spec = """{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]}""";
        var crash = Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"init","restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}""");
        var error = Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}""");
        var exit = Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":2}}}]}""");

        Assert.Equal("Init:CrashLoopBackOff", crash[2]);
        Assert.Equal("2", crash[3]);
        Assert.Equal("Init:Error", error[2]);
        Assert.Equal("Init:ExitCode:2", exit[2]);
    }

    [Fact]
    public void Cells_SidecarStarted_CountsAsAReadyContainer()
    {
        var spec = """{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"app"}]}""";
        var row = Row(spec, """
            {"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
             "initContainerStatuses":[{"name":"proxy","started":true,"ready":true,"restartCount":1,"state":{"running":{}}}],
             "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}
            """);

        Assert.Equal("2/2", row[1]);
        Assert.Equal("Running", row[2]);
        Assert.Equal("1", row[3]);
    }

    [Fact]
    public void Cells_CompletedContainerBesideRunningOne_ShowsRunningOrNotReady()
    {
        const string spec = """{"containers":[{"name":"job"},{"name":"server"}]}""";
        const string statuses = """
            "containerStatuses":[
              {"name":"job","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
              {"name":"server","ready":true,"state":{"running":{}}}]
            """;
        var ready = Row(spec, $$"""{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],{{statuses}}}""");
        var notReady = Row(spec, $$"""{"phase":"Running",{{statuses}}}""");

        Assert.Equal("Running", ready[2]);
        Assert.Equal("NotReady", notReady[2]);
    }

    [Fact]
    public void Cells_SchedulingGated_ShowsSchedulingGated()
    {
        var row = Row(OneContainer, """{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}""");

        Assert.Equal("SchedulingGated", row[2]);
    }

    [Fact]
    public void Cells_StatusReason_OverridesPhase()
    {
        var row = Row(OneContainer, """{"phase":"Failed","reason":"Evicted"}""");

        Assert.Equal("Evicted", row[2]);
    }

    [Fact]
    public void Cells_ReadinessGatesAndNominatedNode_AreCounted()
    {
        var spec = """{"containers":[{"name":"app"}],"readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/dns"}]}""";
        var row = Row(spec, """
            {"phase":"Pending","nominatedNodeName":"node-2","conditions":[{"type":"example.com/lb","status":"True"},{"type":"example.com/dns","status":"False"}]}
            """);

        Assert.Equal("node-2", row[7]);
        Assert.Equal("1/2", row[8]);
    }
}
