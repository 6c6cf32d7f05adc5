using System.Diagnostics;
using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary>
/// <c>kubectl exec</c> with and without a terminal, over both protocols kubectl speaks (SPDY/3.1 for 1.27, WebSocket
/// v5.channel.k8s.io for 1.33): output streams, standard input, and the remote exit code as kubectl's own.
/// </summary>
[Collection(AgentTestGroup.Name)]
public sealed class ExecTests(AgentCluster cluster)
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Exec_Command_StreamsAndExitCode(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "ag-exec");
        await kubectl.SucceedAsync("run", "box", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "box");

        var streams = await kubectl.RunAsync(["exec", "box", "-n", ns, "--", "sh", "-c", "echo out; echo err >&2"]);
        Assert.True(streams.ExitCode == 0, streams.ToString());
        Assert.Equal("out\n", streams.Stdout);
        Assert.Contains("err", streams.Stderr, StringComparison.Ordinal);

        var failed = await kubectl.RunAsync(["exec", "box", "-n", ns, "--", "sh", "-c", "exit 3"]);
        Assert.True(failed.ExitCode == 3, $"kubectl exec of `exit 3` should exit 3: {failed}");

        var input = await kubectl.RunAsync(["exec", "-i", "box", "-n", ns, "--", "sh", "-c", "tr a-z A-Z"], stdin: "hello from stdin\n");
        Assert.True(input.ExitCode == 0, input.ToString());
        Assert.Equal("HELLO FROM STDIN\n", input.Stdout);

        var missing = await kubectl.RunAsync(["exec", "box", "-n", ns, "--", "/no/such/binary"]);
        Assert.True(missing.ExitCode != 0, $"exec of a missing binary should fail: {missing}");
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ExecIt_UnderPty_InteractiveShellAndExitCode(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "ag-exec-it");
        await kubectl.SucceedAsync("run", "box", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "box");

        // script gives kubectl a pseudo-terminal, as a user's shell would; what we type goes through it.
        var command = kubectl.ShellCommand("exec", "-it", "box", "-n", ns, "--", "sh");
        var (code, output) = await UnderPtyAsync(command, "tty\necho hi-$((6*7))\nexit 4\n");
        Assert.True(code == 4, $"exec -it of a shell that exits 4 should exit 4, got {code}\n{output}");
        Assert.Contains("hi-42", output, StringComparison.Ordinal);
        Assert.Contains("/dev/pts/", output, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    /// <summary>Runs <paramref name="command"/> under <c>script -qec</c> (a pty), typing <paramref name="input"/>.</summary>
    private static async Task<(int ExitCode, string Output)> UnderPtyAsync(string command, string input)
    {
        var start = new ProcessStartInfo(AgentRequirements.Script)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-qec", command, "/dev/null" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Typed slowly enough that the remote shell is there to read it (a terminal buffers it in any case).
        await Task.Delay(1000);
        foreach (var line in input.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await process.StandardInput.WriteAsync(line + "\n");
            await process.StandardInput.FlushAsync();
            await Task.Delay(300);
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"`script -qec {command}` did not finish within 30 s\n{await stdout}\n{await stderr}");
        }

        process.StandardInput.Close();
        return (process.ExitCode, await stdout + await stderr);
    }
}
