using System.Diagnostics;
using System.Text;
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

        // Input stays open, as at a terminal: what is typed comes back while kubectl is still attached.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-c", "exec " + kubectl.ShellCommand("attach", "-i", "echo", "-n", ns, "-c", "main") },
        };
        using var attach = Process.Start(start)!;
        var output = new StringBuilder();
        attach.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        attach.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        attach.BeginOutputReadLine();
        attach.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    await attach.StandardInput.WriteAsync("hello\n");
                    await attach.StandardInput.FlushAsync();
                    await Task.Delay(500);
                    lock (output)
                    {
                        return output.ToString().Contains("got-hello", StringComparison.Ordinal);
                    }
                },
                $"kubectl {version} attach -i echoing typed input",
                TimeSpan.FromSeconds(20),
                () => Task.FromResult($"exited: {attach.HasExited}\n{output}"));
        }
        finally
        {
            if (!attach.HasExited)
            {
                attach.Kill(entireProcessTree: true);
            }

            await attach.WaitForExitAsync();
        }

        await Eventually.TrueAsync(async () => (await kubectl.SucceedAsync("logs", "echo", "-n", ns)).Contains("got-hello", StringComparison.Ordinal), "the attached input in the container's log");
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
