using Bosun.Api.Printing.Workloads;

namespace Bosun.Api.Tests.Printing;

public class WorkloadTableConvertorTests
{
    private const string Template = """
        "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"sidecar","image":"busybox"}]}}
        """;

    private static object?[] Row(Bosun.Api.Printing.TableConvertor convertor, string json) =>
        Rows.Of(convertor, json.Replace("TEMPLATE", Template, StringComparison.Ordinal));

    [Fact]
    public void Deployment_ReadyOfDesired_AndWideColumns()
    {
        var row = Row(DeploymentTableConvertor.Instance, """
            {"metadata":{"name":"web","creationTimestamp":"CREATED"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},TEMPLATE},
             "status":{"replicas":3,"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """);

        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS*", "IMAGES*", "SELECTOR*"], Rows.Headers(DeploymentTableConvertor.Instance));
        Assert.Equal(["web", "2/3", 3L, 2L, "10m", "nginx,sidecar", "nginx:1.27,busybox", "app=web"], row);
    }

    [Fact]
    public void Deployment_NoStatus_ShowsZeroOfDefaultReplicas()
    {
        var row = Row(DeploymentTableConvertor.Instance, """{"metadata":{"name":"web"},"spec":{}}""");

        Assert.Equal(["web", "0/1", 0L, 0L, "<unknown>", "", "", "<none>"], row);
    }

    [Fact]
    public void ReplicaSet_DesiredCurrentReady()
    {
        var row = Row(ReplicaSetTableConvertor.Instance, """
            {"metadata":{"name":"web-5d4f","creationTimestamp":"CREATED"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d4f"}},TEMPLATE},
             "status":{"replicas":2,"readyReplicas":1}}
            """);

        Assert.Equal(["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS*", "IMAGES*", "SELECTOR*"], Rows.Headers(ReplicaSetTableConvertor.Instance));
        Assert.Equal(["web-5d4f", 2L, 2L, 1L, "10m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,pod-template-hash=5d4f"], row);
    }

    [Fact]
    public void ReplicationController_SelectorIsALabelMap()
    {
        var row = Row(ReplicationControllerTableConvertor.Instance, """
            {"metadata":{"name":"rc","creationTimestamp":"CREATED"},
             "spec":{"replicas":2,"selector":{"tier":"db","app":"web"},TEMPLATE},"status":{"replicas":2,"readyReplicas":2}}
            """);

        Assert.Equal(["rc", 2L, 2L, 2L, "10m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,tier=db"], row);
    }

    [Fact]
    public void StatefulSet_ReadyOfDesired()
    {
        var row = Row(StatefulSetTableConvertor.Instance, """
            {"metadata":{"name":"db","creationTimestamp":"CREATED"},"spec":{"replicas":3,TEMPLATE},"status":{"readyReplicas":1}}
            """);

        Assert.Equal(["NAME", "READY", "AGE", "CONTAINERS*", "IMAGES*"], Rows.Headers(StatefulSetTableConvertor.Instance));
        Assert.Equal(["db", "1/3", "10m", "nginx,sidecar", "nginx:1.27,busybox"], row);
    }

    [Fact]
    public void DaemonSet_CountsAndNodeSelector()
    {
        var row = Row(DaemonSetTableConvertor.Instance, """
            {"metadata":{"name":"agent","creationTimestamp":"CREATED"},
             "spec":{"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["b","a"]}]},
                     "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"agent","image":"agent:1"}]}}},
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
            """);

        Assert.Equal(
            ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE", "CONTAINERS*", "IMAGES*", "SELECTOR*"],
            Rows.Headers(DaemonSetTableConvertor.Instance));
        Assert.Equal(["agent", 3L, 3L, 2L, 3L, 2L, "kubernetes.io/os=linux", "10m", "agent", "agent:1", "app in (a,b)"], row);
    }

    [Theory]
    [InlineData("""[{"type":"Complete","status":"True"}]""", "", "Complete")]
    [InlineData("""[{"type":"Failed","status":"True"}]""", "", "Failed")]
    [InlineData("""[{"type":"Suspended","status":"True"}]""", "", "Suspended")]
    [InlineData("""[{"type":"FailureTarget","status":"True"}]""", "", "FailureTarget")]
    [InlineData("""[{"type":"SuccessCriteriaMet","status":"True"}]""", "", "SuccessCriteriaMet")]
    [InlineData("""[{"type":"Complete","status":"False"}]""", "", "Running")]
    [InlineData("[]", ""","deletionTimestamp":"2026-01-01T11:59:00Z" """, "Terminating")]
    public void Job_Status_FollowsConditions(string conditions, string extraMetadata, string expected)
    {
        var json = """{"metadata":{"name":"j"EXTRA},"spec":{},"status":{"conditions":CONDITIONS}}"""
            .Replace("EXTRA", extraMetadata, StringComparison.Ordinal)
            .Replace("CONDITIONS", conditions, StringComparison.Ordinal);

        Assert.Equal(expected, Row(JobTableConvertor.Instance, json)[1]);
    }

