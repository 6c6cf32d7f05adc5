using Bosun.Node.Cri;
using Bosun.Node.Pods;
using Bosun.Node.Status;
using k8s.Models;

namespace Bosun.Node.Tests.Status;

public class PodStatusBuilderTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string restartPolicy = "Always", bool init = false, bool readinessProbe = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "u1" },
        Spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            InitContainers = init ? [new V1Container { Name = "setup", Image = "busybox" }] : null,
            Containers = [new V1Container { Name = "app", Image = "busybox", ReadinessProbe = readinessProbe ? new V1Probe { Exec = new V1ExecAction { Command = ["true"] } } : null }],
        },
        Status = new V1PodStatus { Phase = "Pending", Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Now.AddMinutes(-1) }] },
    };

    private static ObservedSandbox Sandbox => new("s1", 0, true, ["10.42.0.5"], Now.AddSeconds(-10));

    private static ObservedContainer Container(string name, int attempt, ContainerState state, int exitCode = 0, bool init = false, string reason = "") => new(
        $"{name}-{attempt}", name, attempt, init, state, Now.AddSeconds(-5), state == ContainerState.ContainerExited ? Now.AddSeconds(-1) : null,
        exitCode, reason, "", "busybox", "sha256:abc", Now.AddSeconds(-6), new Dictionary<string, string>(), "");

    [Fact]
    public void Build_RunningContainer_PodRunningAndReadyWithIp()
    {
        var observed = new ObservedPod([Sandbox], [Container("app", 0, ContainerState.ContainerRunning)]);

        var status = PodStatusBuilder.Build(Pod(), observed, new ContainerNotes(), "127.0.0.1", Now);

        Assert.Equal("Running", status.Phase);
        Assert.Equal("10.42.0.5", status.PodIP);
        var container = Assert.Single(status.ContainerStatuses);
        Assert.True(container.Ready);
        Assert.True(container.Started);
        Assert.Equal("containerd://app-0", container.ContainerID);
        Assert.NotNull(container.State.Running);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "PodScheduled").Status);
    }

    [Fact]
    public void Build_ReadinessProbeWithoutResult_NotReady()
    {
        var observed = new ObservedPod([Sandbox], [Container("app", 0, ContainerState.ContainerRunning)]);

        var status = PodStatusBuilder.Build(Pod(readinessProbe: true), observed, new ContainerNotes(), "127.0.0.1", Now);

        Assert.False(status.ContainerStatuses[0].Ready);
        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal("False", ready.Status);
        Assert.Equal("ContainersNotReady", ready.Reason);
        Assert.Equal("containers with unready status: [app]", ready.Message);
    }

    [Fact]
    public void Build_CrashLoop_WaitingWithLastStateAndRestartCount()
    {
        var notes = new ContainerNotes();
        notes.SetWaiting("app", "CrashLoopBackOff", "back-off 20s restarting failed container=app pod=web_default(u1)");
        var observed = new ObservedPod([Sandbox], [Container("app", 1, ContainerState.ContainerExited, 1), Container("app", 0, ContainerState.ContainerExited, 1)]);

        var status = PodStatusBuilder.Build(Pod(), observed, notes, "127.0.0.1", Now);

        var container = status.ContainerStatuses[0];
        Assert.Equal("CrashLoopBackOff", container.State.Waiting.Reason);
        Assert.Equal(1, container.LastState.Terminated.ExitCode);
        Assert.Equal("Error", container.LastState.Terminated.Reason);
        Assert.Equal(1, container.RestartCount);
        Assert.Equal("Running", status.Phase);
    }

    [Theory]
    [InlineData("Never", 0, "Succeeded")]
    [InlineData("Never", 2, "Failed")]
    [InlineData("OnFailure", 0, "Succeeded")]
    [InlineData("Always", 0, "Running")]
    public void Build_ExitedContainer_PhaseByRestartPolicy(string policy, int exitCode, string phase)
    {
        var observed = new ObservedPod([Sandbox], [Container("app", 0, ContainerState.ContainerExited, exitCode)]);

        var status = PodStatusBuilder.Build(Pod(policy), observed, new ContainerNotes(), "127.0.0.1", Now);

        Assert.Equal(phase, status.Phase);
    }

    [Fact]
    public void Build_OomKilled_ReasonFromRuntime()
    {
        var observed = new ObservedPod([Sandbox], [Container("app", 0, ContainerState.ContainerExited, 137, reason: "OOMKilled")]);

        var status = PodStatusBuilder.Build(Pod("Never"), observed, new ContainerNotes(), "127.0.0.1", Now);

        Assert.Equal("OOMKilled", status.ContainerStatuses[0].State.Terminated.Reason);
        Assert.Equal("Failed", status.Phase);
    }

    [Fact]
    public void Build_InitContainerRunning_PendingAndPodInitializing()
    {
        var observed = new ObservedPod([Sandbox], [Container("setup", 0, ContainerState.ContainerRunning, init: true)]);

        var status = PodStatusBuilder.Build(Pod(init: true), observed, new ContainerNotes(), "127.0.0.1", Now);

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("PodInitializing", status.ContainerStatuses[0].State.Waiting.Reason);
        var initialized = status.Conditions.Single(c => c.Type == "Initialized");
        Assert.Equal("False", initialized.Status);
        Assert.Equal("containers with incomplete status: [setup]", initialized.Message);
    }

    [Fact]
    public void Build_InitFailedWithNeverPolicy_Failed()
    {
        var observed = new ObservedPod([Sandbox], [Container("setup", 0, ContainerState.ContainerExited, 1, init: true)]);

        var status = PodStatusBuilder.Build(Pod("Never", init: true), observed, new ContainerNotes(), "127.0.0.1", Now);

        Assert.Equal("Failed", status.Phase);
    }

    [Fact]
    public void Build_UnchangedCondition_KeepsTransitionTime()
    {
        var observed = new ObservedPod([Sandbox], [Container("app", 0, ContainerState.ContainerRunning)]);
        var first = PodStatusBuilder.Build(Pod(), observed, new ContainerNotes(), "127.0.0.1", Now);
        var pod = Pod();
        pod.Status = first;

        var second = PodStatusBuilder.Build(pod, observed, new ContainerNotes(), "127.0.0.1", Now.AddMinutes(5));

        Assert.Equal(Now, second.Conditions.Single(c => c.Type == "Ready").LastTransitionTime);
    }

    [Fact]
    public void Build_FinishedPod_StaysFinished()
    {
        var pod = Pod("Never");
        pod.Status.Phase = "Succeeded";

        var status = PodStatusBuilder.Build(pod, ObservedPod.Empty, new ContainerNotes(), "127.0.0.1", Now);

        Assert.Equal("Succeeded", status.Phase);
    }
}
