using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary><c>kubectl attach -i</c> to a running container's standard input and output, over both exec protocols.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class AttachTests(AgentCluster cluster)
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task AttachStdin_RunningContainer_EchoesWhatIsTyped(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "ag-attach");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: echo
            spec:
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                stdin: true
                command: ["sh", "-c", "echo ready; while read line; do echo got-$line; done"]
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "echo");

        var attached = await kubectl.RunAsync(["attach", "-i", "echo", "-n", ns, "-c", "main"], stdin: "hello\n", timeout: TimeSpan.FromSeconds(30));
        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.Contains("got-hello", attached.Stdout, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await kubectl.SucceedAsync("logs", "echo", "-n", ns)).Contains("got-hello", StringComparison.Ordinal), "the attached input in the container's log");
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