    [Fact]
    public void Job_CompletionsAndDuration()
    {
        var done = Row(JobTableConvertor.Instance, """
            {"metadata":{"name":"pi","creationTimestamp":"CREATED"},
             "spec":{"completions":3,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u1"}},TEMPLATE},
             "status":{"succeeded":3,"startTime":"2026-01-01T11:50:00Z","completionTime":"2026-01-01T11:50:42Z",
                       "conditions":[{"type":"Complete","status":"True"}]}}
            """);
        var running = Row(JobTableConvertor.Instance, """
            {"metadata":{"name":"p"},"spec":{"parallelism":4},"status":{"succeeded":1,"startTime":"2026-01-01T11:55:00Z"}}
            """);
        var notStarted = Row(JobTableConvertor.Instance, """{"metadata":{"name":"q"},"spec":{}}""");

        Assert.Equal(["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS*", "IMAGES*", "SELECTOR*"], Rows.Headers(JobTableConvertor.Instance));
        Assert.Equal(["pi", "Complete", "3/3", "42s", "10m", "nginx,sidecar", "nginx:1.27,busybox", "batch.kubernetes.io/controller-uid=u1"], done);
        Assert.Equal("1/1 of 4", running[2]);
        Assert.Equal("5m", running[3]);
        Assert.Equal("0/1", notStarted[2]);
        Assert.Equal("", notStarted[3]);
    }

    [Fact]
    public void CronJob_ScheduleSuspendActiveLastSchedule()
    {
        var row = Row(CronJobTableConvertor.Instance, """
            {"metadata":{"name":"backup","creationTimestamp":"CREATED"},
             "spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{TEMPLATE}}},
             "status":{"active":[{"name":"backup-1"}],"lastScheduleTime":"2026-01-01T11:58:00Z"}}
            """);
        var never = Row(CronJobTableConvertor.Instance, """{"metadata":{"name":"n"},"spec":{"schedule":"@daily","timeZone":"Etc/UTC","suspend":true}}""");

        Assert.Equal(
            ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE", "CONTAINERS*", "IMAGES*", "SELECTOR*"],
            Rows.Headers(CronJobTableConvertor.Instance));
        Assert.Equal(["backup", "*/5 * * * *", "<none>", "False", 1L, "2m", "10m", "nginx,sidecar", "nginx:1.27,busybox", "<none>"], row);
        Assert.Equal(["n", "@daily", "Etc/UTC", "True", 0L, "<none>", "<unknown>", "", "", "<none>"], never);
    }

    [Fact]
    public void PodTemplate_ContainersImagesAndLabels()
    {
        var row = Row(PodTemplateTableConvertor.Instance, """{"metadata":{"name":"t"},TEMPLATE}""");

        Assert.Equal(["NAME", "CONTAINERS", "IMAGES", "POD LABELS"], Rows.Headers(PodTemplateTableConvertor.Instance));
        Assert.Equal(["t", "nginx,sidecar", "nginx:1.27,busybox", "app=web"], row);
    }

    [Fact]
    public void ControllerRevision_ControllerIsLowerKindDotGroupSlashName()
    {
        var row = Row(ControllerRevisionTableConvertor.Instance, """
            {"metadata":{"name":"agent-7b9","creationTimestamp":"CREATED",
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"DaemonSet","name":"agent","uid":"u","controller":true}]},
             "revision":2}
            """);
        var orphan = Row(ControllerRevisionTableConvertor.Instance, """{"metadata":{"name":"x"},"revision":1}""");

        Assert.Equal(["NAME", "CONTROLLER", "REVISION", "AGE"], Rows.Headers(ControllerRevisionTableConvertor.Instance));
        Assert.Equal(["agent-7b9", "daemonset.apps/agent", 2L, "10m"], row);
        Assert.Equal("<none>", orphan[1]);
    }
}
